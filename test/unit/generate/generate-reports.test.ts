import { canonicalReportSchema } from '../../../shared/model/canonical-report.js';
import { INCIDENT_TYPES } from '../../../shared/model/incident-type.js';
import { generateReports } from '../../../shared/generate/generate-reports.js';
import { REPORT_ID_BLOCK, firstReportIdFor } from '../../../shared/generate/report-ids.js';
import { whereIsSuspect } from './where-is-suspect.js';
import { enrichReport } from '../../../shared/enrich/enrich-report.js';
import { classifyBatch, noPriorKnowledge } from '../../../shared/classify/build-cases.js';

type Obj = Record<string, any>;

const take = (n: number, seed: number, reportIdStart?: number): Obj[] => [...generateReports({ reports: n, seed, reportIdStart })];
const users = (r: Obj): Obj[] => r.report.personOrUserReported ?? [];
const events = (r: Obj): Obj[] => users(r).flatMap((u) => u.ipCaptureEvent ?? []);
const emails = (r: Obj): string[] =>
  users(r).flatMap((u) => u.personOrUserReportedPerson?.email ?? []).map((e: unknown) => String(e).trim().toLowerCase());

describe('generateReports', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = JSON.stringify(take(300, 7));
    expect(JSON.stringify(take(300, 7))).toBe(a);
    expect(JSON.stringify(take(300, 8))).not.toBe(a);
  });

  it('report i does not depend on the batch size, so a prefix of a bigger batch is the same batch', () => {
    // Suspect pools scale with the batch, so only reports about one-off suspects are comparable; the
    // report ids, dates and incident types come from each report's own stream and must match.
    const small = take(50, 3);
    const big = take(600, 3).slice(0, 50);
    expect(big.map((r) => [r.reportId, r.receivedAt])).toEqual(small.map((r) => [r.reportId, r.receivedAt]));
  });

  it("numbers reports consecutively from reportIdStart (default: the seed's block), digits only, unique", () => {
    expect(take(3, 1).map((r) => r.reportId)).toEqual(
      [0, 1, 2].map((k) => String(firstReportIdFor(1) + k)),
    );
    const ids = take(500, 1, 123_456_789).map((r) => r.reportId as string);
    expect(ids[0]).toBe('123456789');
    expect(ids.at(-1)).toBe(String(123_456_789 + 499));
    expect(new Set(ids).size).toBe(500);
    expect(ids.every((id) => /^\d+$/.test(id))).toBe(true);
  });

  it('gives seeds less than 80 apart disjoint blocks of nine-digit report numbers', () => {
    const starts = Array.from({ length: 80 }, (_, k) => firstReportIdFor(2000 + k)).sort((a, b) => a - b);
    for (let k = 1; k < starts.length; k++) expect(starts[k]! - starts[k - 1]!).toBeGreaterThanOrEqual(REPORT_ID_BLOCK);
    expect(starts[0]).toBeGreaterThanOrEqual(100_000_000);
    expect(starts.at(-1)! + REPORT_ID_BLOCK).toBeLessThanOrEqual(900_000_000);
    const eleven = new Set(take(2000, 11).map((r) => r.reportId));
    expect(take(2000, 12).filter((r) => eleven.has(r.reportId))).toEqual([]);
    expect(firstReportIdFor(-1)).toBe(firstReportIdFor(79));
  });

  it('yields lazily: the first reports of a huge batch arrive without building it', () => {
    const it = generateReports({ reports: 1_000_000_000, seed: 5 });
    const first = it.next();
    expect(first.done).toBe(false);
    expect((first.value as Obj).reportId).toBe(String(firstReportIdFor(5)));
  });

  it('rejects a negative or fractional report count and a fractional seed', () => {
    expect(() => generateReports({ reports: -1, seed: 1 }).next()).toThrow(RangeError);
    expect(() => generateReports({ reports: 1.5, seed: 1 }).next()).toThrow(RangeError);
    expect(() => generateReports({ reports: 1, seed: 1.5 }).next()).toThrow(RangeError);
  });

  it('accepts negative and large integer seeds, each giving its own batch', () => {
    const a = JSON.stringify(take(20, -1));
    const b = JSON.stringify(take(20, 2 ** 40 + 1));
    const c = JSON.stringify(take(20, 1));
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('every report passes canonicalReportSchema', () => {
    const failures: string[] = [];
    for (const report of generateReports({ reports: 2000, seed: 11 })) {
      const parsed = canonicalReportSchema.safeParse(report);
      if (!parsed.success) failures.push(`${String(report.reportId)}: ${parsed.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('a 20,000-report batch has the seed article shape', () => {
  const N = 20_000;
  let reports: Obj[];
  let where: ReturnType<typeof whereIsSuspect>[];
  let byDistrict: Map<string, number>;

  beforeAll(() => {
    reports = take(N, 2026);
    where = reports.map(whereIsSuspect);
    byDistrict = new Map();
    for (const w of where) if (w.kind === 'mp') byDistrict.set(w.district, (byDistrict.get(w.district) ?? 0) + 1);
  });

  it('covers all 55 districts, Indore largest, then Bhopal, then the other cities', () => {
    expect(byDistrict.size).toBe(55);
    const ranked = [...byDistrict.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d);
    expect(ranked.slice(0, 2)).toEqual(['Indore', 'Bhopal']);
    expect(byDistrict.get('Indore')!).toBeGreaterThan(1.5 * byDistrict.get('Bhopal')!);
    // Gwalior and Jabalpur lead the rest (the article's "other cities").
    expect(ranked.slice(2, 4).sort()).toEqual(['Gwalior', 'Jabalpur']);
  });

  it('locates suspects by all four evidence sources', () => {
    const sources = new Set(where.flatMap((w) => (w.kind === 'mp' ? [w.source] : [])));
    expect([...sources].sort()).toEqual(['address', 'cell', 'estimated', 'geo']);
  });

  it('has about 8% out-of-state/abroad and a few percent with no location (besides viral batches)', () => {
    const single = reports.map((r, i) => [r, where[i]!] as const).filter(([r]) => !r.report.batchedReport);
    const share = (kind: string) => single.filter(([, w]) => w.kind === kind).length / single.length;
    expect(share('elsewhere')).toBeGreaterThan(0.05);
    expect(share('elsewhere')).toBeLessThan(0.12);
    expect(share('none')).toBeGreaterThan(0.015);
    expect(share('none')).toBeLessThan(0.07);
    const regions = new Set(reports.flatMap((r) => (r.ncmecGeolocation ?? []).map((g: Obj) => g.region)));
    for (const state of ['Maharashtra', 'Rajasthan', 'Uttar Pradesh', 'Gujarat']) expect(regions).toContain(state);
    const countries = new Set(reports.flatMap((r) => (r.ncmecGeolocation ?? []).map((g: Obj) => g.country)));
    expect([...countries].filter((c) => c !== 'IN').length).toBeGreaterThan(0);
  });

  it('writes place names in varied case, spacing and aliases', () => {
    const names = reports.flatMap((r) => [
      ...users(r).flatMap((u) => (u.personOrUserReportedPerson?.address ?? []).map((a: Obj) => a.city)),
      ...users(r).map((u) => u.estimatedLocation?.city),
      ...(r.ncmecGeolocation ?? []).map((g: Obj) => g.city),
    ]).filter((c): c is string => typeof c === 'string');
    expect(names).toContain('INDORE');
    expect(names).toContain('Mhow');
    expect(names.some((n) => n !== n.trim())).toBe(true);
    expect(names.some((n) => /hoshangabad/i.test(n))).toBe(true);
    const states = new Set(reports.flatMap((r) => users(r).flatMap((u) => (u.personOrUserReportedPerson?.address ?? []).map((a: Obj) => a.nonUsaState))));
    for (const s of ['MP', 'Madhya Pradesh', 'M.P.']) expect(states).toContain(s);
  });

  it('has suspects with several reports that share identifiers', () => {
    const seen = new Map<string, number>();
    for (const r of reports) for (const e of new Set(emails(r))) seen.set(e, (seen.get(e) ?? 0) + 1);
    const repeated = [...seen.values()].filter((n) => n >= 2).length;
    expect(repeated).toBeGreaterThan(100);
    // ... and an email written in different case in two reports.
    const raw = new Map<string, Set<string>>();
    for (const r of reports) for (const u of users(r)) for (const e of u.personOrUserReportedPerson?.email ?? []) {
      const key = String(e).trim().toLowerCase();
      raw.set(key, (raw.get(key) ?? new Set()).add(String(e)));
    }
    expect([...raw.values()].some((spellings) => spellings.size > 1)).toBe(true);
  });

  it('mixes incident types, annotations, escalations, NCMEC priorities and viewed/unviewed files', () => {
    const types = new Map<string, number>();
    for (const r of reports) types.set(r.report.incidentSummary.incidentType, (types.get(r.report.incidentSummary.incidentType) ?? 0) + 1);
    expect([...types.keys()].sort()).toEqual([...INCIDENT_TYPES].sort());
    expect(types.get('Child Pornography (possession, manufacture, and distribution)')! / N).toBeGreaterThan(0.7);
    const summaries = reports.map((r) => r.report.incidentSummary);
    expect(summaries.filter((s) => s.escalateToHighPriority).length).toBeGreaterThan(20);
    expect(summaries.filter((s) => s.reportAnnotations?.sextortion).length).toBeGreaterThan(20);
    const files = reports.flatMap((r) => r.fileDetails ?? []);
    expect(files.filter((f) => f.fileViewedByEsp === true).length).toBeGreaterThan(500);
    expect(files.filter((f) => f.fileViewedByEsp === false).length).toBeGreaterThan(5000);
    expect(files.filter((f) => f.fileAnnotations && Object.keys(f.fileAnnotations).length > 0).length).toBeGreaterThan(100);
    expect(new Set(reports.map((r) => r.ncmecPriority))).toEqual(new Set(['1', '2', '3', 'E', undefined]));
  });

  it('links repeat suspects into small cases, never one giant case (viral batches do not chain them all)', () => {
    // Each batched report links the reports of the users it names: drawn too often from the repeat-suspect
    // pool they chained a quarter of a million-report batch into one case.
    const reports = take(20_000, 2026).map((r) => enrichReport(canonicalReportSchema.parse(r)));
    const sizes = classifyBatch('b-0000000000000000', reports, noPriorKnowledge()).map((c) => c.reportIds.length);
    expect(Math.max(...sizes)).toBeLessThan(60);
    // repeat suspects still have several reports, and some batched users still link to them
    expect(sizes.filter((n) => n >= 3).length).toBeGreaterThan(300);
  });

  it('includes viral batched reports shaped as REFERENCE §1.11 says', () => {
    const batched = reports.filter((r) => r.report.batchedReport);
    expect(batched.length / N).toBeGreaterThan(0.04);
    const misshapen = batched.filter((r) => {
      const flags = Object.keys(r.fileDetails?.[0]?.fileAnnotations ?? {});
      return (
        r.report.batchedReport.reason !== 'VIRAL_POTENTIAL_MEME' ||
        r.report.incidentSummary.escalateToHighPriority !== undefined ||
        r.report.internetDetails !== undefined ||
        r.fileDetails.length !== 1 ||
        flags.length === 0 ||
        !flags.every((f) => f === 'viral' || f === 'potentialMeme') ||
        !users(r).every((u) => Object.keys(u).join() === 'espIdentifier')
      );
    });
    expect(misshapen.map((r) => r.reportId)).toEqual([]);
    expect(batched.some((r) => users(r).length > 2)).toBe(true);
  });

  it('draws IPs from Indian ISPs: mobile IPv4 without ports, IPv6, CGNAT and private addresses', () => {
    const asns = new Set(reports.flatMap((r) => (r.ncmecGeolocation ?? []).map((g: Obj) => g.asn)));
    for (const asn of [55836, 45609, 24560, 55410, 9829, 24309]) expect(asns).toContain(asn);
    const all = reports.flatMap(events);
    expect(all.filter((e) => e.ipAddress.includes(':')).length).toBeGreaterThan(100);
    expect(all.some((e) => /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./.test(e.ipAddress))).toBe(true);
    expect(all.some((e) => e.ipAddress.startsWith('10.'))).toBe(true);
    // Mobile IPv4 with no port: the NEEDS_PORT case.
    const mobileAsns = new Set([55836, 45609, 55410, 9829]);
    const mobileNoPort = reports.filter((r) =>
      (r.ncmecGeolocation ?? []).some((g: Obj) =>
        mobileAsns.has(g.asn) && !g.ipAddress.includes(':') &&
        events(r).some((e) => e.ipAddress === g.ipAddress && e.port === undefined)));
    expect(mobileNoPort.length).toBeGreaterThan(200);
    expect(all.filter((e) => e.port !== undefined).length).toBeGreaterThan(all.length / 2);
  });

  it('dates fall in 2026 and carry a zone (UTC or IST)', () => {
    const stamps = reports.flatMap((r) => [r.receivedAt, r.report.incidentSummary.incidentDateTime, ...events(r).map((e) => e.dateTime)]);
    expect(stamps.every((s) => /^2026-\d\d-\d\dT\d\d:\d\d:\d\d(Z|\+05:30)$/.test(s))).toBe(true);
    expect(stamps.some((s) => s.endsWith('+05:30'))).toBe(true);
    expect(stamps.some((s) => s.endsWith('Z'))).toBe(true);
  });

  it('every report of the big batch also passes the schema (sampled)', () => {
    const bad = reports.filter((_, i) => i % 20 === 0).filter((r) => !canonicalReportSchema.safeParse(r).success);
    expect(bad.map((r) => r.reportId)).toEqual([]);
  });
});
