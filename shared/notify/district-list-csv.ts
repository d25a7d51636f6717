/**
 * The files behind a district digest's presigned links: the district's full list (one row per report of its
 * actionable cases, with every identifier) and per-ISP request sheets (one row per public IP event: what an
 * ISP needs to find the subscriber behind carrier-grade NAT — IP, source port, exact time in UTC and IST).
 * These carry the identifiers the email body deliberately leaves out.
 */
import type { CaseWithReports, ReasonCode } from '../model/case.js';
import type { EnrichedReport, IpEvent } from '../model/enriched-report.js';
import { toCsv } from './csv-cell.js';
import { sortCases } from './case-order.js';
import { incidentTypeLabel, locationSourceLabel, reasonLabel, toIstIso, toUtcIso } from './labels.js';

export const PORT_MISSING = 'MISSING — CGNAT, subscriber may not be identifiable';
export const UNKNOWN_ISP = 'Unknown ISP';

const LIST_HEADER = [
  'Case ID', 'Priority', 'Report ID', 'Incident Type', 'Incident Time UTC', 'Incident Time IST', 'Reporting ESP',
  'Emails', 'Phones', 'ESP Accounts', 'Device IDs', 'Public IPs', 'ISP', 'Location Source', 'Reasons',
] as const;

const SHEET_HEADER = [
  'IP', 'Port', 'Time UTC', 'Time IST', 'Event', 'ASN', 'ISP', 'Report ID', 'Case ID',
] as const;

const join = (values: readonly string[]): string => values.join('; ');
const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
const publicEvents = (report: EnrichedReport): IpEvent[] => report.ipEvents.filter((e) => e.ipClass === 'public');

function portCell(event: IpEvent): string {
  if (event.port !== undefined) return String(event.port);
  return event.version === 6 ? 'not given (IPv6)' : PORT_MISSING;
}

function ipSummary(event: IpEvent): string {
  const port = event.port !== undefined ? `port ${event.port}` : 'port missing';
  const time = toUtcIso(event.timeUtc ?? event.time) ?? 'time missing';
  return `${event.ip} ${port} at ${time}`;
}

function reportReasons(kase: CaseWithReports, report: EnrichedReport): string {
  return join(unique<ReasonCode>([...kase.reasons, ...report.warnings]).map((code) => reasonLabel(code)));
}

function listRow(kase: CaseWithReports, report: EnrichedReport): string[] {
  const events = publicEvents(report);
  return [
    kase.caseId,
    kase.priority,
    report.reportId,
    incidentTypeLabel(report.incidentType),
    toUtcIso(report.incidentDateTime) ?? report.incidentDateTime,
    toIstIso(report.incidentDateTime) ?? report.incidentDateTimeIst,
    report.reporterCompany ?? '',
    join(report.identifiers.emails),
    join(report.identifiers.phones),
    join(report.identifiers.espAccounts),
    join(report.identifiers.devices),
    join(events.map(ipSummary)),
    join(unique(events.map((e) => e.isp ?? UNKNOWN_ISP))),
    locationSourceLabel(report.location.source),
    reportReasons(kase, report),
  ];
}

/** The district's full list: one row per report, cases P1 first, reports in ID order within a case. */
export function renderDistrictListCsv(cases: readonly CaseWithReports[]): string {
  const rows = sortCases(cases).flatMap((kase) =>
    [...kase.reports].sort((a, b) => a.reportId.localeCompare(b.reportId)).map((report) => listRow(kase, report)),
  );
  return toCsv(LIST_HEADER, rows);
}

export interface IspSheet {
  isp: string;
  /** A file-name-safe, unique name for the sheet's S3 key. */
  slug: string;
  csv: string;
  rows: number;
}

interface SheetRow {
  sortKey: string;
  cells: string[];
}

function slugify(isp: string, taken: Set<string>): string {
  const base = isp.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'isp';
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}

/** One request sheet per ISP (by name, sorted), one row per public IP event, in time order. */
export function renderIspSheets(cases: readonly CaseWithReports[]): IspSheet[] {
  const byIsp = new Map<string, SheetRow[]>();
  for (const kase of sortCases(cases)) {
    for (const report of kase.reports) {
      for (const event of publicEvents(report)) {
        const isp = event.isp?.trim() || UNKNOWN_ISP;
        const utc = toUtcIso(event.timeUtc ?? event.time);
        const cells = [
          event.ip,
          portCell(event),
          utc ?? 'MISSING — time not given',
          toIstIso(event.timeIst ?? event.timeUtc ?? event.time) ?? 'MISSING — time not given',
          event.eventName ?? '',
          event.asn !== undefined ? `AS${event.asn}` : '',
          isp,
          report.reportId,
          kase.caseId,
        ];
        const rows = byIsp.get(isp) ?? [];
        rows.push({ sortKey: `${utc ?? '~'}|${event.ip}|${report.reportId}`, cells });
        byIsp.set(isp, rows);
      }
    }
  }
  const taken = new Set<string>();
  return [...byIsp.keys()]
    .sort((a, b) => (a === UNKNOWN_ISP ? 1 : b === UNKNOWN_ISP ? -1 : a.localeCompare(b)))
    .map((isp) => {
      const rows = byIsp.get(isp) ?? [];
      rows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
      return { isp, slug: slugify(isp, taken), csv: toCsv(SHEET_HEADER, rows.map((r) => r.cells)), rows: rows.length };
    });
}
