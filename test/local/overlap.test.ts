/**
 * Issue 18, "one answer whatever the timing": batches whose executions overlap give the result of the same
 * batches run one after the other. On the real local runtime (emulators, the synthesized state machine), two
 * executions are started so that the second starts while the first holds the linking lease (it is in its
 * Enrich Map), and each order of completion is forced by holding one execution's Finalize until the other has
 * ended (the runtime's beforeTask may return a promise):
 *  - the same reports under two names: each report ID is assigned once, the later batch is all duplicates;
 *  - one suspect (same email and phone) in two files whose addresses are in different districts: one district,
 *    the later case linked to the earlier (LINKED_TO_EXISTING_CASE);
 *  - and the same reports dropped at the same moment with nothing forced.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import type { ExecutionRecord } from '../../local/execution-record.js';
import { batchIdOfExecution, batchRecord, summarizeExecution } from '../../cli/run-summary.js';
import { generateReports } from '../../shared/generate/generate-reports.js';
import { writeBatch } from '../../shared/generate/write-batch.js';
import type { Case } from '../../shared/model/case.js';

const T = 120_000;

let work: string;
let runtime: LocalRuntime;

/**
 * The ordering of one scenario: when the first execution enters its Enrich Map (it holds the lease), the
 * second is started; the Finalize of `hold` waits until the other execution has ended.
 */
let scenario:
  | { first?: string; startSecond: () => void; hold: 'first' | 'second'; otherEnded: Promise<unknown>; releaseHeld: () => void }
  | undefined;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tipline-overlap-'));
  runtime = await startLocalRuntime({
    dataDir: path.join(work, 'data'),
    retryPauseMs: 5,
    faults: {},
    onEvent: (e) => {
      if (!scenario || e.type !== 'entered' || e.state !== 'EnrichChunks') return;
      if (scenario.first === undefined) {
        scenario.first = e.execution;
        scenario.startSecond();
      }
    },
    beforeTask: async (state, execution) => {
      if (!scenario || state !== 'Finalize' || scenario.first === undefined) return;
      const isFirst = execution === scenario.first;
      if ((scenario.hold === 'first') === isFirst) await scenario.otherEnded;
    },
  });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  if (!process.env.TIPLINE_KEEP_TEST_DIRS) await rm(work, { recursive: true, force: true });
}, 60_000);

async function generate(name: string, reports: number, seed: number, reportIdStart: number): Promise<string> {
  const file = path.join(work, name);
  const out = createWriteStream(file);
  await writeBatch('json', generateReports({ reports, seed, reportIdStart }), out, { batchRef: name, generatedAt: '2026-10-02T00:00:00Z' });
  out.end();
  await finished(out);
  return file;
}

/** A one-report batch: a P1 report (NCMEC priority 1) about a suspect with this email, phone and home city. */
async function suspectFile(name: string, reportId: string, suspect: { email: string; phone: string; city: string; pin: string }): Promise<string> {
  const file = path.join(work, name);
  const report = {
    reportId,
    ncmecPriority: '1',
    referral: true,
    report: {
      incidentSummary: { incidentType: 'Online Enticement of Children for Sexual Acts', incidentDateTime: '2026-09-30T18:22:11+05:30' },
      reporter: { companyName: 'ExampleChat' },
      personOrUserReported: [{
        personOrUserReportedPerson: {
          email: [suspect.email],
          phone: [{ value: suspect.phone, countryCallingCode: '+91', type: 'Mobile' }],
          address: [{ city: suspect.city, zipCode: suspect.pin, nonUsaState: 'Madhya Pradesh', country: 'IN' }],
        },
      }],
    },
    fileDetails: [{ fileId: `f-${reportId}`, industryClassification: 'A1', fileViewedByEsp: true }],
  };
  await writeFile(file, JSON.stringify({ batchRef: name, generatedAt: '2026-10-02T00:00:00Z', reports: [report] }));
  return file;
}

