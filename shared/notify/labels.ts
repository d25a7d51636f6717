/**
 * Words a district officer reads: short incident-type labels, what placed a case in the district, warning
 * notes in plain words, and dates in IST (UTC+05:30 all year, no daylight saving) or UTC.
 */
import type { ReasonCode } from '../model/case.js';
import type { LocationSource } from '../model/enriched-report.js';
import type { IncidentType } from '../model/incident-type.js';

const INCIDENT_LABELS: Record<IncidentType, string> = {
  'Child Pornography (possession, manufacture, and distribution)': 'CSAM (possession/distribution)',
  'Child Sex Trafficking': 'Child sex trafficking',
  'Child Sex Tourism': 'Child sex tourism',
  'Child Sexual Molestation': 'Child sexual molestation',
  'Misleading Domain Name': 'Misleading domain name',
  'Misleading Words or Digital Images on the Internet': 'Misleading words/images',
  'Online Enticement of Children for Sexual Acts': 'Online enticement',
  'Unsolicited Obscene Material Sent to a Child': 'Obscene material sent to a child',
};

export function incidentTypeLabel(type: IncidentType): string {
  return INCIDENT_LABELS[type] ?? type;
}

const LOCATION_LABELS: Record<LocationSource, string> = {
  address: 'address',
  cell: 'cell-phone location',
  estimated: 'ESP estimated location',
  geo: 'IP geolocation',
};

export function locationSourceLabel(source: LocationSource | null | undefined): string {
  return source ? LOCATION_LABELS[source] : 'no location evidence';
}

const REASON_LABELS: Record<ReasonCode, string> = {
  DUPLICATE_REPORT: 'already assigned in an earlier batch',
  OUT_OF_JURISDICTION: 'outside Madhya Pradesh',
  NO_LOCATION: 'no usable location',
  NO_IDENTIFIERS: 'no investigative identifier',
  UNCONFIRMED_CONTENT: 'content not viewed by the ESP',
  VIRAL_BATCH: 'viral/meme batch report',
  NEEDS_PORT: 'source port missing on a mobile IP: subscriber may not be identifiable',
  LOCATION_CONFLICT: 'location evidence disagrees',
  LINKED_TO_EXISTING_CASE: 'linked to a case from an earlier batch',
  SHARED_IDENTIFIER: 'an identifier seen in many districts was not used to link reports',
  IMPLAUSIBLE_DATE: 'an incident or IP time is more than a day after NCMEC received the report',
};

export function reasonLabel(code: ReasonCode): string {
  return REASON_LABELS[code] ?? code;
}

const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

function parse(iso: string | undefined): Date | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function parts(date: Date): { day: string; minute: string; second: string } {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const minute = `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  return { day, minute, second: `${minute}:${pad(date.getUTCSeconds())}` };
}

/** "2026-09-30 18:22 IST"; undefined when the value is not a date. */
export function formatIst(iso: string | undefined): string | undefined {
  const date = parse(iso);
  return date && `${parts(new Date(date.getTime() + IST_OFFSET_MS)).minute} IST`;
}

/** "2026-09-30 18:22:11 IST", to the second, as an ISP needs it. */
export function formatIstSeconds(iso: string | undefined): string | undefined {
  const date = parse(iso);
  return date && `${parts(new Date(date.getTime() + IST_OFFSET_MS)).second} IST`;
}

/** "2026-09-30 12:52:11 UTC". */
export function formatUtcSeconds(iso: string | undefined): string | undefined {
  const date = parse(iso);
  return date && `${parts(date).second} UTC`;
}

/** ISO UTC with Z, to the second: "2026-09-30T12:52:11Z". */
export function toUtcIso(iso: string | undefined): string | undefined {
  const date = parse(iso);
  return date && `${date.toISOString().slice(0, 19)}Z`;
}

/** ISO with the IST offset, to the second: "2026-09-30T18:22:11+05:30". */
export function toIstIso(iso: string | undefined): string | undefined {
  const date = parse(iso);
  if (!date) return undefined;
  return `${new Date(date.getTime() + IST_OFFSET_MS).toISOString().slice(0, 19)}+05:30`;
}

/** "1 case" / "3 cases". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
