/**
 * Issue 10: the workflow keeps its promises when things go wrong. All in-process on the emulators, two
 * runtimes one after the other (they share process.env, so never both at once):
 *  - clean runtime: a generated batch; the same file again (same key, another key); the S3 event delivered
 *    twice at once; two batches with the same suspects at the same time; a run that fails in the district
 *    fan-out (Notify faulted on every attempt) and is run again;
 *  - faulty runtime (TIPLINE_FAULTS with a fixed seed): the same batch gives the same cases, assignments and
 *    emails as the clean run.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { InjectedStateFault } from '../../local/faults/index.js';
import type { ExecutionRecord } from '../../local/execution-record.js';
import { batchRecord, batchIdOfExecution, summarizeExecution } from '../../cli/run-summary.js';
import { generateReports } from '../../shared/generate/generate-reports.js';
import { writeBatch } from '../../shared/generate/write-batch.js';
import type { Case } from '../../shared/model/case.js';
import type { ObjectCreatedEvent } from '../../shared/model/workflow.js';

/** Per test: the machine is shared, and a run of a few dozen reports takes seconds to tens of seconds. */
const T = 150_000;
const FAULTS = 'state:Enrich=0.3,state:Notify=0.3,dynamodb=0.1,s3=0.1,ses=0.3';
const SEED = '20261';

let work: string;
const files: Record<string, string> = {};

async function generate(name: string, reports: number, seed: number, reportIdStart: number): Promise<string> {
  const file = path.join(work, name);
  const out = createWriteStream(file);
  await writeBatch('json', generateReports({ reports, seed, reportIdStart }), out, { batchRef: name, generatedAt: '2026-10-02T00:00:00Z' });
  out.end();
  await finished(out);
  return file;
}

interface Mail { to: string; subject: string }
/**
 * The mail a runtime saved under its data dir. aws-ses-v2-local keeps one in-memory store per process, so a
 * second runtime in this process also saves what the first sent: count only mail sent since `since`.
 */
async function mails(dataDir: string, since = 0): Promise<Mail[]> {
  const dir = path.join(dataDir, 'mail');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => {
    const m = JSON.parse(await readFile(path.join(dir, n), 'utf-8')) as { at: number; destination: { to: string[] | string }; subject: string };
    return { at: m.at, to: ([] as string[]).concat(m.destination.to).join(','), subject: m.subject };
  })).then((all) => all.filter((m) => m.at >= since).map(({ to, subject }) => ({ to, subject })));
}
const isDigest = (m: Mail) => /^\[Tipline\] (?!FAILED)[^:]+: /.test(m.subject) && !/summary/i.test(m.subject);
const isFailure = (m: Mail) => m.subject.startsWith('[Tipline] FAILED');

async function scan(runtime: LocalRuntime, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const out = await runtime.ddb.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
    items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    ExclusiveStartKey = out.LastEvaluatedKey as typeof ExclusiveStartKey;
  } while (ExclusiveStartKey);
  return items;
}
const assignments = (runtime: LocalRuntime) => scan(runtime, runtime.env.CASES_TABLE!);

async function casesOf(runtime: LocalRuntime, batchId: string): Promise<Case[]> {
  const record = await batchRecord(runtime, batchId);
  if (!record?.allCasesKey) return [];
  const out = await runtime.s3.send(new GetObjectCommand({ Bucket: runtime.workBucket, Key: record.allCasesKey }));
  return ((await out.Body?.transformToString('utf-8')) ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Case);
}
const caseView = (cases: Case[]) => cases
  .map((c) => ({ caseId: c.caseId, reportIds: [...c.reportIds].sort(), district: c.district, priority: c.priority, disposition: c.disposition, reasons: [...c.reasons].sort() }))
  .sort((a, b) => a.caseId.localeCompare(b.caseId));
const assignmentView = (items: Record<string, unknown>[]) => items
  .map((i) => ({ caseId: i.caseId, batchId: i.batchId, district: i.assignedDistrict, priority: i.priority, reportIds: [...(i.reportIds as string[])].sort() }))
  .sort((a, b) => String(a.caseId).localeCompare(String(b.caseId)));

/** What the clean run of the main batch produced, to hold the faulty run to. */
let clean: { batchId: string; cases: ReturnType<typeof caseView>; assignments: ReturnType<typeof assignmentView>; mails: Mail[]; summary: Awaited<ReturnType<typeof summarizeExecution>> };

