/**
 * Benchmark of the pure Classify step: `npx tsx bench/classify.ts [--reports N] [--seed S]` (default 1,000,000).
 *
 * Builds N synthetic EnrichedReports in memory with realistic linking — suspects with 1..12 reports each
 * (geometric), each report carrying a random subset of its suspect's emails, phones (in mixed written forms),
 * devices and ESP accounts, IPs drawn from a small shared (CGNAT-like) pool that must not link anything — and a
 * PriorKnowledge holding some suspects' identifiers and some report IDs from an earlier batch, so the
 * cross-batch hashing and duplicate paths run too. Then times classifyBatch once and prints JSON lines:
 *   {"metric":"classify_rps","value":…,"unit":"reports/s"}
 *   {"metric":"classify_seconds",…} (wall)  {"metric":"classify_cpu_seconds",…}  {"metric":"classify_peak_rss_mb",…}
 *   {"metric":"classify_cases",…}
 * classify_rps is reports per wall-clock second; on a shared machine compare classify_cpu_seconds too.
 * Peak RSS is the whole process (synthetic input included). Immutable sub-objects (file lists, locations) are
 * pooled as a parser would not, which keeps the input honest about the strings and arrays that dominate.
 */
import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';
import { classifyBatch, type PriorKnowledge } from '../shared/classify/build-cases.js';
import { identifierKeys, indexKey } from '../shared/classify/identifier-keys.js';
import { countCases } from '../shared/classify/summarize.js';
import type { EnrichedFile, EnrichedReport, IpEvent, ReportLocation } from '../shared/model/enriched-report.js';
import type { IncidentType } from '../shared/model/incident-type.js';
import { Rng } from '../shared/generate/prng.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a non-negative number`);
  return v;
}

const N = arg('reports', 1_000_000);
const rng = new Rng(arg('seed', 2026));
const rand = (): number => rng.next();
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const DISTRICTS = ['Indore', 'Bhopal', 'Jabalpur', 'Gwalior', 'Ujjain', 'Sagar', 'Rewa', 'Satna', 'Dewas', 'Ratlam', 'Khargone', 'Chhindwara'];
const SOURCES = ['address', 'cell', 'estimated', 'geo'] as const;
const LOCATIONS: ReportLocation[] = [
  ...DISTRICTS.flatMap((district) => SOURCES.map((source) => ({ status: 'in-mp' as const, district, source, conflict: false }))),
  { status: 'out-of-state', district: null, source: null, elsewhere: 'Maharashtra', conflict: false },
  { status: 'out-of-country', district: null, source: null, elsewhere: 'BD', conflict: false },
  { status: 'none', district: null, source: null, conflict: false },
];
const FILE_SETS: EnrichedFile[][] = [
  [{ industryClassification: 'A1', viewedByEsp: true, annotations: [] }],
  [{ industryClassification: 'B2', viewedByEsp: true, annotations: [] }],
  [{ industryClassification: 'A2', viewedByEsp: false, annotations: [] }],
  [{ viewedByEsp: true, annotations: ['viral'] }],
  [],
];
const TYPES: IncidentType[] = [
  ...Array<IncidentType>(8).fill('Child Pornography (possession, manufacture, and distribution)'),
  'Online Enticement of Children for Sexual Acts',
  'Unsolicited Obscene Material Sent to a Child',
];
const ESPS = ['ExampleChat', 'PhotoShareCo', 'VidStream', 'SocialApp'];

function phoneForm(digits: string): string {
  const r = rand();
  return r < 0.7 ? `+91${digits}` : r < 0.85 ? `0${digits}` : `+91 ${digits.slice(0, 5)} ${digits.slice(5)}`;
}

interface Suspect {
  n: number;
  emails: number;
  phones: number;
  devices: number;
  accounts: number;
  location: number;
}

