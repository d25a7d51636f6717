/**
 * WriteIndex: put one part of the index items Classify found new (a bounded number: INDEX_PART_SIZE), so
 * the index of a batch of any size is written by tasks that each finish well inside their timeout, in
 * parallel. The items have deterministic keys: a retry or a re-run puts the same items again. The puts end
 * the linking section: they run under the batch's linking lease (docs/design.md §2 "Overlapping batches").
 */
import type { WriteIndexInput, WriteIndexResult } from '../model/workflow.js';
import { readAllJsonLines } from '../aws/object-store.js';
import { putIndexItems, type IndexItem } from '../aws/case-index.js';
import { withLinkingLease } from '../aws/linking-lease.js';
import { resource } from '../config.js';
import { keys } from '../storage/keys.js';

export async function writeIndex(input: WriteIndexInput): Promise<WriteIndexResult> {
  const key = keys.indexPart(input.batchId, input.part);
  const items = await readAllJsonLines<IndexItem>(resource('WORK_BUCKET'), key);
  if (items.length !== input.items) throw new Error(`${key} holds ${items.length} index items, Classify wrote ${input.items}`);
  await withLinkingLease(input.batchId, (signal) => putIndexItems(items, signal));
  return { written: items.length };
}
