/**
 * Scale without timing (issue 9): a 5,000-report and a 50,000-report generated batch run through the
 * local runtime in this process. What the design promises (docs/design.md §2: keys and counts between states,
 * never reports) must hold at both sizes:
 *   - no state payload reaches 64 KB, and the lists of chunks and index parts the state carries hold one
 *     small number an item (a list of keys would pass 64 KB near 1.6 million reports);
 *   - state transitions grow with chunks, index parts and districts, not with reports: one Enrich per chunk,
 *     one WriteIndex per part of INDEX_PART_SIZE new index items, and Assign + Notify + DistrictDone per
 *     district, on top of a fixed count that is the same at both sizes;
 *   - so transitions per 1,000 reports at 50,000 are no more than at 5,000, and the same arithmetic puts
 *     a 1,000,000-report batch (200 chunks, its index parts, every district) under 5 per 1,000.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { generateFile } from '../../cli/commands/generate.js';
import { executionStats, workCounts, type ExecutionStats } from '../../bench/execution-stats.js';

const SMALL = 5_000;
const LARGE = 50_000;
const CHUNK_SIZE = 5_000; // the stack's default (infra/build-app.ts)
const INDEX_PART_SIZE = 50_000; // the default (shared/config.ts)
const MP_DISTRICTS = 55;
const PAYLOAD_LIMIT = 64 * 1024;
/** Transitions each chunk adds (Enrich), each index part (WriteIndex) and each district (Assign, Notify, DistrictDone). */
const PER_CHUNK = 1;
const PER_INDEX_PART = 1;
const PER_DISTRICT = 3;

interface Run extends ExecutionStats {
  reports: number;
  /** Bytes the state's lists hold per chunk (validation.chunks, enrichment) and per index part, at Classify's exit. */
  listBytes: { perChunk: number; perPart: number };
  valid: number;
  chunks: number;
  districts: number;
  indexParts: number;
  indexItems: number;
}

let work: string;
let runtime: LocalRuntime;
const runs = new Map<number, Run>();

async function run(reports: number, seed: number): Promise<Run> {
  const file = path.join(work, `scale-${reports}.jsonl`);
  await generateFile({ reports, seed, format: 'jsonl', out: file });
  const record = await runtime.runFile(file);
  const stats = executionStats(record);
  const output = JSON.parse(record.output ?? '{}') as { counts?: { valid?: number } };
  const counts = workCounts(record);
  return { ...stats, ...counts, listBytes: listBytes(record, counts), reports, valid: output.counts?.valid ?? NaN };
}

function listBytes(record: Awaited<ReturnType<LocalRuntime['runFile']>>, counts: { chunks: number; indexParts: number }): Run['listBytes'] {
  const exit = record.events.find((e) => e.stateExitedEventDetails?.name === 'Classify')?.stateExitedEventDetails?.output;
  const state = JSON.parse(exit ?? '{}') as { validation?: { chunks?: unknown }; enrichment?: unknown; classification?: { indexParts?: unknown } };
  const size = (value: unknown) => (value === undefined ? NaN : JSON.stringify(value).length);
  return {
    perChunk: (size(state.validation?.chunks) + size(state.enrichment)) / counts.chunks,
    perPart: size(state.classification?.indexParts) / counts.indexParts,
  };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tipline-scale-'));
  runtime = await startLocalRuntime({ dataDir: path.join(work, 'data') });
  expect(Number(runtime.env.CHUNK_SIZE ?? CHUNK_SIZE)).toBe(CHUNK_SIZE);
  runs.set(SMALL, await run(SMALL, 51));
  runs.set(LARGE, await run(LARGE, 52));
}, 900_000);

afterAll(async () => {
  await runtime?.stop();
  await rm(work, { recursive: true, force: true });
});

const at = (n: number): Run => runs.get(n)!;
const fixed = (r: Run): number =>
  r.transitions - r.chunks * PER_CHUNK - r.indexParts * PER_INDEX_PART - r.districts * PER_DISTRICT;

test('both batches succeed, chunked by CHUNK_SIZE, over MP districts only', () => {
  for (const n of [SMALL, LARGE]) {
    const r = at(n);
    expect(r.status).toBe('SUCCEEDED');
    expect(r.valid).toBeGreaterThan(n * 0.9);
    expect(r.chunks).toBe(Math.ceil(r.valid / CHUNK_SIZE));
    expect(r.districts).toBeGreaterThan(0);
    expect(r.districts).toBeLessThanOrEqual(MP_DISTRICTS);
  }
});

test('no state payload reaches 64 KB at either size', () => {
  for (const n of [SMALL, LARGE]) expect({ n, ...at(n).maxPayload, ok: at(n).maxPayload.bytes < PAYLOAD_LIMIT }).toMatchObject({ ok: true });
  // and it grows with chunks and districts, not reports: ten times the reports is far less than ten times the bytes
  expect(at(LARGE).maxPayload.bytes).toBeLessThan(at(SMALL).maxPayload.bytes * 3);
});

test('the lists the state carries until KeepSummaries hold one small number a chunk and a part, not keys', () => {
  // A key is about 60 bytes: at these sizes a list of keys would reach 64 KB near 1.6 million reports.
  for (const n of [SMALL, LARGE]) {
    expect(at(n).listBytes.perChunk).toBeLessThanOrEqual(24);
    expect(at(n).listBytes.perPart).toBeLessThanOrEqual(12);
  }
});

test('transitions grow with chunks and districts, not with reports', () => {
  const small = at(SMALL);
  const large = at(LARGE);
  // the same fixed part at both sizes: everything else is one per chunk and three per district
  expect(fixed(large)).toBe(fixed(small));
  expect(fixed(small)).toBeGreaterThan(0);
  expect(fixed(small)).toBeLessThanOrEqual(12);
  expect(large.transitions - small.transitions).toBeLessThanOrEqual(
    (large.chunks - small.chunks) * PER_CHUNK +
      (large.indexParts - small.indexParts) * PER_INDEX_PART +
      Math.max(0, large.districts - small.districts) * PER_DISTRICT,
  );
  // one part per INDEX_PART_SIZE new index items
  for (const r of [small, large]) expect(r.indexParts).toBe(Math.ceil(r.indexItems / INDEX_PART_SIZE));
  expect((large.transitions / LARGE) * 1000).toBeLessThanOrEqual((small.transitions / SMALL) * 1000);
});

test('the same arithmetic keeps 1,000,000 reports under 5 transitions per 1,000', () => {
  // index items grow with reports (a few per report): project the large run's rate, rounded up
  const itemsPerReport = Math.ceil(at(LARGE).indexItems / at(LARGE).valid);
  const worst =
    fixed(at(SMALL)) +
    Math.ceil(1_000_000 / CHUNK_SIZE) * PER_CHUNK +
    Math.ceil((1_000_000 * itemsPerReport) / INDEX_PART_SIZE) * PER_INDEX_PART +
    MP_DISTRICTS * PER_DISTRICT;
  expect((worst / 1_000_000) * 1000).toBeLessThanOrEqual(5);
});