let failNotify = false;
/** How many times each execution name entered RegisterBatch, i.e. how many executions really started. */
const starts = new Map<string, number>();
let cleanDir: string;
let faultyDir: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tipline-reliability-'));
  cleanDir = path.join(work, 'clean');
  faultyDir = path.join(work, 'faulty');
  files.main = await generate('main-batch.json', 60, 101, 810_000_000);
  files.twinA = await generate('twin-a.json', 40, 202, 820_000_000);
  files.twinB = await generate('twin-b.json', 40, 202, 830_000_000);
  files.twinLater = await generate('twin-later.json', 40, 202, 835_000_000);
  files.fanout = await generate('fanout.json', 40, 303, 840_000_000);
  files.redelivered = await generate('redelivered.json', 20, 404, 850_000_000);
}, 60_000);

afterAll(async () => {
  if (!process.env.TIPLINE_KEEP_TEST_DIRS) await rm(work, { recursive: true, force: true });
});

describe('clean runtime', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startLocalRuntime({
      dataDir: cleanDir,
      retryPauseMs: 5,
      faults: {},
      onEvent: (e) => {
        if (e.type === 'entered' && e.state === 'RegisterBatch' && e.index === undefined) starts.set(e.execution, (starts.get(e.execution) ?? 0) + 1);
      },
      beforeTask: (state) => {
        if (failNotify && state === 'Notify') throw new InjectedStateFault(state);
      },
    });
  }, 120_000);
  afterAll(async () => {
    await runtime?.stop();
  }, 60_000);

  let first: ExecutionRecord;

  test('a generated batch runs clean', async () => {
    first = await runtime.runFile(files.main!);
    expect(first.status).toBe('SUCCEEDED');
    const summary = await summarizeExecution(runtime, first);
    const batchId = batchIdOfExecution(first);
    const sent = await mails(cleanDir);
    clean = { batchId, summary, cases: caseView(await casesOf(runtime, batchId)), assignments: assignmentView(await assignments(runtime)), mails: sent };
    expect(summary.counts.received).toBe(60);
    expect(summary.counts.received).toBe(summary.counts.valid + summary.counts.rejected);
    expect(clean.cases.flatMap((c) => c.reportIds)).toHaveLength(summary.counts.valid);
    expect(clean.assignments.length).toBe(summary.counts.actionable);
    expect(clean.assignments.length).toBeGreaterThan(0);
    expect(sent.filter(isDigest).length).toBe(Object.keys(summary.districts).length);
    expect(sent.length).toBe(summary.emails);
  }, T);

  test('the same file dropped again under the same key: same execution, nothing added, nothing sent', async () => {
    const again = await runtime.runFile(files.main!);
    expect(again.name).toBe(first.name);
    expect(assignmentView(await assignments(runtime))).toEqual(clean.assignments);
    expect(await mails(cleanDir)).toHaveLength(clean.mails.length);
  }, T);

  test('the same file under another key: a new batch of duplicates, no new assignment, no district email', async () => {
    const copy = await runtime.runFile(files.main!, 'incoming/main-batch-copy.json');
    expect(copy.status).toBe('SUCCEEDED');
    expect(copy.name).not.toBe(first.name);
    const summary = await summarizeExecution(runtime, copy);
    expect(summary.counts.duplicates).toBe(summary.counts.valid);
    expect(summary.counts.actionable).toBe(0);
    expect(assignmentView(await assignments(runtime))).toEqual(clean.assignments);
    const newMail = (await mails(cleanDir)).slice(clean.mails.length);
    expect(newMail.filter(isDigest)).toEqual([]);
    // at most the new batch's HQ summary
    expect(newMail.length).toBeLessThanOrEqual(1);
  }, T);

  let redelivered: ExecutionRecord;
  test('the S3 event delivered twice (at once, and again later): nothing assigned twice, nothing sent twice', async () => {
    const key = 'manual/redelivered.json'; // outside incoming/: the bucket rule does not fire, we deliver by hand
    await runtime.s3.send(new PutObjectCommand({ Bucket: runtime.ingestBucket, Key: key, Body: await readFile(files.redelivered!) }));
    const head = await runtime.s3.send(new HeadObjectCommand({ Bucket: runtime.ingestBucket, Key: key }));
    const template = JSON.parse(first.input) as ObjectCreatedEvent;
    const event: ObjectCreatedEvent = {
      ...template,
      detail: { ...template.detail, object: { ...template.detail.object, key, size: head.ContentLength ?? 0, etag: (head.ETag ?? '').replace(/"/g, '') } },
    };
    const before = (await mails(cleanDir)).length;
    const assignedBefore = (await assignments(runtime)).length;
    const [a, b] = await Promise.all([runtime.deliver(event), runtime.deliver(structuredClone(event))]);
    expect(a.status).toBe('SUCCEEDED');
    expect(b.status).toBe('SUCCEEDED');
    expect(b.name).toBe(a.name);
    expect(starts.get(a.name)).toBeGreaterThanOrEqual(1);
    const c = await runtime.deliver(structuredClone(event));
    expect(c.name).toBe(a.name);
    expect((await readdir(path.join(cleanDir, 'executions'))).filter((f) => f.startsWith(a.name))).toHaveLength(1);
    redelivered = a;
    const summary = await summarizeExecution(runtime, a);
    expect(summary.counts.actionable).toBeGreaterThan(0);
    const added = (await mails(cleanDir)).slice(before);
    expect(added.filter(isDigest).length).toBe(Object.keys(summary.districts).length);
    expect(new Set(added.map((m) => `${m.to} ${m.subject}`)).size).toBe(added.length);
    const assigned = await assignments(runtime);
    expect(assigned.length - assignedBefore).toBe(summary.counts.actionable);
    expect(new Set(assigned.map((i) => i.caseId)).size).toBe(assigned.length);
  }, T);

  // Two deliveries of one event in the same tick find one execution (as StartExecution with one name would).
  test('the S3 event delivered twice at once starts exactly one execution', () => {
    expect(redelivered).toBeDefined();
    expect(starts.get(redelivered.name)).toBe(1);
  });

  test('two batches at once (same suspects): both complete; the identifier index stays consistent', async () => {
    const [a, b] = await Promise.all([runtime.runFile(files.twinA!), runtime.runFile(files.twinB!)]);
    expect([a.status, b.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const batches = [batchIdOfExecution(a), batchIdOfExecution(b)];
    const casesByBatch = new Map<string, Map<string, Case>>();
    for (const batchId of batches) casesByBatch.set(batchId, new Map((await casesOf(runtime, batchId)).map((c) => [c.caseId, c])));
    for (const [batchId, cases] of casesByBatch) {
      const summary = await summarizeExecution(runtime, batchId === batches[0] ? a : b);
      expect(summary.counts.received).toBe(summary.counts.valid + summary.counts.rejected);
      const reportIds = [...cases.values()].flatMap((c) => c.reportIds);
      expect(new Set(reportIds).size).toBe(reportIds.length);
      expect(reportIds.length).toBe(summary.counts.valid);
    }
    const index = await scan(runtime, runtime.env.INDEX_TABLE!);
    for (const item of index) {
      const pk = String(item.pk);
      const cases = casesByBatch.get(String(item.batchId));
      if (!cases) continue; // an entry of another test's batch
      // every index entry names a case that exists in the batch it names
      const c = cases.get(String(item.caseId));
      expect(c ? 'ok' : `${pk} → missing case ${String(item.caseId)} of ${String(item.batchId)}`).toBe('ok');
      if (pk.startsWith('REPORT#')) expect(c!.reportIds).toContain(pk.slice(7));
      else expect(item.district ?? null).toBe(c!.district ?? null);
    }
    // every report of both batches is registered once, to the batch and case that hold it
    const registered = new Map(index.filter((i) => String(i.pk).startsWith('REPORT#')).map((i) => [String(i.pk).slice(7), i]));
    for (const [batchId, cases] of casesByBatch) {
      for (const c of cases.values()) for (const id of c.reportIds) {
        expect(registered.get(id)).toMatchObject({ batchId, caseId: c.caseId });
      }
    }
    // no case is assigned twice
    const assigned = await assignments(runtime);
    expect(new Set(assigned.map((i) => i.caseId)).size).toBe(assigned.length);
  }, T);

  test('a later batch with the same suspects (new report IDs) links to the earlier cases and goes to their districts', async () => {
    const later = await runtime.runFile(files.twinLater!);
    expect(later.status).toBe('SUCCEEDED');
    // every case of the batches the index names (the twins ran in the test above)
    const earlier = new Map<string, Case>();
    const batches = new Set((await scan(runtime, runtime.env.INDEX_TABLE!)).map((i) => String(i.batchId)));
    batches.delete(batchIdOfExecution(later));
    for (const batchId of batches) for (const c of await casesOf(runtime, batchId)) earlier.set(c.caseId, c);
    const cases = await casesOf(runtime, batchIdOfExecution(later));
    const linked = cases.filter((c) => c.linkedCaseIds.length > 0);
    // the generator gives both twins' suspects the same identifiers: most cases find an earlier one
    expect(linked.length).toBeGreaterThan(cases.length / 2);
    for (const c of linked) {
      expect(c.reasons).toContain('LINKED_TO_EXISTING_CASE');
      const anchors = c.linkedCaseIds.map((id) => earlier.get(id));
      expect(anchors.every((a) => a !== undefined && a.batchId !== c.batchId)).toBe(true);
      const districts = anchors.map((a) => a!.district).filter((d): d is string => d !== null);
      if (districts.length > 0) expect(districts).toContain(c.district);
    }
    // none of its reports was seen before: no duplicates
    const summary = await summarizeExecution(runtime, later);
    expect(summary.counts.duplicates).toBe(0);
  }, T);

  test('a run that fails in the district fan-out ends FAILED with a reason and an HQ failure email; run again, each district is emailed once', async () => {
    const before = (await mails(cleanDir)).length;
    failNotify = true;
    let failed: ExecutionRecord;
    try {
      failed = await runtime.runFile(files.fanout!);
    } finally {
      failNotify = false;
    }
    expect(failed.status).toBe('FAILED');
    const batchId = batchIdOfExecution(failed);
    const record = await batchRecord(runtime, batchId);
    expect(record?.status).toBe('FAILED');
    expect(record?.error?.name).toBe('TransientError');
    expect(record?.error?.message).toMatch(/Notify/);
    const failMail = (await mails(cleanDir)).slice(before);
    expect(failMail.filter(isFailure)).toHaveLength(1);
    expect(failMail.filter(isFailure)[0]!.subject).toContain(batchId);
    expect(failMail.filter(isDigest)).toEqual([]);
    const assignedAfterFailure = assignmentView(await assignments(runtime)).filter((i) => i.batchId === batchId);

    const rerun = await runtime.runFile(files.fanout!);
    expect(rerun.status).toBe('SUCCEEDED');
    expect(rerun.name).toBe(`${failed.name}-r2`);
    const summary = await summarizeExecution(runtime, rerun);
    expect(summary.batchId).toBe(batchId);
    expect(summary.counts.duplicates).toBe(0);
    expect((await batchRecord(runtime, batchId))?.status).toBe('SUCCEEDED');
    const assigned = assignmentView(await assignments(runtime)).filter((i) => i.batchId === batchId);
    expect(assigned).toHaveLength(summary.counts.actionable);
    expect(new Set(assigned.map((i) => i.caseId)).size).toBe(assigned.length);
    // what Assign wrote before the failure is still there, unchanged, and not written twice
    for (const a of assignedAfterFailure) expect(assigned).toContainEqual(a);
    const all = (await mails(cleanDir)).slice(before);
    const digests = all.filter(isDigest);
    expect(digests.length).toBe(Object.keys(summary.districts).length);
    expect(new Set(digests.map((m) => m.to)).size).toBe(digests.length);
    expect(all.filter(isFailure)).toHaveLength(1);
  }, T);
});

describe('faulty runtime', () => {
  let runtime: LocalRuntime;
  let since: number;
  beforeAll(async () => {
    since = Math.floor(Date.now() / 1000) + 1; // (mail time is in whole seconds; this runtime sends nothing in its first second)
    runtime = await startLocalRuntime({ dataDir: faultyDir, retryPauseMs: 5, faults: { TIPLINE_FAULTS: FAULTS, TIPLINE_FAULT_SEED: SEED } });
  }, 120_000);
  afterAll(async () => {
    await runtime?.stop();
  }, 60_000);

  test(`with ${FAULTS}: the same cases, assignments and emails as the fault-free run`, async () => {
    expect(clean).toBeDefined();
    const record = await runtime.runFile(files.main!);
    const stats = runtime.faults!.stats();
    expect(record.status).toBe('SUCCEEDED');
    // the faults did happen, and the workflow retried through them
    const injected = Object.values(stats.states).reduce((n, s) => n + s.faults, 0) + Object.values(stats.services).reduce((n, s) => n + s.faults, 0);
    expect(injected).toBeGreaterThan(0);
    const taskFailures = record.events.filter((e) => e.type === 'TaskFailed').length;
    expect(taskFailures).toBeGreaterThan(0);

    const summary = await summarizeExecution(runtime, record);
    const batchId = batchIdOfExecution(record);
    expect(batchId).toBe(clean.batchId);
    expect(summary.counts).toEqual(clean.summary.counts);
    expect(summary.districts).toEqual(clean.summary.districts);
    expect(caseView(await casesOf(runtime, batchId))).toEqual(clean.cases);
    expect(assignmentView(await assignments(runtime))).toEqual(clean.assignments);
    const sent = await mails(faultyDir, since);
    expect(sent.length).toBe(clean.mails.length);
    expect(sent.map((m) => `${m.to} ${m.subject}`).sort()).toEqual(clean.mails.map((m) => `${m.to} ${m.subject}`).sort());
    expect(sent.filter(isFailure)).toEqual([]);
    process.stdout.write(`fault stats: ${JSON.stringify(stats)}; TaskFailed events: ${taskFailures}\n`);
  }, T);
});
