/**
 * Issue 19 end to end, on the local runtime: hostile fixtures (test/fixtures/hostile/) through the whole
 * workflow, each with its documented outcome (docs/design.md §4, §5).
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { batchRecord, batchIdOfExecution, summarizeExecution } from '../../cli/run-summary.js';
import type { Case } from '../../shared/model/case.js';
import { PROJECT_ROOT } from '../support/cli.js';

const T = 150_000;
const HOSTILE = path.join(PROJECT_ROOT, 'test/fixtures/hostile');
let work: string;
let runtime: LocalRuntime;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tipline-issue19-'));
  runtime = await startLocalRuntime({ dataDir: path.join(work, 'data'), retryPauseMs: 5, faults: {} });
}, T);

afterAll(async () => {
  await runtime?.stop();
  if (!process.env.TIPLINE_KEEP_TEST_DIRS) await rm(work, { recursive: true, force: true });
}, 60_000);

async function text(key: string): Promise<string> {
  const out = await runtime.s3.send(new GetObjectCommand({ Bucket: runtime.workBucket, Key: key }));
  return (await out.Body?.transformToString('utf-8')) ?? '';
}

async function run(file: string) {
  const record = await runtime.runFile(path.join(HOSTILE, file));
  const batch = await batchRecord(runtime, batchIdOfExecution(record));
  const summary = await summarizeExecution(runtime, record);
  const cases = batch?.allCasesKey ? (await text(batch.allCasesKey)).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Case) : [];
  const rejected = batch?.rejectedKey ? (await text(batch.rejectedKey)).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { reportId?: string; errors: { code?: string; message: string }[] }) : [];
  return { status: batch?.status ?? record.status, batch, counts: summary.counts, cases, rejected };
}

describe('identifiers and inputs, end to end', () => {
  test('placeholder identifiers link nobody: one case per report, each in its own district', async () => {
    const o = await run('placeholder-identifiers.jsonl');
    expect(o.status).toBe('SUCCEEDED');
    expect(o.cases.map((c) => c.reportIds.length)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(o.cases.map((c) => c.district).sort()).toEqual(['Bhopal', 'Dewas', 'Gwalior', 'Indore', 'Jabalpur', 'Ujjain']);
  }, T);

  test('different records under one report ID are all rejected and in no case; identical ones are one report', async () => {
    const o = await run('conflicting-report-id.jsonl');
    expect(o.counts).toMatchObject({ received: 5, valid: 3, rejected: 2, duplicates: 1 });
    expect(o.rejected.map((r) => [r.reportId, r.errors[0]!.code])).toEqual([['920000001', 'CONFLICTING_REPORT_ID'], ['920000001', 'CONFLICTING_REPORT_ID']]);
    expect(o.cases.flatMap((c) => c.reportIds).sort()).toEqual(['920000002', '920000003']);
  }, T);

  test('report IDs written as JSON numbers beyond 2^53 stay exact and apart', async () => {
    const o = await run('big-numeric-ids.json');
    expect(o.cases.flatMap((c) => c.reportIds).sort()).toEqual(['9007199254740992', '9007199254740993']);
    expect(o.cases).toHaveLength(2);
  }, T);

  test('an unmatched CSV quote: every report is in a case or named in the rejected list', async () => {
    const o = await run('unmatched-quote.csv');
    expect(o.counts).toMatchObject({ received: 4, valid: 3, rejected: 1 });
    const named = [...o.cases.flatMap((c) => c.reportIds), ...o.rejected.map((r) => r.reportId)].sort();
    expect(named).toEqual(['940000001', '940000002', '940000003', '940000004']);
  }, T);

  test('an unknown wrapper fails the file, naming its keys', async () => {
    const o = await run('wrapper-data-reports.json');
    expect(o.status).toBe('FAILED');
    expect(o.batch?.error?.message).toMatch(/found keys: "data"/);
  }, T);

  test('no value of a rejected field reaches the HQ mail', async () => {
    const o = await run('implausible-values.jsonl');
    expect(o.counts).toMatchObject({ received: 12, valid: 4, rejected: 8 });
    const mailDir = path.join(work, 'data', 'mail');
    const hq = (await readdir(mailDir)).filter((f) => f.endsWith('.json')).sort().at(-1)!;
    const mail = await readFile(path.join(mailDir, hq), 'utf-8');
    expect(mail).toContain('IMPLAUSIBLE_DATE');
    for (const value of ['0000-01-01T00:00:00Z', '9999-12-31', '-23:59', '0x10', '1e20']) expect(mail).not.toContain(value);
  }, T);
});
