import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRunView, buildTimeline, runRow, summarizeRejected, type ExecutionLike } from '../../../shared/runs/run-view.js';
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
    expect(view.emails).toBe(0);
  });

  it('prefers the batch record (error with its state, counts) when there is one', () => {
    const batch = { batchId: 'b-1e2fc89f57771f4e', status: 'FAILED', execution: failed.name, counts: { received: 0 }, error: { name: 'UnreadableFileError', message: 'refused', state: 'Validate' } } as unknown as BatchRecord;
    expect(buildRunView(failed, batch).failedAt).toEqual({ state: 'Validate', error: 'UnreadableFileError', cause: 'refused' });
  });

  it('renders text for a succeeded and a failed run', () => {
    const ok = formatRunView(buildRunView(succeeded, undefined, { total: 0, byPath: {} }));
    expect(ok).toContain('✔ incoming/example-batch.json  SUCCEEDED');
    expect(ok).toMatch(/Assign \[FanOutDistricts #\d\]/);
    expect(ok).toMatch(/Indore\s+2\s+P1 0 {2}P2 2 {2}P3 0/);
    expect(ok).toContain('emails sent: 4');
    const bad = formatRunView(buildRunView(failed));
    expect(bad).toContain('✘ incoming/dtd-batch.xml  FAILED');
    expect(bad).toContain('FAILED at Validate: UnreadableFileError');
    expect(bad).toContain('XML declares a DTD or entities; refused');
    const table = formatRunsTable([runRow(succeeded), runRow(failed)]);
    expect(table.split('\n')[0]).toMatch(/^STARTED\s+STATUS\s+BATCH\s+FILE\s+DURATION/);
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
    expect(steps[0]).toMatchObject({ state: 'Assign', runs: 1, retries: 1, failures: 0, counts: { written: 2, alreadyPresent: 0 } });
  });
});

describe('summarizeRejected', () => {
  it('counts errors per field path', () => {
    expect(summarizeRejected([{ errors: [{ path: 'reportId' }, { path: '' }] }, { errors: [{ path: 'reportId' }] }])).toEqual({ total: 2, byPath: { reportId: 2, '': 1 } });
  });
});
