/**
 * Classify: read the batch's enriched chunks and what earlier batches hold of their reports (the index items
 * each Enrich looked up), build cases, and write the case files: every case (without its reports) for HQ and
 * `tipline cases`, one file per district with its actionable cases and their reports, and the index items this
 * batch is the first to hold, in parts for WriteIndex. Returns districts, counts and keys only.
 *
 * Memory stays bounded at a million reports: the first read keeps each report's facts only (report-facts.ts);
 * the district files are written from further reads of the chunks, each keeping the JSON text of a bounded
 * share of the actionable cases' reports, and streamed out.
 */
import type { ClassificationResult, ClassifyInput, DistrictWork } from '../model/workflow.js';
import type { EnrichedReport } from '../model/enriched-report.js';
import type { Case, CaseWithReports } from '../model/case.js';
import { readLines, readJsonLines } from '../aws/object-store.js';
import { linesUpload } from '../aws/lines-upload.js';
import { absorbIndexItem, newIndexItems, type IndexItem } from '../aws/case-index.js';
import { classifyFacts, noPriorKnowledge, type ClassifiedCase, type PriorKnowledge } from '../classify/build-cases.js';
import { LocationInterner, addReport, linkingKeys, type BatchFacts } from '../classify/report-facts.js';
import { compareReportIds } from '../classify/case-id.js';
import { countByDistrict, countCases } from '../classify/summarize.js';
import { RULES_VERSION } from '../classify/rules.js';
import { keys } from '../storage/keys.js';
import { config, resource } from '../config.js';
import { updateBatch } from '../aws/batch-records.js';
import { withLinkingLease } from '../aws/linking-lease.js';
import { logger } from '../logger.js';
import { stopwatch } from '../stopwatch.js';

const withoutMembers = ({ members: _members, ...c }: ClassifiedCase): Case => c;

/**
 * Classify decides duplicates and links from what Enrich looked up, so it runs under the batch's linking lease
 * (docs/design.md §2 "Overlapping batches"): the lease is renewed while it works and the step stops if another batch took it.
 */
export function classifyCases(input: ClassifyInput): Promise<ClassificationResult> {
  return withLinkingLease(input.batch.batchId, () => classifyUnderLease(input));
}

async function classifyUnderLease(input: ClassifyInput): Promise<ClassificationResult> {
  const bucket = resource('WORK_BUCKET');
  const { batchId } = input.batch;
  const timer = stopwatch();
  const locations = new LocationInterner();
  const batch: BatchFacts = { facts: [], keysJson: [] };
  const textLength: number[] = [];
  const chunks = input.enriched.map((enriched, i) => ({ key: keys.enrichedChunk(keys.validChunk(batchId, i)), prior: enriched.prior }));
  for (const chunk of chunks) {
    for await (const line of readLines(bucket, chunk.key)) {
      addReport(batch, JSON.parse(line) as EnrichedReport, locations);
      textLength.push(line.length);
    }
  }
  const valid = batch.facts.length;
  timer.lap('readChunks');
  const prior = await readPrior(bucket, chunks);
  timer.lap('readPrior');
  // Consumes batch.facts, and drops shared identifiers from batch.keysJson (so from the index too).
  const cases = classifyFacts(batchId, batch, prior, { maxIdentifierDistricts: config().MAX_IDENTIFIER_DISTRICTS });
  timer.lap('classify');
  const indexParts = await writeIndexParts(bucket, batchId, newIndexItems(batchId, cases, (i) => linkingKeys(batch, i), prior));
  timer.lap('writeIndexParts');
  batch.keysJson.length = 0; // the district files need only each report's place in its case

  const allCasesKey = keys.allCases(batchId);
  // Streamed: at a million reports the file is hundreds of MB, and as one string (or a mapped copy of every
  // case) it would not fit beside the cases themselves.
  const allCases = linesUpload(bucket, allCasesKey);
  for (const c of cases) await allCases.write(JSON.stringify(withoutMembers(c)));
  await allCases.close();
  const districts = await writeDistrictFiles(bucket, batchId, chunks, cases, textLength);

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
    indexParts,
  };
  await updateBatch(batchId, { allCasesKey }, 'classifiedAt');
  timer.lap('writeCases');
  const indexItems = indexParts.reduce((sum, items) => sum + items, 0);
  logger.info('batch classified', { batchId, ...result.counts, districts: districts.length, indexItems, ms: timer.laps });
  return result;
}

/** What earlier batches hold of this batch's reports: the items each Enrich found for its chunk. */
async function readPrior(bucket: string, chunks: readonly { key: string; prior: number }[]): Promise<PriorKnowledge> {
  const prior = noPriorKnowledge();
  for (const chunk of chunks) {
    if (chunk.prior === 0) continue;
    let found = 0;
    for await (const item of readJsonLines<IndexItem>(bucket, keys.priorOfChunk(chunk.key))) {
      absorbIndexItem(prior, item);
      found++;
    }
    if (found !== chunk.prior) throw new Error(`${keys.priorOfChunk(chunk.key)} holds ${found} index items, Enrich found ${chunk.prior}`);
  }
  return prior;
}

