/**
 * The files behind a district digest's presigned links: the district's full list (one row per report of its
 * actionable cases, with every identifier) and per-ISP request sheets (one row per public IP event: what an
 * ISP needs to find the subscriber behind carrier-grade NAT — IP, source port, exact time in UTC and IST).
 * These carry the identifiers the email body deliberately leaves out.
 */
import type { Case, CaseWithReports, ReasonCode } from '../model/case.js';
import type { EnrichedReport, IpEvent } from '../model/enriched-report.js';
import { csvHeader, csvRows } from './csv-cell.js';
import { byPriorityThenNewest } from './case-order.js';
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

function reportReasons(kase: Case, report: EnrichedReport): string {
  return join(unique<ReasonCode>([...kase.reasons, ...report.warnings]).map((code) => reasonLabel(code)));
}

function listRow(kase: Case, report: EnrichedReport): string[] {
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

/**
 * The district's full list: one row per report, cases P1 first, reports in ID order within a case. Built a
 * case at a time (`add`), keeping each case's rows as CSV text, so its reports need not stay in memory.
 */
export class DistrictListCsv {
  private readonly cases: { kase: Case; rows: string }[] = [];

  add({ reports, ...kase }: CaseWithReports): void {
    const sorted = [...reports].sort((a, b) => a.reportId.localeCompare(b.reportId));
    this.cases.push({ kase, rows: csvRows(sorted.map((report) => listRow(kase, report))) });
  }

  render(): string {
    this.cases.sort((a, b) => byPriorityThenNewest(a.kase, b.kase));
    return csvHeader(LIST_HEADER) + this.cases.map((c) => c.rows).join('');
  }
}

export function renderDistrictListCsv(cases: readonly CaseWithReports[]): string {
  const list = new DistrictListCsv();
  for (const kase of cases) list.add(kase);
  return list.render();
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
  /** The row as CSV text. */
  line: string;
}

const bySortKeyThenText = (a: SheetRow, b: SheetRow): number =>
  a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.line < b.line ? -1 : a.line > b.line ? 1 : 0;

function slugify(isp: string, taken: Set<string>): string {
  const base = isp.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'isp';
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}

/**
 * One request sheet per ISP (by name, sorted), one row per public IP event, in time order. Built a case at
 * a time (`add`), keeping each row as CSV text.
 */
export class IspSheets {
  private readonly byIsp = new Map<string, SheetRow[]>();

  add(kase: CaseWithReports): void {
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
        const rows = this.byIsp.get(isp) ?? [];
        rows.push({ sortKey: `${utc ?? '~'}|${event.ip}|${report.reportId}`, line: csvRows([cells]) });
        this.byIsp.set(isp, rows);
      }
    }
  }

  render(): IspSheet[] {
    const taken = new Set<string>();
    return [...this.byIsp.keys()]
      .sort((a, b) => (a === UNKNOWN_ISP ? 1 : b === UNKNOWN_ISP ? -1 : a.localeCompare(b)))
      .map((isp) => {
        const rows = (this.byIsp.get(isp) ?? []).sort(bySortKeyThenText);
        return { isp, slug: slugify(isp, taken), csv: csvHeader(SHEET_HEADER) + rows.map((r) => r.line).join(''), rows: rows.length };
      });
  }
}

export function renderIspSheets(cases: readonly CaseWithReports[]): IspSheet[] {
  const sheets = new IspSheets();
  for (const kase of cases) sheets.add(kase);
  return sheets.render();
}