async function scan(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const out = await runtime.ddb.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
    items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    ExclusiveStartKey = out.LastEvaluatedKey as typeof ExclusiveStartKey;
  } while (ExclusiveStartKey);
  return items;
}

async function casesOf(execution: ExecutionRecord): Promise<Case[]> {
  const record = await batchRecord(runtime, batchIdOfExecution(execution));
  const out = await runtime.s3.send(new GetObjectCommand({ Bucket: runtime.workBucket, Key: record!.allCasesKey! }));
  return ((await out.Body?.transformToString('utf-8')) ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Case);
}

/**
 * Starts `a`; once it holds the linking lease, starts `b`. `finishFirst` says which of the two ends first
 * (the other's Finalize waits for it). Returns them in the order they took the lease.
 */
async function overlap(a: { file: string; key: string }, b: { file: string; key: string }, finishFirst: 'first' | 'second') {
  let releaseHeld!: () => void;
  // (in an object: a promise resolved with a promise would wait for the second run to end)
  let startedSecond!: (started: { run: Promise<ExecutionRecord> }) => void;
  const second = new Promise<{ run: Promise<ExecutionRecord> }>((resolve) => (startedSecond = resolve));
  const otherEnded = new Promise<unknown>((resolve) => (releaseHeld = () => resolve(undefined)));
  scenario = {
    startSecond: () => startedSecond({ run: runtime.runFile(b.file, b.key) }),
    hold: finishFirst === 'first' ? 'second' : 'first',
    otherEnded,
    releaseHeld,
  };
  const firstRun = runtime.runFile(a.file, a.key);
  // the held execution's Finalize goes on once the other one has ended
  const secondRun = (await second).run;
  void (finishFirst === 'first' ? firstRun : secondRun).finally(releaseHeld);
  try {
    const [first, later] = await Promise.all([firstRun, secondRun]);
    return { first, later };
  } finally {
    scenario = undefined;
  }
}

/** The second execution really overlapped the first: it found the lease held and waited for it. */
function waitedForLease(execution: ExecutionRecord): number {
  return execution.events.filter((e) => e.type === 'TaskFailed' && e.taskFailedEventDetails?.error === 'LinkingBusy').length;
}

