/**
 * The Madhya Pradesh gazetteer: the 55 districts (data/mp-districts.json) with their aliases and HQ towns,
 * and the larger other towns of each district (data/mp-towns.json). Answers two questions:
 * which district a place name means, and which district HQ is nearest to a point.
 *
 * Matching is on folded keys (see place-key.ts). A name one edit away from a district name, alias or HQ of
 * six letters or more matches when that is true of one district only ("Jabalpr", "Hoshangbad"); towns match
 * exactly, because many small town names sit one letter away from places in other states
 * (Rajpur/Raipur). The caller must already know the place is in MP: a city name alone proves nothing.
 */
import * as z from 'zod';
import districtsJson from '../../data/mp-districts.json' with { type: 'json' };
import townsJson from '../../data/mp-towns.json' with { type: 'json' };
import { haversineKm } from './haversine.js';
import { withinOneEdit } from './one-edit.js';
import { foldKey, placeKey } from './place-key.js';

const districtSchema = z.object({
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)),
  hq: z.string().min(1),
  division: z.string().min(1),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  approx: z.literal(true).optional(),
  lgdCode: z.number().int().nullable(),
  formerlyPartOf: z.string().optional(),
});
const townSchema = z.object({ name: z.string().min(1), district: z.string().min(1), aliases: z.array(z.string().min(1)) });

export type District = z.infer<typeof districtSchema>;

export const DISTRICTS: readonly District[] = z.array(districtSchema).length(55).parse(districtsJson);
const TOWNS = z.array(townSchema).parse(townsJson);

/** Names of six letters or more tolerate one misspelt letter. */
export const FUZZY_MIN_LENGTH = 6;
/** Coordinates resolve to a district when its HQ is at most this far. */
export const HQ_RADIUS_KM = 50;

interface NameIndex {
  exact: Map<string, string>;
  fuzzy: { key: string; district: string }[];
}

/** Builds the key → district tables; a key claimed by two districts is a data error and fails at load. */
function buildIndex(): NameIndex {
  const exact = new Map<string, string>();
  const fuzzy: { key: string; district: string }[] = [];
  const add = (name: string, district: string, tolerant: boolean): void => {
    const { key } = placeKey(name);
    if (!key) throw new Error(`gazetteer: name "${name}" folds to nothing`);
    const owner = exact.get(key);
    if (owner && owner !== district) throw new Error(`gazetteer: "${name}" names both ${owner} and ${district}`);
    exact.set(key, district);
    if (tolerant && key.length >= FUZZY_MIN_LENGTH && !fuzzy.some((f) => f.key === key)) fuzzy.push({ key, district });
  };
  for (const d of DISTRICTS) {
    add(d.name, d.name, true);
    add(d.hq, d.name, true);
    for (const alias of d.aliases) add(alias, d.name, true);
  }
  const known = new Set(DISTRICTS.map((d) => d.name));
  for (const t of TOWNS) {
    if (!known.has(t.district)) throw new Error(`gazetteer: town "${t.name}" has unknown district "${t.district}"`);
    add(t.name, t.district, false);
    for (const alias of t.aliases) add(alias, t.district, false);
  }
  return { exact, fuzzy };
}

const INDEX = buildIndex();
// Names repeat heavily across a batch; a bounded memo keeps folding and fuzzy search off the hot path.
const MEMO = new Map<string, PlaceMatch>();
const MEMO_LIMIT = 50_000;

export interface PlaceMatch {
  district?: string;
  /** The text carried an MP suffix (", MP", "(M.P.)", "Madhya Pradesh"). */
  mentionsMp: boolean;
}

function districtForKey(key: string): string | undefined {
  const hit = INDEX.exact.get(key);
  if (hit !== undefined || key.length < FUZZY_MIN_LENGTH - 1) return hit;
  let found: string | undefined;
  for (const f of INDEX.fuzzy) {
    if (withinOneEdit(key, f.key)) {
      if (found !== undefined && found !== f.district) return undefined; // two districts: refuse to guess
      found = f.district;
    }
  }
  return found;
}

/** The district a place name (district, alias, HQ or town) means, and whether it said "MP". */
export function matchPlace(text: string): PlaceMatch {
  const memo = MEMO.get(text);
  if (memo) return memo;
  const { key, mentionsMp } = placeKey(text);
  const district = key ? districtForKey(key) : undefined;
  const match: PlaceMatch = district === undefined ? { mentionsMp } : { district, mentionsMp };
  if (MEMO.size >= MEMO_LIMIT) MEMO.clear();
  MEMO.set(text, match);
  return match;
}

/** Shorthand: the district a place name means, if any. */
export function districtOfPlace(text: string): string | undefined {
  return matchPlace(text).district;
}

/** The district whose HQ is nearest to the point, if within `maxKm` (default 50 km). */
export function nearestDistrictHq(lat: number, lon: number, maxKm = HQ_RADIUS_KM): { district: string; km: number } | undefined {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return undefined;
  let best: District | undefined;
  let bestKm = Infinity;
  for (const d of DISTRICTS) {
    // 1° of latitude is ~111 km: skip HQs that cannot be within range before the trigonometry.
    if (Math.abs(d.lat - lat) * 111 > maxKm) continue;
    const km = haversineKm(lat, lon, d.lat, d.lon);
    if (km < bestKm) {
      bestKm = km;
      best = d;
    }
  }
  return best && bestKm <= maxKm ? { district: best.name, km: bestKm } : undefined;
}

/** Every folded name the gazetteer knows, with its district (for tests and tooling). */
export function gazetteerKeys(): ReadonlyMap<string, string> {
  return INDEX.exact;
}

