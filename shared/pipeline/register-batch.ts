/**
 * RegisterBatch: look at the object that arrived, derive the batch ID, and claim the batch for this
 * execution. An execution that finds the batch owned by another (running or succeeded) returns
 * `alreadyHandledBy`, and the state machine ends without doing anything twice.
 */
import type { BatchRef, ObjectCreatedEvent } from '../model/workflow.js';
import { headObject } from '../aws/object-store.js';
import { claimBatch } from '../aws/batch-records.js';
import { batchIdFor } from './batch-id.js';
import { logger } from '../logger.js';

export async function registerBatch(detail: ObjectCreatedEvent['detail'], execution: string): Promise<BatchRef> {
  const bucket = detail.bucket.name;
  const { key } = detail.object;
  const versionId = detail.object['version-id'];
  const head = await headObject(bucket, key, versionId);
  const etag = detail.object.etag ?? head.etag?.replace(/"/g, '');
  const batchId = batchIdFor(bucket, key, versionId ?? etag);
  const registeredAt = new Date().toISOString();
  const claim = await claimBatch({ batchId, execution, bucket, key, versionId, etag, size: head.size, startedAt: registeredAt });
  logger.info('batch registered', { batchId, claimed: claim.claimed, size: head.size });
  return {
    batchId,
    bucket,
    key,
    versionId,
    size: head.size,
    registeredAt,
    ...(claim.claimed ? {} : { alreadyHandledBy: claim.owner }),
  };
}
