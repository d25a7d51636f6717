/**
 * Test builder: an EnrichedReport as Enrich would produce it, with safe defaults (an actionable P2 report in
 * Indore with one email) that each test overrides. Not a test file itself.
 */
import type { EnrichedReport, Identifiers, IpEvent, ReportLocation } from '../../../shared/model/enriched-report.js';

export type ReportOverrides = Partial<Omit<EnrichedReport, 'identifiers' | 'location'>> & {
  identifiers?: Partial<Identifiers>;
  location?: Partial<ReportLocation>;
};

export function buildReport(reportId: string, o: ReportOverrides = {}): EnrichedReport {
  const { identifiers, location, ...rest } = o;
  return {
    reportId,
    incidentType: 'Child Pornography (possession, manufacture, and distribution)',
    incidentDateTime: '2026-10-01T10:00:00Z',
    incidentDateTimeIst: '2026-10-01T15:30:00+05:30',
    escalated: false,
    reportAnnotations: [],
    files: [{ fileId: `f${reportId}`, industryClassification: 'A1', viewedByEsp: true, annotations: [] }],
    ipEvents: [],
    warnings: [],
    ...rest,
    identifiers: { emails: [`u${reportId}@mail.example`], phones: [], devices: [], espAccounts: [], ...identifiers },
    location: { status: 'in-mp', district: 'Indore', source: 'address', conflict: false, ...location },
  };
}

export const NO_IDS: Identifiers = { emails: [], phones: [], devices: [], espAccounts: [] };

export function ipEvent(ip: string, o: Partial<IpEvent> = {}): IpEvent {
  return { ip, version: ip.includes(':') ? 6 : 4, ipClass: 'public', port: 40000, needsPort: false, ...o };
}

/** Deterministic Fisher–Yates shuffle (mulberry32), so a failing shuffle can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
