/**
 * The suspect's IP capture events, each with what a district needs to ask the ISP for the subscriber:
 * canonical IP and its class, source port, the time as given and in UTC and IST, and the ISP and ASN from
 * NCMEC's geolocation of that IP (matched on the canonical IP, so "::ffff:49.36.10.7" meets "49.36.10.7").
 * NEEDS_PORT marks a public IPv4 of a carrier-grade-NAT mobile carrier with no source port: without it the
 * carrier can at best return a list of candidate subscribers.
 */
import type { CanonicalReport, IpCaptureEvent, NcmecGeolocation } from '../model/canonical-report.js';
import type { IpEvent } from '../model/enriched-report.js';
import { parseIp, type ParsedIp } from './ip-address.js';
import { isCgnatCarrier } from './isp-directory.js';
import { parseZoned, utcAndIst } from './ist-time.js';

export interface GeolocatedRow {
  /** Canonical IP of the row ('' when the row has none). */
  ip: string;
  row: NcmecGeolocation;
}

export interface IpSightings {
  events: IpEvent[];
  /** Epoch ms of each event (NaN without a readable time), for ordering by recency. */
  times: number[];
  /** NCMEC geolocation rows in the order given, with canonical IPs. */
  geo: GeolocatedRow[];
}

export function buildIpEvents(report: CanonicalReport): IpSightings {
  const raw: { given: string; parsed: ParsedIp; e: IpCaptureEvent }[] = [];
  for (const suspect of report.report.personOrUserReported ?? []) {
    for (const e of suspect.ipCaptureEvent ?? []) raw.push({ given: e.ipAddress, parsed: parseIp(e.ipAddress), e });
  }
  const geo: GeolocatedRow[] = [];
  for (const row of report.ncmecGeolocation ?? []) {
    if (!row.ipAddress) {
      geo.push({ ip: '', row });
      continue;
    }
    // NCMEC usually writes the IP as the event did: reuse that parse.
    const same = raw.find((r) => r.given === row.ipAddress);
    geo.push({ ip: same ? same.parsed.ip : parseIp(row.ipAddress).ip, row });
  }

  const events: IpEvent[] = [];
  const times: number[] = [];
  for (const { parsed, e } of raw) {
    // The first row that names an ISP or ASN: NCMEC may list one IP twice, once without the operator.
    let g: NcmecGeolocation | undefined;
    for (const r of geo) {
      if (r.ip !== parsed.ip) continue;
      g ??= r.row;
      if (r.row.isp !== undefined || r.row.asn !== undefined) {
        g = r.row;
        break;
      }
    }
    const ms = e.dateTime ? parseZoned(e.dateTime) : Number.NaN;
    const when = e.dateTime ? utcAndIst(e.dateTime) : undefined;
    times.push(ms);
    events.push({
      ip: parsed.ip,
      version: parsed.version,
      ipClass: parsed.ipClass,
      eventName: e.eventName,
      time: e.dateTime,
      timeUtc: when?.utc,
      timeIst: when?.ist,
      port: e.port,
      possibleProxy: e.possibleProxy,
      isp: g?.isp,
      asn: g?.asn,
      needsPort: parsed.version === 4 && parsed.ipClass === 'public' && e.port === undefined && isCgnatCarrier(g?.asn, g?.isp),
    });
  }
  return { events, times, geo };
}
