/**
 * Where `tipline runs`, `tipline rejected` and the admin page read runs from. One interface, three
 * sources: a running `tipline serve` or a data dir opened directly (local/local-run-store.ts), or a
 * deployed stack (cli/aws-runs.ts). The functions here read only through the interface: no I/O of their own.
 */
import type { BatchRecord } from '../aws/batch-records.js';
import { buildRunView, executionObject, runRow, summarizeRejected, type ExecutionLike, type RunRow, type RunView } from './run-view.js';
import { maskRejected, type RejectedRecord } from './mask.js';

export interface RunStore {
  readonly source: string;
  /** Executions newest first; `events` may be empty (a listing needs no history). */
  listExecutions(limit?: number): Promise<ExecutionLike[]>;
  /** One execution with its full history, by execution name. */
  getExecution(name: string): Promise<ExecutionLike | undefined>;
  getBatch(batchId: string): Promise<BatchRecord | undefined>;
  /** The JSONL text of an object in the work bucket, or undefined when it cannot be read. */
  readWorkObject(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export class RunNotFoundError extends Error {
  override name = 'RunNotFoundError';
}

const BATCH_ID = /^b-[0-9a-f]{16}$/;

/** An execution by name, or the newest execution of a batch by batch ID. */
export async function findExecution(store: RunStore, id: string): Promise<ExecutionLike> {
  if (!BATCH_ID.test(id)) {
    const direct = await store.getExecution(id);
    if (direct) return direct;
  } else {
    const batch = await store.getBatch(id).catch(() => undefined);
    if (batch?.execution) {
      const owner = await store.getExecution(batch.execution);
      if (owner) return owner;
    }
    const match = (await store.listExecutions()).find((e) => executionObject(e).batchId === id);
    if (match) return (await store.getExecution(match.name)) ?? match;
  }
  throw new RunNotFoundError(`no run found for ${id} (give an execution name or a batch ID; \`tipline runs\` lists them)`);
}

async function batchOf(store: RunStore, execution: ExecutionLike): Promise<BatchRecord | undefined> {
  const batchId = executionObject(execution).batchId;
  return batchId ? store.getBatch(batchId).catch(() => undefined) : undefined;
}

/** Which runs a listing shows: by status, start time (ISO date or time; `until` inclusive of its day) and file name. */
export interface RunFilter {
  status?: string;
  since?: string;
  until?: string;
  /** A part of the file's key, case-insensitive. */
  file?: string;
}

const dayEnd = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T23:59:59.999Z` : d);

export function matchesFilter(row: RunRow, f: RunFilter): boolean {
  if (f.status && row.status !== f.status.toUpperCase()) return false;
  if (f.since && row.startDate < new Date(f.since).toISOString()) return false;
  if (f.until && row.startDate > new Date(dayEnd(f.until)).toISOString()) return false;
  if (f.file && !(row.file ?? '').toLowerCase().includes(f.file.toLowerCase())) return false;
  return true;
}

/** Checks a filter's dates, so a typo is an error rather than an empty list. */
export function checkFilter(f: RunFilter): RunFilter {
  for (const k of ['since', 'until'] as const) {
    const v = f[k];
    if (v !== undefined && Number.isNaN(Date.parse(v))) throw new Error(`--${k} must be a date (2026-12-03) or an ISO time, got "${v}"`);
  }
  return f;
}

/**
 * Each failed run's later success for the same file: the newest run after it that succeeded, so an admin
 * reading a failure sees at once that the file went through after all. Rows are newest first.
 */
export function linkLaterSuccesses(rows: RunRow[]): RunRow[] {
  return rows.map((r, i) => {
    if (r.status !== 'FAILED' || !r.file) return r;
    const later = rows.slice(0, i).reverse().find((x) => x.file === r.file && x.status === 'SUCCEEDED' && x.startDate > r.startDate);
    return later ? { ...r, succeededLater: later.execution } : r;
  });
}

export async function listRuns(store: RunStore, limit = 100, filter: RunFilter = {}): Promise<RunRow[]> {
  // A filter looks further back than the rows it returns.
  const filtered = Object.values(filter).some((v) => v !== undefined && v !== '');
  const executions = await store.listExecutions(filtered ? Math.max(limit, 1000) : limit);
  const rows = linkLaterSuccesses(await Promise.all(executions.map(async (e) => runRow(e, await batchOf(store, e)))));
  return rows.filter((r) => matchesFilter(r, filter)).slice(0, limit);
}

export async function readRejected(store: RunStore, batch: BatchRecord | undefined): Promise<RejectedRecord[] | undefined> {
  if (!batch?.rejectedKey) return batch ? [] : undefined;
  const text = await store.readWorkObject(batch.rejectedKey);
  if (text === undefined) return undefined;
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l) as RejectedRecord;
      } catch {
        return { position: {}, errors: [{ path: '', message: 'unreadable rejected-record line' }] };
      }
    });
}

export async function showRun(store: RunStore, id: string): Promise<RunView> {
  const execution = await findExecution(store, id);
  const batch = await batchOf(store, execution);
  const rejected = await readRejected(store, batch).catch(() => undefined);
  const view = buildRunView(execution, batch, rejected ? summarizeRejected(rejected) : undefined);
  if (view.status === 'FAILED' && view.file) {
    const later = (await listRuns(store, 200, { file: view.file.key })).find((r) => r.execution === view.execution)?.succeededLater;
    if (later) view.succeededLater = later;
  }
  return view;
}

/** A batch's rejected records, masked unless `reveal`. */
export async function rejectedRecords(store: RunStore, batchId: string, opts: { reveal?: boolean } = {}): Promise<{ batchId: string; rejectedKey: string | null; records: RejectedRecord[] }> {
  const batch = await store.getBatch(batchId);
  if (!batch) throw new RunNotFoundError(`no batch ${batchId} (\`tipline runs\` lists batch IDs)`);
  const records = (await readRejected(store, batch)) ?? [];
  return { batchId, rejectedKey: batch.rejectedKey ?? null, records: opts.reveal ? records : records.map(maskRejected) };
}

export type { RunRow, RunView };
