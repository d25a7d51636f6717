/**
 * One model of a workflow run, built from an execution's history (GetExecutionHistory event shapes, as the
 * local runtime records them and as Step Functions returns them) and the batch record. The CLI's text and
 * --json output, the --aws path and the local admin page's JSON API all serve this same view.
 *
 * Pure: no I/O. Identifiers never enter the view — only state names, times, counts, districts, S3 keys and
 * the errors the handlers raised (whose messages name files and reasons, not report contents).
 */
import type { RunSummary } from '../model/workflow.js';
import type { HistoryEvent } from './history-event.js';
import type { BatchRecord, Deliveries } from '../aws/batch-records.js';
import { batchIdFor } from '../pipeline/batch-id.js';
import { maskText } from './mask.js';

export interface ExecutionLike {
  name: string;
  status: string;
  startDate: string;
  stopDate?: string;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** Each state with the Map whose iterations run it (null: none), when the definition is known (local runs). */
  stateMaps?: Record<string, string | null>;
  events: HistoryEvent[];
}

export interface TimelineEntry {
  state: string;
  type: string;
  enteredAt: string;
  exitedAt?: string;
  durationMs?: number;
  retries: number;
  error?: string;
  cause?: string;
  /** Inside a Map state: which Map and (by order of iteration start) which iteration. */
  map?: string;
  mapIndex?: number;
  /** Inside a Map state: what the iteration processes ("Indore", "chunk 3 of 12"). */
  iteration?: string;
  /** The state's input and output as the Step Functions console shows them: JSON text, identifiers masked, cut at IO_LIMIT. */
  input?: string;
  output?: string;
}

/** One iteration of a Map state: what it processed, how it ended, its states in order. */
export interface MapIteration {
  label: string;
  status: 'SUCCEEDED' | 'FAILED' | 'RUNNING';
  enteredAt: string;
  exitedAt?: string;
  durationMs?: number;
  retries: number;
  error?: string;
  /** Positions in the view's timeline of this iteration's states. */
  entries: number[];
}

/** A Map state's iterations, failed ones first, then in the order of what they process. */
export interface MapSummary {
  map: string;
  iterations: MapIteration[];
  failed: number;
}

export interface StepSummary {
  state: string;
  type: string;
  /** How many times the state ran (Map iterations run inner states many times). */
  runs: number;
  retries: number;
  /** State instances that ended failed (after any retries). */
  failures: number;
  /** Task attempts that failed, retried ones included: `failedAttempts - failures` were retried away. */
  failedAttempts: number;
  firstEnteredAt: string;
  lastExitedAt?: string;
  /** Sum of the state's own durations, and wall time from first entry to last exit. */
  totalMs: number;
  wallMs?: number;
  /** Numbers the step's Lambda returned, summed over its runs (e.g. Enrich count, Assign written, Notify sent). */
  counts: Record<string, number>;
}

/** The run summary's counts (docs/design.md §7), defined once in the workflow model. */
export type RunCounts = RunSummary['counts'];
export type DistrictCounts = RunSummary['districts'];

export interface RejectedSummary {
  total: number;
  /** Error count per field path ("" = the record as a whole). */
  byPath: Record<string, number>;
}

export interface RunView {
  execution: string;
  batchId?: string;
  status: string;
  file?: { key: string; format?: string; sha256?: string };
  startDate: string;
  stopDate?: string;
  durationMs?: number;
  timeline: TimelineEntry[];
  steps: StepSummary[];
  /** Every Map state's iterations, named by what each processes. */
  maps: MapSummary[];
  failedAt?: { state: string; error: string; cause?: string };
  error?: string;
  counts: RunCounts;
  districts: DistrictCounts;
  emails: number;
  /** The batch's messages SES refused and not yet resent, and digests re-sent as possible repeats. */
  emailsUnsent?: number;
  deliveries?: Deliveries;
  /** What `emails` is made of: district digests and HQ emails (the summary, or a failed run's failure email). */
  emailsBy: { districts: number; hq: number };
  /** A failed run: the later run that succeeded for the same file, when there is one. */
  succeededLater?: string;
  rejected?: RejectedSummary;
  rejectedKey?: string | null;
  /** Set when this execution found the batch already handled by another one. */
  alreadyHandledBy?: string;
}

