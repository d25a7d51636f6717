/**
 * Evidence from NCMEC's geolocation of the suspect's IPs, latest event first (the freshest sighting is the
 * best guess of where the suspect is now). Rows whose IP is not among the events (NCMEC looked up an IP the
 * ESP reported elsewhere) follow, in the order given. Each row reads as regionalEvidence with coordinates.
 */
import type { CanonicalReport, NcmecGeolocation } from '../model/canonical-report.js';
import type { IpEvent } from '../model/enriched-report.js';
import { regionalEvidence, type Evidence } from './evidence.js';

function latestFirst(events: readonly IpEvent[]): IpEvent[] {
  const at = (e: IpEvent): number => (e.time ? Date.parse(e.time) : Number.NaN);
  // Stable sort; events without a readable time go last, in their given order.
  return events
    .map((e, i) => ({ e, i, t: at(e) }))
    .sort((x, y) => {
      const xn = Number.isNaN(x.t);
      const yn = Number.isNaN(y.t);
      if (xn || yn) return xn === yn ? x.i - y.i : xn ? 1 : -1;
      return y.t - x.t || x.i - y.i;
    })
    .map((x) => x.e);
}

export function geoEvidence(
  report: CanonicalReport,
  events: readonly IpEvent[],
  geoByIp: Map<string, NcmecGeolocation[]>,
): Evidence[] {
  const rows = report.ncmecGeolocation ?? [];
  if (rows.length === 0) return [];
  const ordered: NcmecGeolocation[] = [];
  const used = new Set<NcmecGeolocation>();
  for (const event of events.length > 1 ? latestFirst(events) : events) {
    for (const geo of geoByIp.get(event.ip) ?? []) {
      if (!used.has(geo)) {
        used.add(geo);
        ordered.push(geo);
      }
    }
  }
  for (const geo of rows) if (!used.has(geo)) ordered.push(geo);

  const found: Evidence[] = [];
  for (const g of ordered) {
    const e = regionalEvidence('geo', { country: g.country, region: g.region, city: g.city, latitude: g.latitude, longitude: g.longitude });
    if (e) found.push(e);
  }
  return found;
}
