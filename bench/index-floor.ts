/**
 * Benchmark (issue 9): the index table's reads and writes alone, the floor under e2e_local_seconds.
 *
 *   npx tsx bench/index-floor.ts [--reports N] [--seed S]
 *
 * A first batch of N generated reports (the e2e bench's generator and seed) is read, enriched and classified
 * bare, in this process. Then, on a fresh local runtime, the pipeline's own adapters do exactly the index I/O
 * the workflow does for that batch, and nothing else:
 *   reads   each chunk's lookups, as Enrich makes them (`lookUpIndex`: the chunk's report IDs and linking keys);
 *   writes  every entry the batch is the first to hold, as WriteIndex puts them (`putIndexItems`).
 * Chunks and parts run one after another, and each call keeps its own requests in flight (8 at a time), as
 * in the pipeline. The local DynamoDB (dynalite) and its LevelDB store serve every item on one thread, so the
 * time measured here is part of every end-to-end run on this machine, whatever the steps around it cost.
 *
 * Metrics: index_lookups_at_<N>, index_items_at_<N> (count), index_reads_per_s, index_writes_per_s,
 * index_io_floor_seconds_at_<N> (reads + writes).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateFile } from '../cli/commands/generate.js';
import { lookUpIndex, newIndexItems, putIndexItems } from '../shared/aws/case-index.js';
import { classifyFacts, noPriorKnowledge } from '../shared/classify/build-cases.js';
import { identifierKeys } from '../shared/classify/identifier-keys.js';
import { addReport, linkingKeys, LocationInterner, type BatchFacts } from '../shared/classify/report-facts.js';
import { enrichReport } from '../shared/enrich/enrich-report.js';
import { readBatch } from '../shared/ingest/read-batch.js';
import { loadConfig } from '../shared/config.js';
import { startLocalRuntime } from '../local/runtime.js';

const { values } = parseArgs({ options: { reports: { type: 'string', default: '30000' }, seed: { type: 'string', default: '2026' } } });
const reports = Number(values.reports.replace(/_/g, ''));
const seed = Number(values.seed);
if (!Number.isSafeInteger(reports) || reports <= 0) throw new Error('--reports must be a positive integer');

// The sizes the workflow runs with: reports per chunk (one Enrich each), index items per part (one WriteIndex each).
const { CHUNK_SIZE, INDEX_PART_SIZE } = loadConfig();
const BATCH_ID = 'b-0000000000000001';

const emit = (metric: string, value: number, unit: string): void => void process.stdout.write(`${JSON.stringify({ metric, value, unit })}\n`);
const round = (n: number): number => Math.round(n * 100) / 100;

const work = await mkdtemp(path.join(tmpdir(), 'tipline-bench-index-'));
try {
  const file = path.join(work, 'batch.jsonl');
  await generateFile({ reports, seed, format: 'jsonl', out: file });

  // What the workflow's steps would work out for this batch, without S3 or DynamoDB.
  const chunks: { reportIds: Set<string>; linkingKeys: Set<string> }[] = [];
  const batch: BatchFacts = { facts: [], keysJson: [] };
  const locations = new LocationInterner();
  const { records, info } = readBatch(createReadStream(file), { fileName: file, maxBytes: 64 * 1024 ** 3 });
  for await (const r of records) {
    if (!r.ok) continue;
    const enriched = enrichReport(r.report);
    if (batch.facts.length % CHUNK_SIZE === 0) chunks.push({ reportIds: new Set(), linkingKeys: new Set() });
    const chunk = chunks.at(-1)!;
    chunk.reportIds.add(enriched.reportId);
    for (const k of identifierKeys(enriched)) chunk.linkingKeys.add(k);
    addReport(batch, enriched, locations);
  }
  await info;
  const prior = noPriorKnowledge();
  const cases = classifyFacts(BATCH_ID, batch, prior);
  const items = [...newIndexItems(BATCH_ID, cases, (i) => linkingKeys(batch, i), prior)];
  const lookups = chunks.reduce((n, c) => n + c.reportIds.size + c.linkingKeys.size, 0);

  const dataDir = path.join(work, 'data');
  const runtime = await startLocalRuntime({ dataDir });
  try {
    let t = performance.now();
    let found = 0;
    for (const c of chunks) found += (await lookUpIndex(BATCH_ID, c.reportIds, c.linkingKeys)).length;
    const readSeconds = (performance.now() - t) / 1000;
    if (found !== 0) throw new Error(`a fresh index answered ${found} lookups`);

    t = performance.now();
    for (let i = 0; i < items.length; i += INDEX_PART_SIZE) await putIndexItems(items.slice(i, i + INDEX_PART_SIZE));
    const writeSeconds = (performance.now() - t) / 1000;

    emit(`index_lookups_at_${reports}`, lookups, 'keys');
    emit(`index_items_at_${reports}`, items.length, 'items');
    emit('index_reads_per_s', Math.round(lookups / readSeconds), 'keys/s');
    emit('index_writes_per_s', Math.round(items.length / writeSeconds), 'items/s');
    emit(`index_io_floor_seconds_at_${reports}`, round(readSeconds + writeSeconds), 's');
  } finally {
    await runtime.stop();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
