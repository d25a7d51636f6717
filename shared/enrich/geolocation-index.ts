/** NCMEC geolocation rows of one report, by canonical IP, so events and lookups meet whatever the spelling. */
import type { CanonicalReport, NcmecGeolocation } from '../model/canonical-report.js';
import { parseIp } from './ip-address.js';

export function indexGeolocations(report: CanonicalReport): Map<string, NcmecGeolocation[]> {
  const byIp = new Map<string, NcmecGeolocation[]>();
  for (const geo of report.ncmecGeolocation ?? []) {
    if (!geo.ipAddress) continue;
    const { ip } = parseIp(geo.ipAddress);
    const rows = byIp.get(ip);
    if (rows) rows.push(geo);
    else byIp.set(ip, [geo]);
  }
  return byIp;
}