export interface RunRow {
  execution: string;
  batchId?: string;
  file?: string;
  status: string;
  startDate: string;
  stopDate?: string;
  durationMs?: number;
  counts: RunCounts;
  emails: number;
  error?: string;
  /** A failed run: the later run that succeeded for the same file. */
  succeededLater?: string;
  /** Set when the file's batch had already been processed: by `processedBy`, an earlier execution. */
  alreadyProcessed?: true;
  processedBy?: string;
}

export const ZERO_COUNTS: RunCounts = { received: 0, rejected: 0, valid: 0, duplicates: 0, cases: 0, actionable: 0, review: 0, notActionable: 0 };

const parse = (text: string | undefined): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ms = (a?: string, b?: string): number | undefined => (a && b ? Math.max(0, Date.parse(b) - Date.parse(a)) : undefined);

/** The S3 object the execution was started for (EventBridge "Object Created" input). */
export function executionObject(execution: Pick<ExecutionLike, 'input'>): { bucket?: string; key?: string; batchId?: string } {
  const input = parse(execution.input);
  if (!isObject(input) || !isObject(input.detail)) return {};
  const d = input.detail as { bucket?: { name?: string }; object?: { key?: string; etag?: string; 'version-id'?: string } };
  const bucket = d.bucket?.name;
  const key = d.object?.key;
  // The same derivation RegisterBatch and MarkFailed use, so a run that failed early still names its batch.
  const batchId = bucket && key ? batchIdFor(bucket, key, d.object?.['version-id'] ?? d.object?.etag) : undefined;
  return { bucket, key, batchId };
}

/** The run summary Finalize returned (the execution's output), when the run got that far. */
function finalOutput(execution: ExecutionLike): Record<string, unknown> | undefined {
  const out = parse(execution.output);
  return isObject(out) && isObject(out.counts) ? out : undefined;
}

function normalizeCounts(...sources: (Record<string, unknown> | undefined)[]): RunCounts {
  const counts = { ...ZERO_COUNTS };
  for (const source of sources) {
    if (!source) continue;
    for (const k of Object.keys(ZERO_COUNTS) as (keyof RunCounts)[]) {
      const v = source[k];
      if (typeof v === 'number' && Number.isFinite(v)) counts[k] = v;
    }
  }
  return counts;
}

/**
 * Which Task state a Lambda resource belongs to. Step Functions' task events carry the resource, not the
 * state name, and locally (tied timestamps) a TaskScheduled may be recorded just before its state's
 * Entered event. First choice: the task state whose name the function's name contains (CDK names functions
 * after their construct); otherwise the task state entered nearest to the resource's TaskScheduled events.
 */
function resourceStates(events: HistoryEvent[]): Map<string, string> {
  const taskStates = new Set<string>();
  for (const e of events) if (e.type === 'TaskStateEntered' && e.stateEnteredEventDetails) taskStates.add(e.stateEnteredEventDetails.name);
  const resources = new Set<string>();
  for (const e of events) {
    const r = e.taskScheduledEventDetails?.resource;
    if (r) resources.add(r);
  }
  const map = new Map<string, string>();
  for (const resource of resources) {
    const fn = resource.split(':').pop() ?? resource;
    const named = [...taskStates].filter((s) => fn.includes(s.replace(/[^A-Za-z0-9]/g, ''))).sort((a, b) => b.length - a.length)[0];
    if (named) {
      map.set(resource, named);
      continue;
    }
    const votes = new Map<string, number>();
    events.forEach((e, i) => {
      if (e.taskScheduledEventDetails?.resource !== resource) return;
      let best: { name: string; d: number } | undefined;
      for (let j = Math.max(0, i - 6); j < Math.min(events.length, i + 7); j++) {
        const f = events[j]!;
        if (f.type !== 'TaskStateEntered' || !f.stateEnteredEventDetails) continue;
        // Prefer the state entered just before (AWS order), then just after (local tie order).
        const d = j < i ? i - j : j - i + 0.5;
        if (!best || d < best.d) best = { name: f.stateEnteredEventDetails.name, d };
      }
      if (best) votes.set(best.name, (votes.get(best.name) ?? 0) + 1);
    });
    const winner = [...votes.entries()].sort((a, b) => b[1] - a[1])[0];
    if (winner) map.set(resource, winner[0]);
  }
  return map;
}

