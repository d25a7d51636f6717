/**
 * Classify (docs/design.md §5 "Cases"): link a batch's enriched reports into cases, deconflict them with earlier
 * batches, and decide each case's district, priority and disposition. Pure: the caller gathers what the
 * report registry and the identifier index hold (looked up by key, aws/case-index.ts) into `PriorKnowledge`
 * first, and has the cases' new index entries (identifier-index.ts) written afterwards.
 *
 * How reports become cases:
 * - Union-find over the identifier keys of identifier-keys.ts (never IPs).
 * - A report ID repeated inside the batch: every occurrence joins the same case (the ID acts as one more
 *   linking key), and the ID is listed once in `reportIds`. All occurrences stay in `reports`, so the caller's
 *   count of valid reports equals the sum of `reports.length` and no valid report is lost; the extra
 *   occurrences are the batch's in-batch duplicates (summarize.ts counts them). Using every occurrence as
 *   evidence, instead of "the first", keeps the result independent of input order.
 * - A report ID the registry saw in an earlier batch is a duplicate: it stays in its case as evidence, is
 *   listed in `duplicateReportIds`, and links the case to the earlier case. A case made only of such reports
 *   is `duplicate` (DUPLICATE_REPORT) and assigns nothing. Registry entries of this same batch are not
 *   duplicates: a re-run of a batch reproduces its cases.
 * - An identifier on reports placed in more than `maxIdentifierDistricts` districts links nothing
 *   (shared-identifiers.ts; it is also left out of the index); the cases of its reports carry SHARED_IDENTIFIER.
 * - A case sharing an identifier with a case of an earlier batch (identifier index hit with another batchId)
 *   is LINKED_TO_EXISTING_CASE and goes to that case's district (rules.ts `caseLocation`).
 *
 * Output: one case per component, reports sorted by report ID, cases sorted by case ID. The input order never
 * changes the result.
 *
 * The work is done on `ReportFacts` (report-facts.ts), so the pipeline can classify a million reports without
 * holding them: `classifyFacts` gives each case its members as indices into the facts, and the caller joins
 * the full reports back on a second read. `classifyBatch` does both at once for reports already in memory.
 */
import type { Case, CaseWithReports } from '../model/case.js';
import type { EnrichedReport } from '../model/enriched-report.js';
import { caseIdFor, compareReportIds } from './case-id.js';
import { indexKey } from './identifier-keys.js';
import { addReport, linkingKeys, type BatchFacts, type ReportFacts } from './report-facts.js';
import { DEFAULT_MAX_IDENTIFIER_DISTRICTS, setAsideSharedIdentifiers } from './shared-identifiers.js';
import type { LinkedCase } from './rules.js';
import { RULES_VERSION, caseLocation, casePriority, casePriorityReasons, decideDisposition } from './rules.js';
import { UnionFind } from './union-find.js';

/** Report registry entry from an earlier run. */
export interface PriorReport {
  batchId: string;
  caseId: string;
}

/** Identifier index entry (keyed by `indexKey`). */
export interface PriorIdentifier {
  caseId: string;
  district: string | null;
  batchId: string;
}

export interface PriorKnowledge {
  reports: Map<string, PriorReport>;
  identifiers: Map<string /* indexKey */, PriorIdentifier>;
}

/** A first run: no registry entries, no index entries. */
export function noPriorKnowledge(): PriorKnowledge {
  return { reports: new Map(), identifiers: new Map() };
}

export interface ClassifyOptions {
  /** The shared-identifier threshold (config MAX_IDENTIFIER_DISTRICTS). */
  maxIdentifierDistricts?: number;
}

/** A case and where its reports are: indices into the facts it was built from, in report ID order. */
export interface ClassifiedCase extends Case {
  members: number[];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The empty list every case without links or duplicates shares; frozen, so a push fails loudly. */
const NONE = Object.freeze([]) as unknown as string[];

function addLink(links: Map<number, Map<string, string | null>>, root: number, caseId: string, district: string | null): void {
  let m = links.get(root);
  if (!m) links.set(root, (m = new Map()));
  if (!m.has(caseId) || (m.get(caseId) === null && district !== null)) m.set(caseId, district);
}

interface Components {
  /** Component (case) of each report, by input index: the index of its union-find root. */
  root: Int32Array;
  duplicateIds: Set<string>;
  /** Component → earlier case ID → that case's district (null when unknown). */
  links: Map<number, Map<string, string | null>>;
}

/** Union-find over identifier keys and report IDs, then the earlier-batch lookups. Its maps die on return. */
function linkReports(batchId: string, batch: BatchFacts, prior: PriorKnowledge): Components {
  const { facts } = batch;
  const n = facts.length;
  const uf = new UnionFind(n);
  const keyOwner = new Map<string, number>(); // identifier key → first report holding it
  const firstById = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const reportId = facts[i]!.reportId;
    const first = firstById.get(reportId);
    if (first === undefined) firstById.set(reportId, i);
    else uf.union(first, i);
    for (const key of linkingKeys(batch, i)) {
      const owner = keyOwner.get(key);
      if (owner === undefined) keyOwner.set(key, i);
      else uf.union(owner, i);
    }
  }
  const root = new Int32Array(n);
  for (let i = 0; i < n; i++) root[i] = uf.find(i);

