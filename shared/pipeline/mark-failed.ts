/**
 * MarkFailed: the Catch of every state lands here. Record FAILED with the error on the batch record (the
 * batch ID derives from the event, so this works even when RegisterBatch never ran) and email HQ once.
 */
import type { MarkFailedInput } from '../model/workflow.js';
import { claimBatch, getBatch, updateBatch } from '../aws/batch-records.js';
import { sendOnce } from '../aws/mailer.js';
import { loadRecipientDirectory } from '../notify/recipients.js';
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

  if (!(await getBatch(batchId))) {
    await claimBatch({ batchId, execution: input.execution, bucket, key, size: detail?.object.size ?? 0, startedAt: new Date().toISOString() });
  }
  await updateBatch(batchId, { status: 'FAILED', error, finishedAt: new Date().toISOString() }, 'failedAt');
  logger.error('batch failed', { batchId, error: error.name });

  const hqTo = config().HQ_EMAIL ?? loadRecipientDirectory(config().RECIPIENTS_JSON).hq.email;
  const email = renderFailureEmail({ batchId, fileKey: key, error: error.name, cause: error.message, execution: input.execution, failedAt: new Date().toISOString() });
  await sendOnce(batchId, `HQ#FAILURE#${input.execution}`, hqTo, email);
  return { batchId };
}
