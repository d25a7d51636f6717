/**
 * The location evidence one report carries for its suspect, in the four sources the triage rules read
 * (docs/design.md §5): suspect address, cellPhoneIncident coordinates, ESP estimatedLocation, NCMEC geolocation.
 * Names come as real data does: varied case and spacing, aliases, old names, towns instead of districts,
 * "MP" / "M.P." / "Madhya Pradesh", PIN codes. Lower-ranked sources sometimes disagree with the deciding
 * one (mobile IPs geolocate to the operator's gateway city), which is what LOCATION_CONFLICT is for.
 */
import { DISTRICTS, WELL_KNOWN_TOWNS, distanceKm, nearestDistrict, type District } from './districts.js';
import { MP_STATE_SPELLINGS, type Place } from './places-outside-mp.js';
import { WeightedTable, type Rng } from './prng.js';
import type { Whereabouts } from './suspect.js';

export type EvidenceSource = 'address' | 'cell' | 'estimated' | 'geo';

export interface LocationEvidence {
  /** The source that should decide the district (undefined: no usable evidence). */
  source?: EvidenceSource;
  address?: Record<string, unknown>;
  cell?: { latitude: number; longitude: number };
  estimated?: Record<string, unknown>;
  /** Builds the NCMEC geolocation fields for one public IP (without ipAddress/isp/asn). */
  geo?: (rng: Rng) => Record<string, unknown>;
}

const { round } = Math; // hot path: see prng.ts on global lookups
const round4 = (x: number): number => round(x * 1e4) / 1e4;

/** Upper, lower or padded: what typed-in and exported names look like. */
function varyCase(rng: Rng, name: string): string {
  const r = rng.next() * 95;
  if (r < 60) return name;
  if (r < 75) return name.toUpperCase();
  if (r < 83) return name.toLowerCase();
  if (r < 90) return ` ${name.toLowerCase()} `;
  return `${name}  `;
}

/** An MP name, sometimes with the ", MP" suffix the gazetteer must ignore. */
function vary(rng: Rng, name: string): string {
  return rng.chance(0.05) ? `${name}, MP` : varyCase(rng, name);
}

/** Names the gazetteer resolves to each district: the name, its HQ, an alias, or a known town. */
const NAMES = new Map(
  DISTRICTS.map((d) => {
    const options: [string, number][] = [[d.name, 70]];
    if (d.hq !== d.name) options.push([d.hq, 10]);
    for (const alias of d.aliases) options.push([alias, 12 / d.aliases.length]);
    for (const t of WELL_KNOWN_TOWNS) if (t.district === d.name) options.push([t.town, 10]);
    return [d.name, new WeightedTable(options)] as const;
  }),
);

function placeName(rng: Rng, d: District): string {
  return vary(rng, (NAMES.get(d.name) as WeightedTable<string>).pick(rng));
}

const mpState = (rng: Rng): string => rng.weighted(MP_STATE_SPELLINGS);

/** Half the distance to the nearest other HQ: any point closer than this is nearest to its own HQ. */
const SAFE_RADIUS_KM = new Map(
  DISTRICTS.map((d) => [
    d.name,
    Math.min(...DISTRICTS.filter((o) => o !== d).map((o) => distanceKm(d.lat, d.lon, o.lat, o.lon))) / 2,
  ]),
);

/** A point near the HQ that still has this district's HQ as its nearest (as the rules will compute). */
function pointNear(rng: Rng, d: District): { latitude: number; longitude: number } {
  for (let spread = 0.12; spread > 0.01; spread /= 2) {
    const latitude = round4(d.lat + rng.jitter(spread));
    const longitude = round4(d.lon + rng.jitter(spread));
    if (distanceKm(latitude, longitude, d.lat, d.lon) < (SAFE_RADIUS_KM.get(d.name) ?? 0)) return { latitude, longitude };
    if (nearestDistrict(latitude, longitude).name === d.name) return { latitude, longitude };
  }
  return { latitude: d.lat, longitude: d.lon };
}