interface OpenState {
  entry: TimelineEntry;
  scheduled: number;
}

function taskCounts(output: string | undefined, into: Record<string, number>): void {
  const value = parse(output);
  if (!isObject(value)) return;
  const add = (k: string, v: unknown) => {
    if (typeof v === 'number' && Number.isFinite(v)) into[k] = (into[k] ?? 0) + v;
    else if (v === true) into[k] = (into[k] ?? 0) + 1;
  };
  for (const [k, v] of Object.entries(value)) {
    if (k === 'size' || k === 'emails') continue;
    if (isObject(v) && k === 'counts') for (const [ck, cv] of Object.entries(v)) add(ck, cv);
    else add(k, v);
  }
}

/** Everything the history says about each state: a timeline of state instances and a summary per step. */
export function buildTimeline(
  events: HistoryEvent[],
  /** State → enclosing Map (null: none); without it, a state belongs to the innermost open Map. */
  stateMaps?: Record<string, string | null>,
): { timeline: TimelineEntry[]; steps: StepSummary[] } {
  const byResource = resourceStates(events);
  const timeline: TimelineEntry[] = [];
  const open = new Map<string, OpenState[]>(); // state name → open instances, oldest first
  const stepCounts = new Map<string, Record<string, number>>();
  const failedAttempts = new Map<string, number>();
  // Map states currently open, innermost last, with their iterations in start order.
  const maps: { name: string; iterations: number[]; seen: Map<string, number> }[] = [];
  // Task events that arrived before their state's Entered event (local tie order).
  const early = new Map<string, number>();

  const openFor = (state: string): OpenState | undefined => {
    const list = open.get(state);
    if (!list?.length) return undefined;
    // A retry or failure goes to the instance still waiting on its task; prefer one already scheduled.
    return list.find((o) => o.scheduled > 0 && o.entry.error === undefined) ?? list.find((o) => o.scheduled > 0) ?? list[0];
  };

  for (const e of events) {
    if (e.stateEnteredEventDetails && e.type.endsWith('StateEntered')) {
      const name = e.stateEnteredEventDetails.name;
      const entry: TimelineEntry = { state: name, type: e.type.replace(/StateEntered$/, ''), enteredAt: e.timestamp, retries: 0 };
      if (e.stateEnteredEventDetails.input !== undefined) entry.input = e.stateEnteredEventDetails.input;
      const known = stateMaps && name in stateMaps ? stateMaps[name] : undefined;
      const inner = known === undefined ? [...maps].reverse().find((m) => m.name !== name) : [...maps].reverse().find((m) => m.name === known);
      if (inner && maps.length > 0) {
        const k = inner.seen.get(name) ?? 0;
        inner.seen.set(name, k + 1);
        entry.map = inner.name;
        entry.mapIndex = inner.iterations[k] ?? k;
      }
      timeline.push(entry);
      const state: OpenState = { entry, scheduled: early.get(name) ?? 0 };
      if (state.scheduled > 0) early.set(name, 0);
      open.set(name, [...(open.get(name) ?? []), state]);
      if (entry.type === 'Map') maps.push({ name, iterations: [], seen: new Map() });
      continue;
    }
    if (e.stateExitedEventDetails && e.type.endsWith('StateExited')) {
      const name = e.stateExitedEventDetails.name;
      const list = open.get(name) ?? [];
      // The instance that exits is the one whose task finished: the first that was scheduled, else the oldest.
      const idx = Math.max(0, list.findIndex((o) => o.scheduled > 0 && o.entry.exitedAt === undefined));
      const state = list[idx];
      if (state) {
        if (e.stateExitedEventDetails.output !== undefined) state.entry.output = e.stateExitedEventDetails.output;
        state.entry.exitedAt = e.timestamp;
        state.entry.durationMs = ms(state.entry.enteredAt, e.timestamp);
        list.splice(idx, 1);
      }
      if (e.type === 'MapStateExited') {
        const i = maps.map((m) => m.name).lastIndexOf(name);
        if (i >= 0) maps.splice(i, 1);
      }
      continue;
    }
    if (e.mapIterationStartedEventDetails) {
      const m = [...maps].reverse().find((x) => x.name === e.mapIterationStartedEventDetails!.name);
      m?.iterations.push(e.mapIterationStartedEventDetails.index);
      continue;
    }
    const resource = e.taskScheduledEventDetails?.resource ?? e.taskFailedEventDetails?.resource ?? e.taskSucceededEventDetails?.resource;
    const state = resource ? byResource.get(resource) : undefined;
    if (!state) continue;
    if (e.type === 'TaskScheduled') {
      // A first attempt goes to an instance not yet scheduled; a retry only ever follows a TaskFailed.
      const list = open.get(state) ?? [];
      const fresh = list.find((o) => o.scheduled === 0);
      const retried = list.find((o) => o.scheduled > 0 && o.entry.error !== undefined);
      if (fresh) fresh.scheduled++;
      else if (retried) {
        retried.entry.retries++;
        retried.scheduled++;
        delete retried.entry.error;
        delete retried.entry.cause;
      } else early.set(state, (early.get(state) ?? 0) + 1);
    } else if (e.type === 'TaskFailed' || e.type === 'TaskTimedOut') {
      failedAttempts.set(state, (failedAttempts.get(state) ?? 0) + 1);
      const target = openFor(state);
      if (target) {
        target.entry.error = e.taskFailedEventDetails?.error ?? 'States.Timeout';
        target.entry.cause = e.taskFailedEventDetails?.cause;
      }
    } else if (e.type === 'TaskSucceeded') {
      const target = openFor(state);
      if (target) {
        // A retry that succeeded clears the earlier attempt's error (the retry count stays).
        delete target.entry.error;
        delete target.entry.cause;
      }
      const counts = stepCounts.get(state) ?? {};
      taskCounts(e.taskSucceededEventDetails?.output, counts);
      stepCounts.set(state, counts);
    }
  }

  const steps = new Map<string, StepSummary>();
  for (const t of timeline) {
    let s = steps.get(t.state);
    if (!s) {
      s = { state: t.state, type: t.type, runs: 0, retries: 0, failures: 0, failedAttempts: failedAttempts.get(t.state) ?? 0, firstEnteredAt: t.enteredAt, totalMs: 0, counts: stepCounts.get(t.state) ?? {} };
      steps.set(t.state, s);
    }
    s.runs++;
    s.retries += t.retries;
    if (t.error) s.failures++;
    s.totalMs += t.durationMs ?? 0;
    if (t.exitedAt && (!s.lastExitedAt || t.exitedAt > s.lastExitedAt)) s.lastExitedAt = t.exitedAt;
    s.wallMs = ms(s.firstEnteredAt, s.lastExitedAt);
  }
  return { timeline, steps: [...steps.values()] };
}

