/**
 * What a district sends an ISP to identify a subscriber (REFERENCE §3.8): for each public IP event, the
 * operator (ISP, ASN), the IP, the source port and the exact time in UTC and IST. Private, CGNAT-internal
 * and reserved addresses identify no one outside their own network and are left out.
 */
import type { EnrichedReport } from '../model/enriched-report.js';

export interface SubscriberRequest {
  isp?: string;
  asn?: number;
  ip: string;
  port?: number;
  eventName?: string;
  timeUtc?: string;
  timeIst?: string;
  /** The carrier uses carrier-grade NAT and no port was given: expect a list of candidates, not one subscriber. */
  needsPort: boolean;
}

export function subscriberRequests(report: EnrichedReport): SubscriberRequest[] {
  return report.ipEvents
    .filter((e) => e.ipClass === 'public')
    .map((e) => ({
      isp: e.isp,
      asn: e.asn,
      ip: e.ip,
      port: e.port,
      eventName: e.eventName,
      timeUtc: e.timeUtc,
      timeIst: e.timeIst,
      needsPort: e.needsPort,
    }));
}
