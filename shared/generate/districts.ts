/**
 * The 55 MP districts as the generator needs them: names, aliases, HQ point, and how often each one
 * appears. Read from data/mp-districts.json (the list lives in data, not code: districts get created).
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';

const districtSchema = z.object({
  name: z.string().min(1),
  aliases: z.array(z.string()),
  hq: z.string().min(1),
  lat: z.number(),
  lon: z.number(),
});

export interface District {
  name: string;
  aliases: string[];
  hq: string;
  lat: number;
  lon: number;
  /** Relative share of reports (the seed's shape). */
  weight: number;
  /** A PIN code inside the district, for addresses. */
  pin: string;
}

/**
 * The seed article's shape: Indore leads (2,000+ actionable), then Bhopal (1,000+), then Gwalior,
 * Jabalpur, Dhar, Khargone and other cities (500–600 together); every other district gets a trickle.
 */
const SEED_SHAPE: Record<string, number> = {
  Indore: 100,
  Bhopal: 50,
  Gwalior: 8,
  Jabalpur: 8,
  Dhar: 5,
  Khargone: 5,
  Ujjain: 5,
  Sagar: 3,
  Rewa: 3,
  Satna: 3,
  Ratlam: 3,
  Dewas: 3,
  Chhindwara: 2,
  Khandwa: 2,
  Burhanpur: 2,
  Narmadapuram: 2,
  Vidisha: 2,
};
const DEFAULT_WEIGHT = 1;

/** Head-office PINs of the larger towns; others get a synthetic PIN in MP's 45xxxx–48xxxx range. */
const KNOWN_PINS: Record<string, string> = {
  Indore: '452001',
  Bhopal: '462001',
  Gwalior: '474001',
  Jabalpur: '482001',
  Ujjain: '456001',
  Sagar: '470001',
  Rewa: '486001',
  Satna: '485001',
  Ratlam: '457001',
  Dewas: '455001',
  Dhar: '454001',
  Khargone: '451001',
};

/** Towns that are not district names but that the gazetteer knows (docs/design.md §5). */
export const WELL_KNOWN_TOWNS: readonly { town: string; district: string; lat: number; lon: number }[] = [
  { town: 'Mhow', district: 'Indore', lat: 22.5524, lon: 75.7564 },
  { town: 'Itarsi', district: 'Narmadapuram', lat: 22.6141, lon: 77.7625 },
];

function load(): District[] {
  const url = new URL('../../data/mp-districts.json', import.meta.url);
  const raw = z.array(districtSchema).parse(JSON.parse(readFileSync(url, 'utf8')));
  return raw.map((d, index) => ({
    ...d,
    weight: SEED_SHAPE[d.name] ?? DEFAULT_WEIGHT,
    pin: KNOWN_PINS[d.name] ?? String(450001 + ((index * 7919) % 39) * 1000),
  }));
}

export const DISTRICTS: readonly District[] = load();

const R_KM = 6371;
const { sin, cos, asin, sqrt, PI } = Math; // hot path: see prng.ts on global lookups
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = sin(dLat / 2) ** 2 + cos(lat1 * rad) * cos(lat2 * rad) * sin(dLon / 2) ** 2;
  return 2 * R_KM * asin(sqrt(a));
}

/** The district whose HQ is nearest to a point (what the triage rules do with coordinates). */
export function nearestDistrict(lat: number, lon: number): District {
  let best = DISTRICTS[0] as District;
  let bestKm = Infinity;
  for (const d of DISTRICTS) {
    const km = distanceKm(lat, lon, d.lat, d.lon);
    if (km < bestKm) {
      bestKm = km;
      best = d;
    }
  }
  return best;
}
