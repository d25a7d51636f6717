/**
 * A local execution, as DescribeExecution + GetExecutionHistory would report it, persisted under
 * <data dir>/executions/ so `tipline runs` can read it after the process that ran it has gone.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HistoryEvent } from '../shared/runs/history-event.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  /** The definition this execution ran (the synthesized one, ARNs resolved locally). */
  definitionSha256: string;
  /**
   * Each state of that definition with the Map whose iterations run it (null: none). The history alone cannot
   * tell which of two Maps open at once (in a Parallel) a state runs in; `tipline runs show` nests by this.
   */
  stateMaps?: Record<string, string | null>;
  events: HistoryEvent[];
}

const dir = (dataDir: string) => path.join(dataDir, 'executions');

export async function saveExecution(dataDir: string, record: ExecutionRecord): Promise<void> {
  await mkdir(dir(dataDir), { recursive: true });
  await writeFile(path.join(dir(dataDir), `${record.name}.json`), JSON.stringify(record, null, 1));
}

export async function loadExecution(dataDir: string, name: string): Promise<ExecutionRecord | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir(dataDir), `${path.basename(name)}.json`), 'utf-8')) as ExecutionRecord;
  } catch {
    return undefined;
  }
}

/** Every recorded execution, newest first. */
export async function listExecutions(dataDir: string): Promise<ExecutionRecord[]> {
  let files: string[] = [];
  try {
    files = (await readdir(dir(dataDir))).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const records = await Promise.all(files.map((f) => loadExecution(dataDir, f.replace(/\.json$/, ''))));
  return records.filter((r): r is ExecutionRecord => !!r).sort((a, b) => b.startDate.localeCompare(a.startDate));
}