function expectOrder(first: ExecutionRecord, later: ExecutionRecord, finishFirst: 'first' | 'second') {
  expect([first.status, later.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  expect(Date.parse(later.startDate)).toBeLessThan(Date.parse(first.stopDate!));
  expect(waitedForLease(later)).toBeGreaterThan(0);
  expect(waitedForLease(first)).toBe(0);
  const [a, b] = [Date.parse(first.stopDate!), Date.parse(later.stopDate!)];
  if (finishFirst === 'first') expect(a).toBeLessThanOrEqual(b);
  else expect(b).toBeLessThanOrEqual(a);
}

/** The same reports under two names: what one run assigns, once; the other batch is all duplicates. */
async function expectOneAssignment(first: ExecutionRecord, later: ExecutionRecord, assignedBefore: Set<string>) {
  const s1 = await summarizeExecution(runtime, first);
  const s2 = await summarizeExecution(runtime, later);
  expect(s1.counts.duplicates).toBe(0);
  expect(s1.counts.actionable).toBeGreaterThan(0);
  expect(s2.counts.received).toBe(s1.counts.received);
  expect(s2.counts.duplicates).toBe(s2.counts.received);
  expect(s2.counts.actionable).toBe(0);
  expect(s2.districts).toEqual({});
  const added = (await scan(runtime.env.CASES_TABLE!)).filter((i) => !assignedBefore.has(String(i.caseId)));
  expect(added.map((i) => i.batchId)).toEqual(added.map(() => batchIdOfExecution(first)));
  expect(added).toHaveLength(s1.counts.actionable);
  const ids = added.flatMap((i) => i.reportIds as string[]);
  expect(new Set(ids).size).toBe(ids.length);
  // every report ID is registered once, to the first batch
  const later2 = await casesOf(later);
  const registry = new Map((await scan(runtime.env.INDEX_TABLE!)).map((i) => [String(i.pk), i]));
  for (const c of later2) {
    expect(c.disposition).toBe('duplicate');
    for (const id of c.reportIds) expect(registry.get(`REPORT#${id}`)?.batchId).toBe(batchIdOfExecution(first));
  }
}

/** One suspect in both files: one district (the first batch's), the later case linked to the earlier. */
async function expectLinked(first: ExecutionRecord, later: ExecutionRecord, firstDistrict: string) {
  const [earlier] = await casesOf(first);
  const [linked] = await casesOf(later);
  expect(earlier).toMatchObject({ district: firstDistrict, disposition: 'actionable', linkedCaseIds: [] });
  expect(earlier!.reasons).not.toContain('LINKED_TO_EXISTING_CASE');
  expect(linked).toMatchObject({ district: firstDistrict, disposition: 'actionable', linkedCaseIds: [earlier!.caseId] });
  expect(linked!.reasons).toContain('LINKED_TO_EXISTING_CASE');
  const assigned = (await scan(runtime.env.CASES_TABLE!)).filter((i) => i.caseId === earlier!.caseId || i.caseId === linked!.caseId);
  expect(assigned.map((i) => i.assignedDistrict)).toEqual([firstDistrict, firstDistrict]);
}

const assignedIds = async () => new Set((await scan(runtime.env.CASES_TABLE!)).map((i) => String(i.caseId)));

describe('two overlapping runs of the same reports under two names', () => {
  test.each(['first', 'second'] as const)('the one that links first ends %s: each report ID assigned once, the other all duplicates', async (finishFirst) => {
    const seed = finishFirst === 'first' ? 611 : 612;
    const file = await generate(`same-${seed}.json`, 30, seed, 870_000_000 + seed * 1000);
    const before = await assignedIds();
    const { first, later } = await overlap({ file, key: `incoming/same-${seed}-a.json` }, { file, key: `incoming/same-${seed}-b.json` }, finishFirst);
    expectOrder(first, later, finishFirst);
    await expectOneAssignment(first, later, before);
  }, T);
});

describe('two overlapping runs that share a suspect (same email and phone, addresses in different districts)', () => {
  test.each([
    ['first', { city: 'Indore', pin: '452001' }, { city: 'Bhopal', pin: '462001' }, 'Indore'],
    ['second', { city: 'Bhopal', pin: '462001' }, { city: 'Indore', pin: '452001' }, 'Bhopal'],
  ] as const)('the one that links first ends %s: one district, the later case linked', async (finishFirst, home1, home2, district) => {
    const n = finishFirst === 'first' ? 1 : 2;
    const suspect = { email: `r.malviya${n}@gmail.com`, phone: `98260${n}2345` };
    const f1 = await suspectFile(`suspect-${n}-a.json`, `88000${n}001`, { ...suspect, ...home1 });
    const f2 = await suspectFile(`suspect-${n}-b.json`, `88000${n}002`, { ...suspect, ...home2 });
    const { first, later } = await overlap({ file: f1, key: `incoming/suspect-${n}-a.json` }, { file: f2, key: `incoming/suspect-${n}-b.json` }, finishFirst);
    expectOrder(first, later, finishFirst);
    await expectLinked(first, later, district);
  }, T);
});

test('the same reports dropped under two names at the same moment: the result of one run after the other', async () => {
  const file = await generate('same-at-once.json', 30, 613, 880_000_000);
  const before = await assignedIds();
  const [a, b] = await Promise.all([runtime.runFile(file, 'incoming/at-once-a.json'), runtime.runFile(file, 'incoming/at-once-b.json')]);
  expect([a.status, b.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  const [sa, sb] = [await summarizeExecution(runtime, a), await summarizeExecution(runtime, b)];
  // whichever took the lease first is the "first run"
  const [first, later] = sa.counts.duplicates === 0 ? [a, b] : [b, a];
  await expectOneAssignment(first, later, before);
  expect(sa.counts.actionable + sb.counts.actionable).toBe(Math.max(sa.counts.actionable, sb.counts.actionable));
}, T);
