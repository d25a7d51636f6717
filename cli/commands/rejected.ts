/** `tipline rejected --batch ID [--json] [--reveal]`: a batch's rejected records, identifiers masked by default. */
import { rejectedRecords, type RunStore } from '../../shared/runs/run-store.js';
import { formatRejected } from '../format-run.js';
import { print, printJson, progress } from '../output.js';
import { openStore, type RunsOptions } from './runs.js';

export async function rejectedWithStore(store: RunStore, opts: { batch?: string; json: boolean; reveal?: boolean }): Promise<number> {
  if (!opts.batch) throw new Error('usage: tipline rejected --batch ID [--json] [--reveal]');
  const result = await rejectedRecords(store, opts.batch, { reveal: opts.reveal });
  if (opts.reveal) progress('warning: --reveal prints suspect identifiers unmasked; do not paste this output anywhere.');
  if (opts.json) printJson({ ...result, masked: !opts.reveal });
  else print(formatRejected(result.batchId, result.records, !opts.reveal));
  return 0;
}

export async function rejectedCommand(opts: RunsOptions & { batch?: string; reveal?: boolean }): Promise<number> {
  if (!opts.batch) throw new Error('usage: tipline rejected --batch ID [--json] [--reveal]');
  const store = await openStore(opts, ['BatchesTableName', 'WorkBucketName']);
  try {
    return await rejectedWithStore(store, opts);
  } finally {
    await store.close();
  }
}