/** How much of a state's input or output the view keeps (Step Functions itself caps payloads at 256 KB). */
export const IO_LIMIT = 4000;

const shownIo = (text: string | undefined): string | undefined => {
  if (text === undefined) return undefined;
  // Masked a little beyond the cut (no identifier is 200 characters long), not the whole 256 KB payload.
  const masked = maskText(text.length > IO_LIMIT + 200 ? text.slice(0, IO_LIMIT + 200) : text);
  return text.length > IO_LIMIT ? `${masked.slice(0, IO_LIMIT)}… (${text.length} characters)` : masked;
};

/** What one Map iteration processes, from its state's input: a district, or a chunk / part by number. */
function iterationSubject(input: string | undefined): { district?: string; chunk?: number; part?: number } {
  const value = parse(input);
  if (!isObject(value)) return {};
  const work = isObject(value.work) ? value.work : value;
  if (typeof work.district === 'string') return { district: work.district };
  if (typeof value.chunk === 'number') return { chunk: value.chunk };
  if (typeof value.part === 'number') return { part: value.part };
  // Older executions named the chunk by its key (…/chunk-00003.jsonl).
  const keyed = typeof value.chunkKey === 'string' ? /chunk-(\d+)/.exec(value.chunkKey) : null;
  return keyed ? { chunk: Number(keyed[1]) } : {};
}

/**
 * Names every Map iteration by what it processes (a district; chunk N of M; part N of M; else iteration N of
 * M), sets `iteration` on its timeline entries, and groups them: failed iterations first, then by name.
 */