/** Streams the new index items into part files of INDEX_PART_SIZE items each; one upload open at a time. Returns each part's item count. */
async function writeIndexParts(bucket: string, batchId: string, items: Iterable<IndexItem>): Promise<number[]> {
  const size = config().INDEX_PART_SIZE;
  const parts: number[] = [];
  let open: { items: number; file: ReturnType<typeof linesUpload> } | undefined;
  for (const item of items) {
    open ??= { items: 0, file: linesUpload(bucket, keys.indexPart(batchId, parts.length)) };
    await open.file.write(JSON.stringify(item));
    if (++open.items === size) {
      await open.file.close();
      parts.push(open.items);
      open = undefined;
    }
  }
  if (open) {
    await open.file.close();
    parts.push(open.items);
  }
  return parts;
}

/**
 * One file per district: its actionable cases in case ID order, each with its reports in report ID order
 * (repeats of an ID by their text, so the file never depends on input order). The report texts come from
 * reading the chunks again, spliced into each case's line unparsed. The cases are written in file order
 * (district, then case ID) in rounds: each round reads the chunks once and holds the texts of the next cases
 * up to CLASSIFY_TEXT_BUDGET characters, so a batch of any size is written with bounded memory (one round up to
 * hundreds of thousands of reports). One district file is open at a time.
 */
async function writeDistrictFiles(
  bucket: string,
  batchId: string,
  chunks: readonly { key: string }[],
  cases: readonly ClassifiedCase[],
  textLength: readonly number[],
): Promise<DistrictWork[]> {
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const inFiles = cases
    .map((_, n) => n)
    .filter((n) => cases[n]!.disposition === 'actionable' && cases[n]!.district !== null)
    .sort((a, b) => byText(cases[a]!.district!, cases[b]!.district!) || a - b);
  const perDistrict = countByDistrict(cases);
  const districts: DistrictWork[] = [];
  let open: { district: string; casesKey: string; file: ReturnType<typeof linesUpload> } | undefined;
  const finish = async (): Promise<void> => {
    if (!open) return;
    await open.file.close();
    const counts = perDistrict[open.district]!;
    districts.push({ district: open.district, casesKey: open.casesKey, cases: counts.cases, P1: counts.P1, P2: counts.P2, P3: counts.P3 });
    open = undefined;
  };

  const caseOf = new Int32Array(textLength.length);
  const slotOf = new Int32Array(textLength.length);
  const budget = config().CLASSIFY_TEXT_BUDGET;
  const textOf = (n: number): number => cases[n]!.members.reduce((sum, i) => sum + textLength[i]!, 0);
  for (let from = 0; from < inFiles.length; ) {
    // This round: the next cases in file order, up to the budget (always at least one).
    let to = from + 1;
    let text = textOf(inFiles[from]!);
    while (to < inFiles.length && text + textOf(inFiles[to]!) <= budget) text += textOf(inFiles[to++]!);
    const round = inFiles.slice(from, to);
    from = to;

    caseOf.fill(-1);
    const texts = new Map<number, Buffer[]>();
    for (const n of round) {
      cases[n]!.members.forEach((i, slot) => {
        caseOf[i] = n;
        slotOf[i] = slot;
      });
      texts.set(n, new Array<Buffer>(cases[n]!.members.length));
    }
    let i = 0;
    for (const chunk of chunks) {
      for await (const line of readLines(bucket, chunk.key)) {
        const n = caseOf[i];
        // A copy, as bytes: the line is a slice of the text read with it, and kept as a string it would keep
        // all of that text alive (a round keeps lines from all over the chunks: most of the batch's text).
        if (n !== undefined && n >= 0) texts.get(n)![slotOf[i]!] = Buffer.from(line, 'utf8');
        i++;
      }
    }
    if (i !== textLength.length) throw new Error(`the enriched chunks changed while Classify read them (${textLength.length} reports, then ${i})`);

    for (const n of round) {
      const kase = cases[n]!;
      if (open?.district !== kase.district) {
        await finish();
        const casesKey = keys.districtCases(batchId, kase.district!);
        open = { district: kase.district!, casesKey, file: linesUpload(bucket, casesKey) };
      }
      const reports = orderRepeats(kase, texts.get(n)!.map((b) => b.toString('utf8')));
      texts.delete(n);
      const head = JSON.stringify(withoutMembers(kase));
      await open.file.write(`${head.slice(0, -1)},"reports":[${reports.join(',')}]}`);
    }
  }
  await finish();
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
