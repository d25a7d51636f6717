/**
 * `tipline rejected --batch ID [--json] [--reveal]`: a batch's rejected records — position, report ID, and each
 * error's field and rule; never free text from the record. `--reveal` (the cyber cell's, local only) shows the
 * messages unmasked, and is written to the local audit log (cli/audit-log.ts) before anything is printed.
 */
import { rejectedRecords, type RunStore } from '../../shared/runs/run-store.js';
import { formatRejected } from '../format-run.js';
import { print, printJson, progress } from '../output.js';
import { openStore, type RunsOptions } from './runs.js';
import { appendAuditEvent } from '../audit-log.js';

const REVEAL_LOCAL_ONLY = '--reveal is local only: run it on the data dir, without --aws';

export async function rejectedWithStore(
  store: RunStore,
  opts: { batch?: string; json: boolean; reveal?: boolean; dataDir?: string; aws?: boolean },
): Promise<number> {
  if (!opts.batch) throw new Error('usage: tipline rejected --batch ID [--json] [--reveal]');
  if (opts.reveal && (opts.aws || opts.dataDir === undefined)) throw new Error(REVEAL_LOCAL_ONLY);
  const result = await rejectedRecords(store, opts.batch, { reveal: opts.reveal });
  if (opts.reveal) appendAuditEvent(opts.dataDir!, { action: 'rejected.reveal', batchId: opts.batch, records: result.records.length });
  if (opts.reveal) progress('warning: --reveal prints suspect identifiers unmasked; do not paste this output anywhere.');
  if (opts.json) printJson({ ...result, masked: !opts.reveal });
  else print(formatRejected(result.batchId, result.records, !opts.reveal));
  return 0;
}

export async function rejectedCommand(opts: RunsOptions & { batch?: string; reveal?: boolean }): Promise<number> {
  if (!opts.batch) throw new Error('usage: tipline rejected --batch ID [--json] [--reveal]');
  if (opts.reveal && opts.aws) throw new Error(REVEAL_LOCAL_ONLY);
  const store = await openStore(opts, ['BatchesTableName', 'WorkBucketName']);
  try {
    return await rejectedWithStore(store, opts);
  } finally {
    await store.close();
  }
}
