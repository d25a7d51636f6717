/**
 * Fan-out against the emulators (dynalite, aws-ses-v2-local), in-process: what the example batch writes to
 * DynamoDB, the access patterns the tables serve, and that neither a second execution for the same upload
 * nor a retried Assign/Notify writes or sends anything again.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import type { ExecutionRecord } from '../../local/execution-record.js';
import { PROJECT_ROOT } from '../support/cli.js';
import { assignmentsOfBatch, assignmentsOfDistrict } from '../../shared/aws/assignments.js';
import { getBatch } from '../../shared/aws/batch-records.js';
import type { DistrictTaskInput, RunSummary } from '../../shared/model/workflow.js';

let dataDir: string;
let runtime: LocalRuntime;
let first: ExecutionRecord;
let summary: RunSummary;

async function itemCount(table: string): Promise<number> {
  const out = await runtime.ddb.send(new ScanCommand({ TableName: table, Select: 'COUNT' }));
  return out.Count ?? 0;
}
const tableCounts = async () => ({
  batches: await itemCount(runtime.env.BATCHES_TABLE!),
  cases: await itemCount(runtime.env.CASES_TABLE!),
  index: await itemCount(runtime.env.INDEX_TABLE!),
});
const mailCount = async () => (await readdir(path.join(dataDir, 'mail'))).filter((f) => f.endsWith('.json')).length;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tipline-fanout-'));
  runtime = await startLocalRuntime({ dataDir });
  first = await runtime.runFile(path.join(PROJECT_ROOT, 'test/fixtures/example-batch.json'));
  summary = JSON.parse(first.output!) as RunSummary;
}, 240_000);

afterAll(async () => {
  await runtime?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

test('the batch record holds status, file fingerprint, counts, per-district counts and timings', async () => {
  expect(first.status).toBe('SUCCEEDED');
  const record = await getBatch(summary.batchId);
  expect(record).toMatchObject({
    status: 'SUCCEEDED',
    execution: first.name,
    key: 'incoming/example-batch.json',
    file: { sha256: summary.file.sha256, format: 'json', gzip: false },
    counts: summary.counts,
    districts: summary.districts,
    emails: 4,
  });
  expect(Object.keys(record!.timings ?? {})).toEqual(expect.arrayContaining(['validatedAt', 'classifiedAt', 'finishedAt']));
});

test('assignments are queryable by batch, by district newest first and by priority', async () => {
  const ofBatch = await assignmentsOfBatch(summary.batchId);
  expect(ofBatch.map((a) => a.reportIds.join('+')).sort()).toEqual(['900000100', '900000101', '900000104+900000105', '900000106']);
  const indoreNewest = await assignmentsOfDistrict('Indore', 'newest');
  expect(indoreNewest.map((a) => a.reportIds[0])).toEqual(['900000106', '900000100']); // incidents 2026-10-11, 2026-08-05
  const jabalpur = await assignmentsOfDistrict('Jabalpur', 'priority');
  expect(jabalpur).toHaveLength(1);
  expect(jabalpur[0]).toMatchObject({ priority: 'P1', disposition: 'actionable', locationSource: 'cell' });
  // no identifier is stored on an assignment item
  expect(JSON.stringify(ofBatch)).not.toMatch(/@mail\.example|\+91|\d+\.\d+\.\d+\.\d+/);
});

test('a second execution for the same upload ends at once and adds nothing', async () => {
  const before = { tables: await tableCounts(), mail: await mailCount() };
  const event = JSON.parse(first.input);
  const second = await runtime.deliver(event, 'redelivered-with-another-name');
  expect(second.status).toBe('SUCCEEDED');
  const entered = second.events.filter((e) => e.type.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails!.name);
  expect(entered).toEqual(['RegisterBatch', 'AlreadyHandled?', 'AlreadyProcessed']);
  expect(await tableCounts()).toEqual(before.tables);
  expect(await mailCount()).toBe(before.mail);
}, 60_000);

test('Assign and Notify retried after they succeeded write and send nothing new', async () => {
  const before = { tables: await tableCounts(), mail: await mailCount() };
  const { handler: assign } = await import('../../functions/assign/handler.js');
  const { handler: notify } = await import('../../functions/notify/handler.js');
  const finalState = JSON.parse(first.events.find((e) => e.type === 'TaskStateEntered' && e.stateEnteredEventDetails?.name === 'Finalize')!.stateEnteredEventDetails!.input!);
  const batch = finalState.batch;
  for (const work of finalState.classification.districts) {
    const input: DistrictTaskInput = { batch, work };
    const assigned = await assign(input, {} as never);
    expect(assigned).toMatchObject({ written: 0, alreadyPresent: work.cases });
    const notified = await notify(input, {} as never);
    expect(notified).toMatchObject({ sent: false });
  }
  await runtime.idle();
  expect(await tableCounts()).toEqual(before.tables);
  expect(before.mail).toBe(4);
  expect(await mailCount()).toBe(before.mail);
}, 60_000);