const STREETS = ['Ward 12, Near Bus Stand', 'H.No. 45, Gandhi Nagar', 'Flat 3B, Shanti Apartments', 'Main Road, Sector C', 'Behind Govt. School'];

function mpAddress(rng: Rng, d: District): Record<string, unknown> {
  const withState = rng.chance(0.8);
  return {
    ...(rng.chance(0.3) ? { address: rng.pick(STREETS) } : {}),
    city: placeName(rng, d),
    // Without a state the PIN is what proves Madhya Pradesh (45xxxx–48xxxx).
    ...(!withState || rng.chance(0.5) ? { zipCode: d.pin } : {}),
    ...(withState ? { nonUsaState: mpState(rng) } : {}),
    ...(rng.chance(0.8) ? { country: 'IN' } : {}),
  };
}

function mpGeo(d: District, mode: 'city' | 'point' | 'both' | 'region'): (rng: Rng) => Record<string, unknown> {
  return (rng) => ({
    country: 'IN',
    region: 'Madhya Pradesh',
    ...(mode === 'city' || mode === 'both' ? { city: placeName(rng, d) } : {}),
    ...(mode === 'point' || mode === 'both' ? pointNear(rng, d) : {}),
  });
}

const GATEWAYS = DISTRICTS.filter((d) => d.name === 'Bhopal' || d.name === 'Indore');

function inMp(rng: Rng, d: District): LocationEvidence {
  const source = rng.weighted<EvidenceSource>([['address', 25], ['cell', 12], ['estimated', 25], ['geo', 38]]);
  const evidence: LocationEvidence = { source };
  if (source === 'address') evidence.address = mpAddress(rng, d);
  if (source === 'cell') evidence.cell = pointNear(rng, d);
  if (source === 'estimated') {
    evidence.estimated = { city: placeName(rng, d), region: mpState(rng), countryCode: 'IN' };
  }
  if (source === 'geo') {
    evidence.geo = mpGeo(d, rng.weighted<'city' | 'point' | 'both'>([['city', 45], ['point', 25], ['both', 30]]));
  } else {
    // NCMEC still geolocates the IPs: mostly state-level only, sometimes a city, sometimes the gateway.
    const secondary = rng.weighted<'region' | 'same' | 'gateway' | 'none'>([['region', 45], ['same', 30], ['gateway', 12], ['none', 13]]);
    if (secondary === 'region') evidence.geo = mpGeo(d, 'region');
    if (secondary === 'same') evidence.geo = mpGeo(d, 'city');
    if (secondary === 'gateway') evidence.geo = mpGeo(rng.pick(GATEWAYS), 'both');
  }
  return evidence;
}

function elsewhere(rng: Rng, place: Place): LocationEvidence {
  const source = rng.weighted<EvidenceSource>([['address', 30], ['estimated', 25], ['geo', 45]]);
  const geo = (): Record<string, unknown> => ({
    country: place.country,
    region: place.region,
    city: place.city,
    latitude: place.lat,
    longitude: place.lon,
  });
  if (source === 'address') {
    return {
      source,
      address: {
        city: varyCase(rng, place.city),
        ...(place.pin && rng.chance(0.5) ? { zipCode: place.pin } : {}),
        ...(place.country === 'IN' ? { nonUsaState: place.region } : {}),
        country: place.country,
      },
      ...(rng.chance(0.5) ? { geo } : {}),
    };
  }
  if (source === 'estimated') {
    return { source, estimated: { city: place.city, region: place.region, countryCode: place.country } };
  }
  return { source, geo };
}

/** No usable evidence: at most a country-level lookup, which places nobody in a district. */
function nowhere(rng: Rng): LocationEvidence {
  return rng.chance(0.5) ? { geo: () => ({ country: 'IN' }) } : {};
}

export function locationEvidence(rng: Rng, where: Whereabouts): LocationEvidence {
  switch (where.kind) {
    case 'mp':
      return inMp(rng, where.district);
    case 'other-state':
    case 'abroad':
      return elsewhere(rng, where.place);
    case 'unlocated':
      return nowhere(rng);
  }
}