  const links = new Map<number, Map<string, string | null>>();
  const duplicateIds = new Set<string>();
  if (prior.reports.size > 0) {
    for (const [id, i] of firstById) {
      const p = prior.reports.get(id);
      if (p && p.batchId !== batchId) {
        duplicateIds.add(id);
        addLink(links, root[i]!, p.caseId, null);
      }
    }
  }
  if (prior.identifiers.size > 0) {
    for (const [key, i] of keyOwner) {
      const p = prior.identifiers.get(indexKey(key));
      if (p && p.batchId !== batchId) addLink(links, root[i]!, p.caseId, p.district);
    }
  }
  return { root, duplicateIds, links };
}

/**
 * Cases of a batch from its reports' facts, sorted by case ID. Consumes `batch.facts`: each report's facts
 * are dropped once its case is built, so the facts and the cases never fill memory together.
 */
export function classifyFacts(
  batchId: string,
  batch: BatchFacts,
  prior: PriorKnowledge,
  opts: ClassifyOptions = {},
): ClassifiedCase[] {
  const { facts } = batch;
  const n = facts.length;
  const shared = setAsideSharedIdentifiers(batch, opts.maxIdentifierDistricts ?? DEFAULT_MAX_IDENTIFIER_DISTRICTS);
  const { root, duplicateIds, links } = linkReports(batchId, batch, prior);

  // Group report indices by component (counting sort: no per-component arrays while grouping).
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[root[i]! + 1]! += 1;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const cursor = start.slice(0, n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[cursor[root[i]!]!++] = i;

  const byReportId = (a: number, b: number): number => compareReportIds(facts[a]!.reportId, facts[b]!.reportId) || a - b;
  const cases: ClassifiedCase[] = [];
  for (let c = 0; c < n; c++) {
    const from = start[c]!;
    const to = start[c + 1]!;
    if (to === from) continue;
    const members = Array.from(order.subarray(from, to));
    if (members.length > 1) members.sort(byReportId);
    const sharedIdentifier = members.some((i) => shared[i] === 1);
    cases.push(buildCase(batchId, members.map((i) => facts[i]!), members, duplicateIds, links.get(c), sharedIdentifier));
    for (const i of members) facts[i] = undefined;
  }
  return cases.sort((a, b) => byText(a.caseId, b.caseId));
}

/** Orders two occurrences of the same report ID by content, so repeats sort the same whatever the input order. */
function compareReports(a: EnrichedReport, b: EnrichedReport): number {
  return compareReportIds(a.reportId, b.reportId) || (a === b ? 0 : byText(JSON.stringify(a), JSON.stringify(b)));
}

/** `classifyFacts` for reports held in memory: each case carries its reports. */
export function classifyBatch(
  batchId: string,
  reports: EnrichedReport[],
  prior: PriorKnowledge,
  opts: ClassifyOptions = {},
): CaseWithReports[] {
  const batch: BatchFacts = { facts: [], keysJson: [] };
  for (const r of reports) addReport(batch, r);
  return classifyFacts(batchId, batch, prior, opts).map(({ members, ...c }) => ({
    ...c,
    reports: members.map((i) => reports[i]!).sort(compareReports),
  }));
}

function buildCase(
  batchId: string,
  reports: readonly ReportFacts[],
  members: number[],
  duplicateIds: ReadonlySet<string>,
  linkMap: Map<string, string | null> | undefined,
  sharedIdentifier: boolean,
): ClassifiedCase {
  let latest = Number.NEGATIVE_INFINITY;
  for (const r of reports) if (r.timeMs > latest) latest = r.timeMs;
  // Exact-size arrays, and one shared empty list: a million reports make hundreds of thousands of cases.
  const reportIds = reports.map((r) => r.reportId).filter((id, k, all) => k === 0 || all[k - 1] !== id);
  const duplicateReportIds = duplicateIds.size > 0 ? reportIds.filter((id) => duplicateIds.has(id)) : NONE;
  const linked: LinkedCase[] = linkMap
    ? [...linkMap].map(([caseId, district]) => ({ caseId, district })).sort((a, b) => byText(a.caseId, b.caseId))
    : [];

  const priority = casePriority(reports);
  const location = caseLocation(reports, linked);
  const { disposition, reasons } = decideDisposition({
    reports,
    priority,
    location,
    allDuplicates: duplicateReportIds.length === reportIds.length,
    linked: linked.length > 0,
    sharedIdentifier,
  });

  const result: ClassifiedCase = {
    caseId: caseIdFor(batchId, reportIds),
    batchId,
    reportIds,
    district: location.district,
    priority,
    priorityReasons: casePriorityReasons(reports, priority),
    disposition,
    reasons,
    locationSource: location.locationSource,
    rulesVersion: RULES_VERSION,
    linkedCaseIds: linked.length > 0 ? linked.map((l) => l.caseId) : NONE,
    duplicateReportIds: duplicateReportIds.length > 0 ? duplicateReportIds : NONE,
    // Unparseable times everywhere (enrich should prevent it): fall back to the smallest time text as given.
    latestIncidentAt:
      latest === Number.NEGATIVE_INFINITY ? reports.map((r) => r.incidentDateTime ?? '').sort(byText)[0]! : new Date(latest).toISOString(),
    members,
  };
  if (location.elsewhere !== undefined) result.elsewhere = location.elsewhere;
  const afterReceipt = [...new Set(reports.filter((r) => r.afterReceipt).map((r) => r.reportId))];
  if (afterReceipt.length > 0) result.incidentAfterReceipt = afterReceipt;
  return result;
}
