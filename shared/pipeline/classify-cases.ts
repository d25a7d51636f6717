/**
 * Classify: read the batch's enriched chunks, look up what earlier batches already hold (report registry
 * and identifier index, by key), build cases, record this batch's index entries, and write the case files:
 * every case (without its reports) for HQ and `tipline cases`, and one file per district with its actionable
 * cases and their reports. Returns districts, counts and keys only.
 */
import type { ClassificationResult, ClassifyInput, DistrictWork } from '../model/workflow.js';
import type { EnrichedReport } from '../model/enriched-report.js';
import type { Case, CaseWithReports } from '../model/case.js';
import { readJsonLines, putJsonLines } from '../aws/object-store.js';
import { readPriorKnowledge, writeIndex } from '../aws/case-index.js';
import { classifyBatch } from '../classify/build-cases.js';
import { batchIndexKeys } from '../classify/identifier-index.js';
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

export async function classifyCases(input: ClassifyInput): Promise<ClassificationResult> {
  const bucket = resource('WORK_BUCKET');
  const { batchId } = input.batch;
  const timer = stopwatch();
  const reports: EnrichedReport[] = [];
  for (const chunk of input.enriched) {
    for await (const r of readJsonLines<EnrichedReport>(bucket, chunk.key)) reports.push(r);
  }

  timer.lap('readChunks');
  const prior = await readPriorKnowledge(reports.map((r) => r.reportId), batchIndexKeys(reports));
  timer.lap('readIndex');
  const cases = classifyBatch(batchId, reports, prior);
  timer.lap('classify');
  const indexItems = await writeIndex(batchId, cases, prior);
  timer.lap('writeIndex');

  const allCasesKey = keys.allCases(batchId);
  await putJsonLines(bucket, allCasesKey, cases.map(withoutReports));

  const byDistrict = new Map<string, CaseWithReports[]>();
  for (const c of cases) {
    if (c.disposition !== 'actionable' || !c.district) continue;
    const list = byDistrict.get(c.district) ?? [];
    list.push(c);
    byDistrict.set(c.district, list);
  }
  const perDistrict = countByDistrict(cases);
  const districts: DistrictWork[] = [];
  for (const [district, list] of [...byDistrict].sort(([a], [b]) => a.localeCompare(b))) {
    const casesKey = keys.districtCases(batchId, district);
    await putJsonLines(bucket, casesKey, list);
    const counts = perDistrict[district]!;
    districts.push({ district, casesKey, cases: counts.cases, P1: counts.P1, P2: counts.P2, P3: counts.P3 });
  }

  const c = countCases(cases);
  const result: ClassificationResult = {
    rulesVersion: RULES_VERSION,
    counts: {
      valid: reports.length,
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
