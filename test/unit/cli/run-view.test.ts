import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IO_LIMIT, buildRunView, buildTimeline, runRow, summarizeRejected, type ExecutionLike } from '../../../shared/runs/run-view.js';
import { formatRunView, formatRunsTable } from '../../../cli/format-run.js';
import type { HistoryEvent } from '../../../shared/runs/history-event.js';
import type { BatchRecord } from '../../../shared/aws/batch-records.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const load = (name: string) => JSON.parse(readFileSync(path.join(here, 'fixtures', name), 'utf-8')) as ExecutionLike;

describe('buildRunView on a recorded local run', () => {
  const succeeded = load('succeeded.execution.json');
  const failed = load('failed-dtd.execution.json');

  it('gives the state-by-state timeline of a succeeded run, Map iterations included', () => {
    const view = buildRunView(succeeded);
    expect(view.status).toBe('SUCCEEDED');
    expect(view.batchId).toBe('b-95dbbc740ffda511');
    expect(view.file).toMatchObject({ key: 'incoming/example-batch.json', format: 'json' });
    const top = view.timeline.filter((t) => !t.map).map((t) => t.state);
    expect(top).toEqual(['RegisterBatch', 'AlreadyHandled?', 'Validate', 'EnrichChunks', 'Classify', 'FanOutDistricts', 'Finalize']);
    const assigns = view.timeline.filter((t) => t.state === 'Assign');
    expect(assigns.map((a) => a.mapIndex).sort()).toEqual([0, 1, 2]);
    expect(assigns.every((a) => a.map === 'FanOutDistricts' && a.exitedAt && a.durationMs !== undefined)).toBe(true);
    expect(view.timeline.every((t) => t.retries === 0 && !t.error)).toBe(true);
    expect(view.failedAt).toBeUndefined();
  });

  it('counts per step, per district, and the emails sent', () => {
    const view = buildRunView(succeeded);
    const step = (s: string) => view.steps.find((x) => x.state === s)!;
    expect(step('Validate').counts).toMatchObject({ received: 7, valid: 7, rejected: 0 });
    expect(step('Assign')).toMatchObject({ runs: 3, counts: { written: 4 } });
    expect(step('Notify').counts.sent).toBe(3);
    expect(view.counts).toEqual({ received: 7, rejected: 0, valid: 7, duplicates: 0, cases: 6, actionable: 4, review: 1, notActionable: 1 });
    expect(view.districts).toEqual({ Bhopal: { cases: 1, P1: 1, P2: 0, P3: 0 }, Indore: { cases: 2, P1: 0, P2: 2, P3: 0 }, Jabalpur: { cases: 1, P1: 1, P2: 0, P3: 0 } });
    expect(view.emails).toBe(4);
  });

  it('says where and why a failed run (XML with a DTD) failed', () => {
    const view = buildRunView(failed);
    expect(view.status).toBe('FAILED');
    expect(view.batchId).toBe('b-1e2fc89f57771f4e');
    expect(view.failedAt).toEqual({ state: 'Validate', error: 'UnreadableFileError', cause: 'incoming/dtd-batch.xml: XML declares a DTD or entities; refused' });
    expect(view.timeline.map((t) => t.state)).toEqual(['RegisterBatch', 'AlreadyHandled?', 'Validate', 'MarkFailed', 'Failed']);
    expect(view.timeline.find((t) => t.state === 'Validate')).toMatchObject({ error: 'UnreadableFileError' });
    // The HQ failure email MarkFailed sends is this run's email.
    expect(view.emails).toBe(1);
    expect(view.emailsBy).toEqual({ districts: 0, hq: 1 });
    expect(view.steps.find((s) => s.state === 'Validate')).toMatchObject({ failures: 1, failedAttempts: 1 });
  });

  it('names Map iterations by what they process, and shows each state\'s input and output', () => {
    const view = buildRunView(succeeded);
    expect(view.emailsBy).toEqual({ districts: 3, hq: 1 });
    const fanOut = view.maps.find((m) => m.map === 'FanOutDistricts')!;
    expect(fanOut.iterations.map((i) => [i.label, i.status])).toEqual([['Bhopal', 'SUCCEEDED'], ['Indore', 'SUCCEEDED'], ['Jabalpur', 'SUCCEEDED']]);
    for (const it of fanOut.iterations) expect(it.entries.map((i) => view.timeline[i]!.state)).toEqual(expect.arrayContaining(['Assign', 'Notify']));
    expect(view.maps.find((m) => m.map === 'EnrichChunks')!.iterations.map((i) => i.label)).toEqual(['chunk 1 of 1']);
    const notify = view.timeline.find((t) => t.state === 'Notify' && t.iteration === 'Indore')!;
    expect(JSON.parse(notify.input!).work.district).toBe('Indore');
    expect(JSON.parse(notify.output!).notification).toMatchObject({ district: 'Indore', recipient: 'Commissioner of Police, Indore' });
  });

  it('prefers the batch record (error with its state, counts) when there is one', () => {
    const batch = { batchId: 'b-1e2fc89f57771f4e', status: 'FAILED', execution: failed.name, counts: { received: 0 }, error: { name: 'UnreadableFileError', message: 'refused', state: 'Validate' } } as unknown as BatchRecord;
    expect(buildRunView(failed, batch).failedAt).toEqual({ state: 'Validate', error: 'UnreadableFileError', cause: 'refused' });
  });

  it('renders text for a succeeded and a failed run', () => {
    const ok = formatRunView(buildRunView(succeeded, undefined, { total: 0, byPath: {} }));
    expect(ok).toContain('✔ incoming/example-batch.json  SUCCEEDED');
    // Map iterations one line each, named by the district they process.
    expect(ok).toMatch(/\n +Indore +Assign→Notify→DistrictDone /);
    expect(ok).toMatch(/started \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(\d\d:\d\d:\d\d IST\)/);
    expect(ok).toMatch(/Indore\s+2\s+P1 0 {2}P2 2 {2}P3 0/);
    expect(ok).toContain('emails sent: 4');
    const bad = formatRunView(buildRunView(failed));
    expect(bad).toContain('✘ incoming/dtd-batch.xml  FAILED');
    expect(bad).toContain('FAILED at Validate: UnreadableFileError');
    expect(bad).toContain('XML declares a DTD or entities; refused');
    const table = formatRunsTable([runRow(succeeded), runRow(failed)]);
    expect(table.split('\n')[0]).toMatch(/^STARTED \(UTC\)\s+IST\s+STATUS\s+BATCH\s+FILE\s+DURATION\s+RECV\/VALID\/REJ\s+DUPS/);
    expect(table).toContain('b-95dbbc740ffda511');
    expect(table).toContain('7/7/0');
  });
});