export function mapIterations(timeline: TimelineEntry[]): MapSummary[] {
  const byMap = new Map<string, Map<string, { subject: ReturnType<typeof iterationSubject>; key: string; entries: number[] }>>();
  timeline.forEach((t, i) => {
    if (!t.map) return;
    const subject = iterationSubject(t.input);
    const key = subject.district !== undefined ? `d:${subject.district}` : subject.chunk !== undefined ? `c:${subject.chunk}` : subject.part !== undefined ? `p:${subject.part}` : `i:${t.mapIndex ?? 0}`;
    const iterations = byMap.get(t.map) ?? new Map();
    byMap.set(t.map, iterations);
    const it = iterations.get(key) ?? { subject, key, entries: [] };
    iterations.set(key, it);
    it.entries.push(i);
  });
  const summaries: MapSummary[] = [];
  for (const [map, iterations] of byMap) {
    const total = iterations.size;
    const list: MapIteration[] = [...iterations.values()].map(({ subject, key, entries }) => {
      const n = Number(key.slice(2)) + 1;
      const label = subject.district ?? (subject.chunk !== undefined ? `chunk ${n} of ${total}` : subject.part !== undefined ? `part ${n} of ${total}` : `iteration ${n} of ${total}`);
      const states = entries.map((i) => timeline[i]!);
      for (const t of states) t.iteration = label;
      const failedState = states.find((t) => t.error);
      const enteredAt = states.map((t) => t.enteredAt).sort()[0]!;
      const exits = states.map((t) => t.exitedAt);
      const exitedAt = exits.every((x) => x) ? (exits as string[]).sort().at(-1) : undefined;
      return {
        label,
        status: failedState ? 'FAILED' : exitedAt ? 'SUCCEEDED' : 'RUNNING',
        enteredAt,
        ...(exitedAt && { exitedAt, durationMs: ms(enteredAt, exitedAt) }),
        retries: states.reduce((n, t) => n + t.retries, 0),
        ...(failedState && { error: `${failedState.state}: ${failedState.error}` }),
        entries,
      };
    });
    const rank = (m: MapIteration) => (m.status === 'FAILED' ? 0 : m.status === 'RUNNING' ? 1 : 2);
    list.sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label, 'en', { numeric: true }));
    summaries.push({ map, iterations: list, failed: list.filter((m) => m.status === 'FAILED').length });
  }
  return summaries;
}

/**
 * Emails the execution sent, from its history: district digests (Notify outputs `sent`), and HQ's — the
 * summary (in Finalize's `emails`, beyond the digests) or, for a failed run, the failure email MarkFailed sends.
 */
function emailsOf(execution: ExecutionLike, steps: StepSummary[], final?: Record<string, unknown>, batch?: BatchRecord): { districts: number; hq: number } {
  if (execution.events.length === 0) {
    // A listing without history (--aws): what the batch record counts, for the execution that owns it.
    const emails = typeof final?.emails === 'number' ? final.emails : batch?.execution === execution.name ? (batch.emails ?? 0) : 0;
    return { districts: Math.max(0, emails - 1), hq: Math.min(1, emails) };
  }
  const districts = steps.find((s) => s.state === 'Notify')?.counts.sent ?? 0;
  if (typeof final?.emails === 'number') return { districts, hq: Math.max(0, final.emails - districts) };
  const markFailed = steps.find((s) => s.state === 'MarkFailed');
  const hq = markFailed && markFailed.runs > markFailed.failures && execution.status !== 'RUNNING' ? 1 : 0;
  return { districts, hq };
}

function failurePoint(execution: ExecutionLike, timeline: TimelineEntry[], batch?: BatchRecord): RunView['failedAt'] {
  if (execution.status === 'SUCCEEDED' || execution.status === 'RUNNING') return undefined;
  const failedTask = [...timeline].reverse().find((t) => t.error);
  const state = batch?.error?.state ?? failedTask?.state ?? [...timeline].reverse().find((t) => t.type !== 'Fail')?.state ?? 'unknown';
  if (batch?.error) return { state, error: batch.error.name, cause: batch.error.message };
  if (failedTask) return { state, error: failedTask.error!, cause: failedTask.cause };
  const failed = execution.events.find((e) => e.executionFailedEventDetails)?.executionFailedEventDetails;
  return { state, error: failed?.error ?? execution.error ?? execution.status, cause: failed?.cause ?? execution.cause };
}

