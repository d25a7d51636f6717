/**
 * The suspect's IP capture events, each with what a district needs to ask the ISP for the subscriber:
 * canonical IP and its class, source port, the time as given and in UTC and IST, and the ISP and ASN from
 * NCMEC's geolocation of that IP. NEEDS_PORT marks a public IPv4 of a carrier-grade-NAT mobile carrier with
 * no source port: without it the carrier can at best return a list of candidate subscribers.
 */
import type { CanonicalReport, NcmecGeolocation } from '../model/canonical-report.js';
import type { IpEvent } from '../model/enriched-report.js';
import { parseIp } from './ip-address.js';
import { isCgnatCarrier } from './isp-directory.js';
import { utcAndIst } from './ist-time.js';

export function buildIpEvents(report: CanonicalReport, geoByIp: Map<string, NcmecGeolocation[]>): IpEvent[] {
  const events: IpEvent[] = [];
  for (const suspect of report.report.personOrUserReported ?? []) {
    for (const e of suspect.ipCaptureEvent ?? []) {
      const parsed = parseIp(e.ipAddress);
      // The first row that names an ISP or ASN: NCMEC may list one IP twice, once without the operator.
      const rows = geoByIp.get(parsed.ip);
      const geo = rows?.find((g) => g.isp !== undefined || g.asn !== undefined) ?? rows?.[0];
      const times = e.dateTime ? utcAndIst(e.dateTime) : undefined;
      events.push({
        ip: parsed.ip,
        version: parsed.version,
        ipClass: parsed.ipClass,
        eventName: e.eventName,
        time: e.dateTime,
        timeUtc: times?.utc,
        timeIst: times?.ist,
        port: e.port,
        possibleProxy: e.possibleProxy,
        isp: geo?.isp,
        asn: geo?.asn,
        needsPort:
          parsed.version === 4 && parsed.ipClass === 'public' && e.port === undefined && isCgnatCarrier(geo?.asn, geo?.isp),
      });
    }
  }
  return events;
}