function buildBatch(): { reports: EnrichedReport[]; suspects: Suspect[]; suspectOf: Int32Array } {
  const reports: EnrichedReport[] = new Array(N);
  const suspects: Suspect[] = [];
  const suspectOf = new Int32Array(N);
  let remaining = 0;
  let s: Suspect | undefined;
  for (let i = 0; i < N; i++) {
    if (remaining === 0 || !s) {
      // Geometric, mean ≈ 3 reports per suspect, capped at 12.
      remaining = 1;
      while (remaining < 12 && rand() < 0.66) remaining++;
      s = {
        n: suspects.length,
        emails: 1 + (rand() < 0.3 ? 1 : 0),
        phones: rand() < 0.8 ? 1 : 0,
        devices: rand() < 0.4 ? 1 : 0,
        accounts: 1 + (rand() < 0.5 ? 1 : 0),
        location: Math.floor(rand() * LOCATIONS.length),
      };
      suspects.push(s);
    }
    remaining--;
    suspectOf[i] = s.n;
    // Each report carries a random non-empty subset of its suspect's identifiers.
    const emails = rand() < 0.7 ? [`s${s.n}.${Math.floor(rand() * s.emails)}@mail.example`] : [];
    const phones = s.phones && rand() < 0.6 ? [phoneForm(String(7000000000 + s.n))] : [];
    const devices = s.devices && rand() < 0.5 ? [`IMEI:35${String(s.n).padStart(13, '0')}`] : [];
    const espAccounts =
      emails.length + phones.length + devices.length === 0 || rand() < 0.5
        ? [`${ESPS[s.n % ESPS.length]}:u-${s.n.toString(16)}-${Math.floor(rand() * s.accounts)}`]
        : [];
    const ip: IpEvent = {
      ip: `100.64.${Math.floor(rand() * 4)}.${Math.floor(rand() * 256)}`, // shared pool: must not link
      version: 4,
      ipClass: rand() < 0.5 ? 'cgnat' : 'public',
      port: rand() < 0.8 ? 1024 + Math.floor(rand() * 60000) : undefined,
      timeUtc: '2026-10-01T10:00:00Z',
      needsPort: false,
    };
    ip.needsPort = ip.port === undefined;
    const day = 1 + Math.floor(rand() * 28);
    const incidentDateTime = `2026-10-${String(day).padStart(2, '0')}T${String(Math.floor(rand() * 24)).padStart(2, '0')}:00:00Z`;
    const location = rand() < 0.9 ? LOCATIONS[s.location]! : pick(LOCATIONS);
    reports[i] = {
      reportId: String(100_000_000 + i),
      incidentType: pick(TYPES),
      incidentDateTime,
      incidentDateTimeIst: incidentDateTime.replace('Z', '+05:30'),
      escalated: rand() < 0.03,
      reportAnnotations: rand() < 0.02 ? ['sextortion'] : [],
      ncmecPriority: pick(['1', '2', '3', '3', '3', 'E']),
      batchedReason: rand() < 0.01 ? 'VIRAL_POTENTIAL_MEME' : undefined,
      files: pick(FILE_SETS),
      identifiers: { emails, phones, devices, espAccounts },
      ipEvents: [ip],
      location,
      warnings: ip.needsPort ? ['NEEDS_PORT'] : [],
    };
  }
  return { reports, suspects, suspectOf };
}

function buildPrior(reports: EnrichedReport[], suspectOf: Int32Array): PriorKnowledge {
  const prior: PriorKnowledge = { reports: new Map(), identifiers: new Map() };
  for (let i = 0; i < reports.length; i++) {
    const s = suspectOf[i]!;
    const r = reports[i]!;
    if (s % 20 === 0) {
      // 5% of suspects were seen in an earlier batch.
      for (const k of identifierKeys(r)) {
        prior.identifiers.set(indexKey(k), { caseId: `C-prior${s}`, district: s % 40 === 0 ? 'Bhopal' : null, batchId: 'B-EARLIER' });
      }
    }
    if (i % 100 === 7) prior.reports.set(r.reportId, { batchId: 'B-EARLIER', caseId: `C-prior${s}` });
  }
  return prior;
}

const { reports, suspectOf } = buildBatch();
const prior = buildPrior(reports, suspectOf);
const inputRssMb = process.memoryUsage().rss / 2 ** 20;

// Garbage-collection pauses inside the timed section (minor = scavenges, major = mark-compact).
const gcMs = { minor: 0, major: 0 };
let window = { from: Number.POSITIVE_INFINITY, to: Number.NEGATIVE_INFINITY };
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.startTime < window.from || e.startTime > window.to) continue;
    if ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === 1) gcMs.minor += e.duration;
    else gcMs.major += e.duration;
  }
});
gcObserver.observe({ entryTypes: ['gc'] });

const from = performance.now();
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const cases = classifyBatch('B-BENCH', reports, prior);
const cpu = process.cpuUsage(cpu0);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
window = { from, to: performance.now() };
// CPU time (user + system) of this process: what one core spent, whatever else the machine runs.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
await new Promise((resolve) => setTimeout(resolve, 200)); // GC entries arrive asynchronously
gcObserver.disconnect();
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const counts = countCases(cases);

const line = (metric: string, value: number, unit: string) => console.log(JSON.stringify({ metric, value, unit }));
line('classify_rps', Math.round(N / seconds), 'reports/s');
line('classify_seconds', Number(seconds.toFixed(2)), 's');
line('classify_cpu_seconds', Number(cpuSeconds.toFixed(2)), 's');
line('classify_gc_seconds', Number(((gcMs.minor + gcMs.major) / 1000).toFixed(2)), 's');
line('classify_peak_rss_mb', Math.round(peakRssMb), 'MB');
line('classify_cases', counts.cases, 'cases');
line('classify_input_rss_mb', Math.round(inputRssMb), 'MB'); // RSS once the synthetic input exists
console.error(JSON.stringify({ reports: N, priorIdentifiers: prior.identifiers.size, priorReports: prior.reports.size, ...counts }));
