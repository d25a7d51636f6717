/**
 * MarkFailed: the Catch of every state lands here. Record FAILED with the error on the batch record (the
 * batch ID derives from the event, so this works even when RegisterBatch never ran) and email HQ once.
 * If the batch holds the linking lease, the lease is left to drain (docs/design.md §2 "Overlapping batches"): it expires once the
 * section's in-flight tasks have stopped renewing it, instead of at once.
 */
import type { MarkFailedInput } from '../model/workflow.js';
import { claimBatch, getBatch, updateBatch } from '../aws/batch-records.js';
import { drainLinkingLease } from '../aws/linking-lease.js';
import { sendOnce } from '../aws/mailer.js';
import { recipientDirectory } from '../aws/recipient-store.js';
import { renderFailureEmail } from '../notify/failure-email.js';
import { config } from '../config.js';
import { batchIdFor } from './batch-id.js';
import { logger } from '../logger.js';

/** Step Functions wraps a Lambda error as a JSON cause {errorType, errorMessage}; the local runtime does not. */
function errorMessage(cause: string | undefined): string {
  if (!cause) return '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string };
    return parsed.errorMessage ?? cause;
  } catch {
    return cause;
  }
}

export async function markFailed(input: MarkFailedInput & { execution: string }): Promise<{ batchId: string }> {
  const detail = input.detail;
  const bucket = detail?.bucket.name ?? 'unknown';
  const key = detail?.object.key ?? 'unknown';
  const batchId = input.batch?.batchId ?? batchIdFor(bucket, key, detail?.object['version-id'] ?? detail?.object.etag);
  const error = { name: input.error.Error, message: errorMessage(input.error.Cause).slice(0, 2000) };

  const record = await getBatch(batchId);
  if (!record) {
    await claimBatch({ batchId, execution: input.execution, bucket, key, size: detail?.object.size ?? 0, startedAt: new Date().toISOString() });
  }
  await updateBatch(batchId, { status: 'FAILED', error, finishedAt: new Date().toISOString() }, 'failedAt');
  // The lease is the batch's, not the execution's: only the execution that owns the batch may let it go
  // (an execution for a redelivered event that failed before its claim must not end the owner's section).
  const drained = !record || record.execution === input.execution ? await drainLinkingLease(batchId) : false;
  logger.error('batch failed', { batchId, error: error.name, linkingLeaseDrained: drained });

  const hqTo = config().HQ_EMAIL ?? (await recipientDirectory()).hq.email;
  const email = renderFailureEmail({ batchId, fileKey: key, error: error.name, cause: error.message, execution: input.execution, failedAt: new Date().toISOString() });
  await sendOnce(batchId, `HQ#FAILURE#${input.execution}`, hqTo, email);
  return { batchId };
}
