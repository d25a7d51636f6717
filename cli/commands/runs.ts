/**
 * `tipline runs [--json]` and `tipline runs show ID [--json]` (docs/design.md §7): locally from the recorded
 * executions, or with --aws from a deployed stack's Step Functions history and batch table.
 */
import path from 'node:path';
import { checkFilter, listRuns, showRun, type RunFilter, type RunStore } from '../../shared/runs/run-store.js';
import { lambdaLog, logLinesFor, mailDir, storedMail } from '../../local/run-artifacts.js';
import { openLocalStore } from '../../local/local-run-store.js';
import { AwsRunStore, resolveAwsTarget, type AwsOptions, type StackOutputName } from '../aws-runs.js';
import { formatRunView, formatRunsTable } from '../format-run.js';
import { print, printJson, progress } from '../output.js';

export interface RunsOptions extends AwsOptions {
  json: boolean;
  dataDir: string;
  aws?: boolean;
  limit?: number;
  filter?: RunFilter;
}

/** The local store, or with --aws the deployed stack (every output the command `needs` must be given). */
export async function openStore(opts: RunsOptions, needs: StackOutputName[] = ['StateMachineArn']): Promise<RunStore> {
  if (opts.aws) return new AwsRunStore(await resolveAwsTarget(opts, needs));
  return openLocalStore(opts.dataDir);
}

/** The command body over a given store (tests pass one). */
export async function runsWithStore(store: RunStore, args: string[], opts: { json: boolean; limit?: number; filter?: RunFilter; dataDir?: string }): Promise<number> {
  const [sub, id] = args;
  if (sub === undefined || sub === 'list') {
    const rows = await listRuns(store, opts.limit ?? 100, checkFilter(opts.filter ?? {}));
    if (opts.json) printJson(rows);
    else print(formatRunsTable(rows));
    return 0;
  }
  if (sub === 'show') {
    if (!id) throw new Error('usage: tipline runs show ID [--json]   (ID: execution name or batch ID)');
    const view = await showRun(store, id);
    if (opts.json) printJson(view);
    else if (opts.dataDir && view.batchId) {
      // Locally, where the run's emails and log lines are.
      const [mail, logs] = await Promise.all([storedMail(opts.dataDir), logLinesFor(opts.dataDir, view.batchId, 0)]);
      const rel = (p: string) => (path.relative(process.cwd(), p).startsWith('..') ? p : path.relative(process.cwd(), p));
      print(formatRunView(view, { mail: rel(mailDir(opts.dataDir)), mailCount: mail.filter((m) => m.batchId === view.batchId).length, logs: rel(lambdaLog(opts.dataDir)), logCount: logs.total }));
    } else print(formatRunView(view));
    return 0;
  }
  throw new Error(`unknown: tipline runs ${sub} (try: tipline runs, tipline runs show ID)`);
}

export async function runsCommand(args: string[], opts: RunsOptions): Promise<number> {
  const store = await openStore(opts);
  try {
    if (!opts.json) progress(`Runs from ${store.source}`);
    return await runsWithStore(store, args, { ...opts, dataDir: opts.aws ? undefined : opts.dataDir });
  } finally {
    await store.close();
  }
}
