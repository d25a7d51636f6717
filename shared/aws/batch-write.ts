/**
 * BatchWriteItem in pages of 25 with UnprocessedItems retried (exponential backoff with jitter), and
 * BatchGetItem in pages of 100 with UnprocessedKeys retried. Writes use deterministic keys, so writing the
 * same items again changes nothing.
 */
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from './dynamo-client.js';
import { TransientError } from '../errors.js';

const MAX_ROUNDS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (round: number) => sleep(Math.random() * Math.min(2000, 50 * 2 ** round));

async function inParallel<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}

function pages<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function batchPut(table: string, items: readonly Record<string, unknown>[], concurrency = 8): Promise<void> {
  await inParallel(pages(items, 25), concurrency, async (page) => {
    let requests = page.map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; requests.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new TransientError(`BatchWriteItem left ${requests.length} items unprocessed`);
      if (round > 0) await backoff(round);
      const out = await dynamoClient().send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
}

export async function batchGet(table: string, keys: readonly Record<string, unknown>[], concurrency = 8): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  await inParallel(pages(keys, 100), concurrency, async (page) => {
    let pending = [...page];
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new TransientError(`BatchGetItem left ${pending.length} keys unprocessed`);
      if (round > 0) await backoff(round);
      const out = await dynamoClient().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
      found.push(...(out.Responses?.[table] ?? []));
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as typeof pending;
    }
  });
  return found;
}