describe('buildTimeline on AWS-ordered history with retries', () => {
  const fn = 'arn:aws:lambda:ap-south-1:123456789012:function:TiplineRouter-PipelineStepsAssignFunctionCB9B4E3-AbC';
  let id = 0;
  const ev = (type: string, at: number, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({ id: ++id, previousEventId: id - 1, type, timestamp: new Date(Date.UTC(2026, 10, 1, 0, 0, at)).toISOString(), ...extra });
  const details = { resourceType: 'lambda', resource: fn };
  const events: HistoryEvent[] = [
    ev('ExecutionStarted', 0, { executionStartedEventDetails: {} }),
    ev('TaskStateEntered', 1, { stateEnteredEventDetails: { name: 'Assign' } }),
    ev('TaskScheduled', 1, { taskScheduledEventDetails: { ...details, region: 'ap-south-1' } }),
    ev('TaskStarted', 1, { taskStartedEventDetails: details }),
    ev('TaskFailed', 2, { taskFailedEventDetails: { ...details, error: 'ProvisionedThroughputExceededException', cause: 'slow down' } }),
    ev('TaskScheduled', 4, { taskScheduledEventDetails: { ...details, region: 'ap-south-1' } }),
    ev('TaskStarted', 4, { taskStartedEventDetails: details }),
    ev('TaskSucceeded', 5, { taskSucceededEventDetails: { ...details, output: '{"district":"Indore","written":2,"alreadyPresent":0}' } }),
    ev('TaskStateExited', 5, { stateExitedEventDetails: { name: 'Assign' } }),
    ev('ExecutionSucceeded', 6, { executionSucceededEventDetails: {} }),
  ];

  it('counts retries, clears the error once a retry succeeds, and times the state', () => {
    const { timeline, steps } = buildTimeline(events);
    expect(timeline).toEqual([expect.objectContaining({ state: 'Assign', type: 'Task', retries: 1, durationMs: 4000 })]);
    expect(timeline[0]!.error).toBeUndefined();
    expect(steps[0]).toMatchObject({ state: 'Assign', runs: 1, retries: 1, failures: 0, failedAttempts: 1, counts: { written: 2, alreadyPresent: 0 } });
  });
});

describe('Map iterations and state input/output', () => {
  let id = 0;
  const ev = (type: string, at: number, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({ id: ++id, previousEventId: id - 1, type, timestamp: new Date(Date.UTC(2026, 10, 1, 0, 0, at)).toISOString(), ...extra });
  const enter = (name: string, at: number, input: unknown, type = 'Task') => ev(`${type}StateEntered`, at, { stateEnteredEventDetails: { name, input: JSON.stringify(input) } });
  const exit = (name: string, at: number, output: unknown, type = 'Task') => ev(`${type}StateExited`, at, { stateExitedEventDetails: { name, output: JSON.stringify(output) } });
  const events: HistoryEvent[] = [
    enter('EnrichChunks', 0, {}, 'Map'),
    ...[0, 1, 2].flatMap((k) => [ev('MapIterationStarted', 1, { mapIterationStartedEventDetails: { name: 'EnrichChunks', index: k } }), enter('Enrich', 1, { batchId: 'b-1', chunk: k, reports: 10 })]),
    exit('Enrich', 2, { prior: 0 }),
    exit('Enrich', 3, { prior: 1 }),
    exit('EnrichChunks', 4, {}, 'Map'),
    enter('Finalize', 5, { note: 'suspect a.person@mail.example at 203.0.113.9' }),
  ];

  it('names chunks "N of M", puts unfinished ones before finished ones, and masks identifiers in input', () => {
    const view = buildRunView({ name: 'x', status: 'RUNNING', startDate: '2026-11-01T00:00:00Z', events });
    const chunks = view.maps.find((m) => m.map === 'EnrichChunks')!;
    expect(chunks.iterations.map((i) => [i.label, i.status])).toEqual([['chunk 3 of 3', 'RUNNING'], ['chunk 1 of 3', 'SUCCEEDED'], ['chunk 2 of 3', 'SUCCEEDED']]);
    const finalize = view.timeline.find((t) => t.state === 'Finalize')!;
    expect(finalize.input).toContain('a***@m***.example');
    expect(finalize.input).toContain('203.*.*.*');
    expect(finalize.input).not.toContain('a.person');
    expect(view.failedAt).toBeUndefined();
  });

  it('cuts a long input at IO_LIMIT, masking an identifier that straddles the cut', () => {
    const long = JSON.stringify({ pad: 'x'.repeat(IO_LIMIT - 20), who: 'someone.long@mail.example', after: 'y'.repeat(300_000) });
    const view = buildRunView({ name: 'y', status: 'RUNNING', startDate: '2026-11-01T00:00:00Z', events: [enter('Validate', 0, {}), { ...enter('Classify', 1, {}), stateEnteredEventDetails: { name: 'Classify', input: long } }] });
    const input = view.timeline.find((t) => t.state === 'Classify')!.input!;
    expect(input.length).toBeLessThan(IO_LIMIT + 40);
    expect(input).toContain(`(${long.length} characters)`);
    expect(input).not.toContain('someone.long');
  });
});

describe('summarizeRejected', () => {
  it('counts errors per field path', () => {
    expect(summarizeRejected([{ errors: [{ path: 'reportId' }, { path: '' }] }, { errors: [{ path: 'reportId' }] }])).toEqual({ total: 2, byPath: { reportId: 2, '': 1 } });
  });
});
