/**
 * What Enrich makes of a canonical report (docs/design.md §5, "Identifiers" and "District of a report"), and what
 * Classify reads. Identifiers are normalised strings; IP events carry everything a district needs to ask an
 * ISP for the subscriber (ip, port, time in UTC and IST, ISP, ASN).
 */
import type { IncidentType } from './incident-type.js';

export type IpClass = 'public' | 'private' | 'cgnat' | 'reserved' | 'invalid';

export interface IpEvent {
  ip: string;                 // canonical text form (IPv4-mapped IPv6 unwrapped to IPv4)
  version: 4 | 6 | null;      // null when the address does not parse
  ipClass: IpClass;
  eventName?: string;
  time?: string;              // as given
  timeUtc?: string;           // ISO, Z
  timeIst?: string;           // ISO, +05:30
  port?: number;
  possibleProxy?: boolean;
  isp?: string;
  asn?: number;
  needsPort: boolean;         // mobile-carrier IPv4 with no source port (carrier-grade NAT)
}

export type LocationSource = 'address' | 'cell' | 'estimated' | 'geo';

/** in-mp: a district was found; out-of-state / out-of-country: evidence places the suspect elsewhere. */
export type LocationStatus = 'in-mp' | 'out-of-state' | 'out-of-country' | 'none';

export interface ReportLocation {
  status: LocationStatus;
  district: string | null;
  source: LocationSource | null;
  /** Where out-of-jurisdiction evidence points (a state or country name), for forwarding. */
  elsewhere?: string;
  conflict: boolean;
}

export interface EnrichedFile {
  fileId?: string;
  industryClassification?: string;
  viewedByEsp: boolean;
  publiclyAvailable?: boolean;
  annotations: string[];
}

export interface Identifiers {
  emails: string[];       // trimmed, lower-cased
  phones: string[];       // E.164
  devices: string[];      // "type:value"
  espAccounts: string[];  // "company:espIdentifier" and "company:screenName"
}

export type ReportWarning = 'NEEDS_PORT' | 'LOCATION_CONFLICT' | 'IMPLAUSIBLE_DATE';

export interface EnrichedReport {
  reportId: string;
  receivedAt?: string;
  ncmecPriority?: string;
  referral?: boolean;
  incidentType: IncidentType;
  incidentDateTime: string;     // as given
  incidentDateTimeIst: string;  // +05:30
  escalated: boolean;
  reportAnnotations: string[];
  batchedReason?: string;
  reporterCompany?: string;
  platform?: string;
  files: EnrichedFile[];
  identifiers: Identifiers;
  ipEvents: IpEvent[];
  location: ReportLocation;
  warnings: ReportWarning[];
}
