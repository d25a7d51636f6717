/**
 * BatchWriteItem in pages of 25 with UnprocessedItems retried (exponential backoff with jitter), and
 * BatchGetItem in pages of 100 with UnprocessedKeys retried. Writes use deterministic keys, so writing the
 * same items again changes nothing. A writer that may write only while it holds a claim passes `beforeRequest`:
 * it is asked before every request (each page, each retry round) and may throw, or return a signal that
 * aborts the request — the SDK's own retries included — when the claim runs out (shared/cases/create-cases.ts).
 */
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from './dynamo-client.js';
import { TransientError } from '../errors.js';

const MAX_ROUNDS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (round: number) => sleep(Math.random() * Math.min(2000, 50 * 2 ** round));

/** Runs `fn` on each item with at most `concurrency` at once, drawing items as they are needed. */
export async function inParallel<T>(items: Iterable<T>, concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  const it = items[Symbol.iterator]();
  const workers = Array.from({ length: concurrency }, async () => {
    for (let next = it.next(); !next.done; next = it.next()) await fn(next.value);
  });
  await Promise.all(workers);
}

/** Pages of `size`, made lazily: a million keys never sit in memory as request pages all at once. */
function* pages<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let page: T[] = [];
  for (const item of items) {
    page.push(item);
    if (page.length === size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

export async function batchPut(
  table: string,
  items: Iterable<Record<string, unknown>>,
  concurrency = 8,
  beforeRequest?: () => Promise<AbortSignal | undefined>,
): Promise<void> {
  await inParallel(pages(items, 25), concurrency, async (page) => {
    let requests = page.map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; requests.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new TransientError(`BatchWriteItem left ${requests.length} items unprocessed`);
      if (round > 0) await backoff(round);
      const abortSignal = await beforeRequest?.();
      const out = await dynamoClient().send(new BatchWriteCommand({ RequestItems: { [table]: requests } }), { abortSignal });
      requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
}

export interface BatchGetOptions {
  /** Strongly consistent reads (twice the read units): what a writer deciding what is missing needs. */
  consistent?: boolean;
  /** Only these attributes, e.g. the key to learn which items exist. */
  projection?: string;
}

/** Every item found for `keys` (absent keys give nothing); with `onItem`, items go there instead of the result. */
export async function batchGet(
  table: string,
  keys: Iterable<Record<string, unknown>>,
  concurrency = 8,
  onItem?: (item: Record<string, unknown>) => void,
  { consistent, projection }: BatchGetOptions = {},
): Promise<Record<string, unknown>[]> {
  const read = { ...(consistent && { ConsistentRead: true }), ...(projection && { ProjectionExpression: projection }) };
  const found: Record<string, unknown>[] = [];
  await inParallel(pages(keys, 100), concurrency, async (page) => {
    let pending = [...page];
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new TransientError(`BatchGetItem left ${pending.length} keys unprocessed`);
      if (round > 0) await backoff(round);
      const out = await dynamoClient().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...read } } }));
      for (const item of out.Responses?.[table] ?? []) {
        if (onItem) onItem(item);
        else found.push(item);
      }
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as typeof pending;
    }
  });
  return found;
}