export function buildRunView(execution: ExecutionLike, batch?: BatchRecord, rejected?: RejectedSummary, opts: { io?: boolean } = {}): RunView {
  const { timeline, steps } = buildTimeline(execution.events, execution.stateMaps);
  const maps = mapIterations(timeline);
  const emailsBy = emailsOf(execution, steps, finalOutput(execution), batch);
  for (const t of timeline) {
    // A listing needs no state input/output: dropped there, masked and cut for a run's view.
    if (opts.io === false) {
      delete t.input;
      delete t.output;
    } else {
      t.input = shownIo(t.input);
      t.output = shownIo(t.output);
    }
  }
  const final = finalOutput(execution);
  const object = executionObject(execution);
  const registered = execution.events
    .filter((e) => e.taskSucceededEventDetails)
    .map((e) => parse(e.taskSucceededEventDetails!.output))
    .find((o): o is Record<string, unknown> => isObject(o) && typeof o.batchId === 'string' && typeof o.registeredAt === 'string');
  const failedAt = failurePoint(execution, timeline, batch);
  const finalFile = isObject(final?.file) ? (final.file as { key?: string; format?: string; sha256?: string }) : undefined;
  const key = finalFile?.key ?? batch?.key ?? object.key;
  const view: RunView = {
    execution: execution.name,
    batchId: (final?.batchId as string | undefined) ?? batch?.batchId ?? (registered?.batchId as string | undefined) ?? object.batchId,
    status: execution.status,
    ...(key && { file: { key, format: finalFile?.format ?? batch?.file?.format, sha256: finalFile?.sha256 ?? batch?.file?.sha256 } }),
    startDate: execution.startDate,
    stopDate: execution.stopDate,
    durationMs: ms(execution.startDate, execution.stopDate),
    timeline,
    steps,
    maps,
    ...(failedAt && { failedAt, error: `${failedAt.error}: ${failedAt.cause ?? ''}`.replace(/: $/, '') }),
    counts: normalizeCounts(batch?.counts, final?.counts as Record<string, unknown> | undefined),
    districts: (final?.districts as DistrictCounts | undefined) ?? batch?.districts ?? {},
    // Emails this execution sent, from its own history: Finalize's count, else the digests it sent and a
    // failed run's HQ failure email; one that found the batch handled sent none.
    emails: emailsBy.districts + emailsBy.hq,
    emailsBy,
    ...(batch?.emailsUnsent !== undefined && { emailsUnsent: batch.emailsUnsent }),
    ...(batch?.deliveries && { deliveries: batch.deliveries }),
    ...(rejected && { rejected }),
    ...(batch?.rejectedKey !== undefined && { rejectedKey: batch.rejectedKey }),
    ...(typeof registered?.alreadyHandledBy === 'string' && { alreadyHandledBy: registered.alreadyHandledBy }),
  };
  return view;
}

/** The row `tipline runs` prints (and /api/runs returns) for one execution. */
export function runRow(execution: ExecutionLike, batch?: BatchRecord): RunRow {
  const view = buildRunView({ ...execution, events: execution.events }, batch, undefined, { io: false });
  return {
    execution: view.execution,
    batchId: view.batchId,
    file: view.file?.key,
    status: view.status,
    startDate: view.startDate,
    stopDate: view.stopDate,
    durationMs: view.durationMs,
    counts: view.counts,
    emails: view.emails,
    ...(view.error && { error: view.error }),
    ...(view.alreadyHandledBy && { alreadyProcessed: true, processedBy: view.alreadyHandledBy }),
  };
}

/** Summarise rejected records (JSONL lines as Validate writes them) without looking at their values. */
export function summarizeRejected(records: { errors?: { path?: string }[] }[]): RejectedSummary {
  const byPath: Record<string, number> = {};
  for (const r of records) for (const e of r.errors ?? []) byPath[e.path ?? ''] = (byPath[e.path ?? ''] ?? 0) + 1;
  return { total: records.length, byPath };
}
