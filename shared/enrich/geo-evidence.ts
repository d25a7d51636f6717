/**
 * Evidence from NCMEC's geolocation of the suspect's IPs, latest event first (the freshest sighting is the
 * best guess of where the suspect is now; events without a readable time come last, in the order given).
 * Rows whose IP is not among the events (NCMEC looked up an IP the ESP reported elsewhere) follow, in the
 * order given. Each row reads as regionalEvidence with coordinates.
 */
import type { NcmecGeolocation } from '../model/canonical-report.js';
import { regionalEvidence, type Evidence } from './evidence.js';
import type { IpSightings } from './ip-events.js';

/** Event indexes, latest first; stable; NaN times last. Insertion sort: a report has a handful of events. */
function latestFirst(times: readonly number[]): number[] {
  const order: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    let at = order.length;
    if (!Number.isNaN(t)) {
      while (at > 0) {
        const prev = times[order[at - 1]!]!;
        if (Number.isNaN(prev) || prev < t) at--;
        else break;
      }
    }
    order.splice(at, 0, i);
  }
  return order;
}

export function geoEvidence({ events, times, geo }: IpSightings): Evidence[] {
  if (geo.length === 0) return [];
  const ordered: NcmecGeolocation[] = [];
  const used = new Array<boolean>(geo.length).fill(false);
  for (const i of latestFirst(times)) {
    const ip = events[i]!.ip;
    for (let k = 0; k < geo.length; k++) {
      if (!used[k] && geo[k]!.ip === ip) {
        used[k] = true;
        ordered.push(geo[k]!.row);
      }
    }
  }
  for (let k = 0; k < geo.length; k++) if (!used[k]) ordered.push(geo[k]!.row);

  const found: Evidence[] = [];
  for (const g of ordered) {
    const e = regionalEvidence('geo', { country: g.country, region: g.region, city: g.city, latitude: g.latitude, longitude: g.longitude });
    if (e) found.push(e);
  }
  return found;
}
