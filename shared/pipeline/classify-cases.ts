/**
 * Classify: read the batch's enriched chunks, look up what earlier batches already hold (report registry
 * and identifier index, by key), build cases, record this batch's index entries, and write the case files:
 * every case (without its reports) for HQ and `tipline cases`, and one file per district with its actionable
 * cases and their reports. Returns districts, counts and keys only.
 *
 * Memory stays bounded at a million reports: the first read keeps each report's facts only (report-facts.ts);
 * the district files are written from a second read of the chunks, which keeps only the reports of
 * actionable cases, as their JSON text, and streams each file out.
 */
import type { ClassificationResult, ClassifyInput, DistrictWork } from '../model/workflow.js';
import type { EnrichedReport } from '../model/enriched-report.js';
import type { Case, CaseWithReports } from '../model/case.js';
import { readJsonLines, readLines, putJsonLines, linesUpload } from '../aws/object-store.js';
import { readPriorKnowledge, writeIndex } from '../aws/case-index.js';
import { classifyFacts, type ClassifiedCase } from '../classify/build-cases.js';
import { LocationInterner, reportFacts, type ReportFacts } from '../classify/report-facts.js';
import { compareReportIds } from '../classify/case-id.js';
import { countByDistrict, countCases } from '../classify/summarize.js';
import { RULES_VERSION } from '../classify/rules.js';
import { keys } from '../storage/keys.js';
import { resource } from '../config.js';
import { updateBatch } from '../aws/batch-records.js';
import { logger } from '../logger.js';
import { stopwatch } from '../stopwatch.js';

export function withoutReports({ reports: _reports, ...c }: CaseWithReports): Case {
  return c;
}

const withoutMembers = ({ members: _members, ...c }: ClassifiedCase): Case => c;

function* uniqueReportIds(facts: readonly ReportFacts[]): Generator<string> {
  const seen = new Set<string>();
  for (const f of facts) {
    if (seen.has(f.reportId)) continue;
    seen.add(f.reportId);
    yield f.reportId;
  }
}

function* uniqueLinkingKeys(facts: readonly ReportFacts[]): Generator<string> {
  const seen = new Set<string>();
  for (const f of facts) {
    for (const k of f.keys) {
      if (seen.has(k)) continue;
      seen.add(k);
      yield k;
    }
  }
}

export async function classifyCases(input: ClassifyInput): Promise<ClassificationResult> {
  const bucket = resource('WORK_BUCKET');
  const { batchId } = input.batch;
  const timer = stopwatch();
  const locations = new LocationInterner();
  const facts: ReportFacts[] = [];
  for (const chunk of input.enriched) {
    for await (const r of readJsonLines<EnrichedReport>(bucket, chunk.key)) facts.push(reportFacts(r, locations));
  }
  timer.lap('readChunks');
  const prior = await readPriorKnowledge(batchId, uniqueReportIds(facts), uniqueLinkingKeys(facts));
  timer.lap('readIndex');
  const cases = classifyFacts(batchId, facts, prior);
  timer.lap('classify');
  const indexItems = await writeIndex(batchId, cases, facts, prior);
  timer.lap('writeIndex');
  const valid = facts.length;
  facts.length = 0; // the facts are done with; the second read needs only each report's place in its case

  const allCasesKey = keys.allCases(batchId);
  await putJsonLines(bucket, allCasesKey, cases.map(withoutMembers));
  const districts = await writeDistrictFiles(bucket, batchId, input.enriched, cases, valid);

  const c = countCases(cases);
  const result: ClassificationResult = {
    rulesVersion: RULES_VERSION,
    counts: {
      valid,
      duplicates: c.duplicates,
      cases: c.cases,
      actionable: c.actionable,
      review: c.review,
      notActionable: c.notActionable,
      duplicateCases: c.duplicateCases,
    },
    districts,
    allCasesKey,
  };
  await updateBatch(batchId, { allCasesKey }, 'classifiedAt');
  timer.lap('writeCases');
  logger.info('batch classified', { batchId, ...result.counts, districts: districts.length, indexItems, ms: timer.laps });
  return result;
}

/**
 * One file per district: its actionable cases in case ID order, each with its reports in report ID order
 * (repeats of an ID by their text, so the file never depends on input order). The reports come from a second
 * read of the chunks, kept as the JSON text Enrich wrote and spliced into each case's line unparsed.
 */
async function writeDistrictFiles(
  bucket: string,
  batchId: string,
  chunks: readonly { key: string }[],
  cases: readonly ClassifiedCase[],
  reportCount: number,
): Promise<DistrictWork[]> {
  // Where each report goes: its case, and its place among the case's reports (-1: not in a district file).
  const caseOf = new Int32Array(reportCount).fill(-1);
  const slotOf = new Int32Array(reportCount);
  const texts = new Map<number, string[]>();
  cases.forEach((c, n) => {
    if (c.disposition !== 'actionable' || !c.district) return;
    c.members.forEach((i, slot) => {
      caseOf[i] = n;
      slotOf[i] = slot;
    });
    texts.set(n, new Array<string>(c.members.length));
  });
  let i = 0;
  for (const chunk of chunks) {
    for await (const line of readLines(bucket, chunk.key)) {
      const n = caseOf[i];
      if (n !== undefined && n >= 0) texts.get(n)![slotOf[i]!] = line;
      i++;
    }
  }
  if (i !== reportCount) throw new Error(`the enriched chunks changed while Classify read them (${i} reports, then ${reportCount})`);

  const byDistrict = new Map<string, number[]>();
  for (const n of texts.keys()) {
    const district = cases[n]!.district!;
    const list = byDistrict.get(district) ?? [];
    list.push(n);
    byDistrict.set(district, list);
  }
  const perDistrict = countByDistrict(cases);
  const districts: DistrictWork[] = [];
  for (const [district, list] of [...byDistrict].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const casesKey = keys.districtCases(batchId, district);
    const file = linesUpload(bucket, casesKey);
    for (const n of list.sort((a, b) => a - b)) {
      const kase = cases[n]!;
      const reports = orderRepeats(kase, texts.get(n)!);
      texts.delete(n);
      const head = JSON.stringify(withoutMembers(kase));
      await file.write(`${head.slice(0, -1)},"reports":[${reports.join(',')}]}`);
    }
    await file.close();
    const counts = perDistrict[district]!;
    districts.push({ district, casesKey, cases: counts.cases, P1: counts.P1, P2: counts.P2, P3: counts.P3 });
  }
  return districts;
}

/** The case's report texts are in report ID order already; repeats of one ID are put in text order. */
function orderRepeats(kase: ClassifiedCase, reports: string[]): string[] {
  if (kase.reportIds.length === reports.length) return reports;
  const idOf = (text: string): string => (JSON.parse(text) as { reportId: string }).reportId;
  return reports
    .map((text) => ({ id: idOf(text), text }))
    .sort((a, b) => compareReportIds(a.id, b.id) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map((r) => r.text);
}
