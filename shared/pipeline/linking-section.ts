/**
 * The two ends of the linking section (docs/design.md §2 "Overlapping batches"). AcquireLinkingLease runs before the Enrich Map and
 * throws LinkingBusy while another batch holds the lease (its Retry waits with a bounded backoff);
 * ReleaseLinkingLease runs once every WriteIndex part is written. Both take the batch ID only.
 */
import type { LinkingLeaseInput } from '../model/workflow.js';
import { acquireLinkingLease, releaseLinkingLease } from '../aws/linking-lease.js';
import { logger } from '../logger.js';

export async function acquireLinking(input: LinkingLeaseInput): Promise<{ expiresAt: string }> {
  const lease = await acquireLinkingLease(input.batchId);
  logger.info('linking lease acquired', { batchId: input.batchId });
  return { expiresAt: new Date(lease.expiresAt).toISOString() };
}

export async function releaseLinking(input: LinkingLeaseInput): Promise<{ released: boolean }> {
  const released = await releaseLinkingLease(input.batchId);
  // Not held: a repeated release (a retry after the delete landed), never another batch's lease.
  logger.info('linking lease released', { batchId: input.batchId, released });
  return { released };
}
