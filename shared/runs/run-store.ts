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

export async function listRuns(store: RunStore, limit = 100): Promise<RunRow[]> {
  const executions = await store.listExecutions(limit);
  return Promise.all(executions.map(async (e) => runRow(e, await batchOf(store, e))));
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
  return buildRunView(execution, batch, rejected ? summarizeRejected(rejected) : undefined);
}

/** A batch's rejected records, masked unless `reveal`. */
export async function rejectedRecords(store: RunStore, batchId: string, opts: { reveal?: boolean } = {}): Promise<{ batchId: string; rejectedKey: string | null; records: RejectedRecord[] }> {
  const batch = await store.getBatch(batchId);
  if (!batch) throw new RunNotFoundError(`no batch ${batchId} (\`tipline runs\` lists batch IDs)`);
  const records = (await readRejected(store, batch)) ?? [];
  return { batchId, rejectedKey: batch.rejectedKey ?? null, records: opts.reveal ? records : records.map(maskRejected) };
}

export type { RunRow, RunView };
