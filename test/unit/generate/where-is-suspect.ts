/**
 * Test helper: a deliberately small reading of a generated report's location evidence in docs/design.md §5
 * order, so the generator's distribution can be checked without depending on the enrich step.
 * It only needs to understand the spellings the generator produces.
 */
import { readFileSync } from 'node:fs';

interface DistrictRow { name: string; aliases: string[]; hq: string; lat: number; lon: number }

const DISTRICTS: DistrictRow[] = JSON.parse(readFileSync(new URL('../../../data/mp-districts.json', import.meta.url), 'utf8'));
const TOWNS: Record<string, string> = { mhow: 'Indore', itarsi: 'Narmadapuram' };

const fold = (s: string): string => s.toLowerCase().replace(/,\s*mp\s*$/, '').replace(/[^a-z0-9]/g, '');

const BY_NAME = new Map<string, string>(Object.entries(TOWNS));
for (const d of DISTRICTS) for (const n of [d.name, d.hq, ...d.aliases]) BY_NAME.set(fold(n), d.name);

const isMpState = (s: unknown): boolean => typeof s === 'string' && ['madhyapradesh', 'mp'].includes(fold(s));
const isMpPin = (s: unknown): boolean => typeof s === 'string' && /^4[5-8]\d{4}$/.test(s.trim());

function nearest(lat: number, lon: number): string | undefined {
  let best: string | undefined;
  let bestKm = 50;
  for (const d of DISTRICTS) {
    const km = Math.hypot((lat - d.lat) * 111, (lon - d.lon) * 111 * Math.cos((lat * Math.PI) / 180));
    if (km < bestKm) [best, bestKm] = [d.name, km];
  }
  return best;
}

export type Whereabouts = { kind: 'mp'; district: string; source: string } | { kind: 'elsewhere' } | { kind: 'none' };

type Obj = Record<string, any>;

export function whereIsSuspect(report: Obj): Whereabouts {
  const user: Obj = report.report?.personOrUserReported?.[0] ?? {};
  let elsewhere = false;
  for (const a of user.personOrUserReportedPerson?.address ?? []) {
    const district = BY_NAME.get(fold(a.city ?? ''));
    if (district && (isMpState(a.nonUsaState) || isMpPin(a.zipCode))) return { kind: 'mp', district, source: 'address' };
    if (a.nonUsaState || (a.country && a.country !== 'IN')) elsewhere = true;
  }
  for (const d of report.report?.internetDetails ?? []) {
    const c = d.cellPhoneIncident;
    const district = c && nearest(c.latitude, c.longitude);
    if (district) return { kind: 'mp', district, source: 'cell' };
  }
  const est = user.estimatedLocation;
  if (est && est.countryCode === 'IN' && isMpState(est.region)) {
    const district = BY_NAME.get(fold(est.city ?? ''));
    if (district) return { kind: 'mp', district, source: 'estimated' };
  } else if (est) elsewhere = true;
  for (const g of report.ncmecGeolocation ?? []) {
    if (g.country === 'IN' && isMpState(g.region)) {
      const district = (g.city && BY_NAME.get(fold(g.city))) || (g.latitude !== undefined ? nearest(g.latitude, g.longitude) : undefined);
      if (district) return { kind: 'mp', district, source: 'geo' };
    } else if (g.region || (g.country && g.country !== 'IN')) elsewhere = true;
  }
  return elsewhere ? { kind: 'elsewhere' } : { kind: 'none' };
}
