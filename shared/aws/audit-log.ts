/**
 * The audit table: append-only. One item per event, partitioned by UTC day (pk `DAY#yyyy-mm-dd`, sk
 * `<at>#<uuid>`), put only if absent — an event is never overwritten, and the API's role may put and query
 * but not update or delete. Listing reads day by day, newest first.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from './dynamo-client.js';
import { resource } from '../config.js';
import type { AuditEvent } from '../audit/audit-event.js';

export interface AuditTableAccess {
  doc: DynamoDBDocumentClient;
  table: string;
}

const DAY_MS = 24 * 3600 * 1000;
const dayKey = (iso: string): string => `DAY#${iso.slice(0, 10)}`;

/** The process's client and AUDIT_TABLE (the API function's environment). */
export const defaultAuditAccess = (): AuditTableAccess => ({ doc: dynamoClient(), table: resource('AUDIT_TABLE') });

export async function appendAuditEvent(event: AuditEvent, access: AuditTableAccess = defaultAuditAccess()): Promise<void> {
  await access.doc.send(
    new PutCommand({
      TableName: access.table,
      Item: { pk: dayKey(event.at), sk: `${event.at}#${randomUUID()}`, ...event },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Events from `since` to `until` (default the last 30 days), newest first, at most `limit`. */
export async function listAuditEvents(
  access: AuditTableAccess,
  opts: { since?: Date; until?: Date; limit?: number } = {},
): Promise<AuditEvent[]> {
  const until = opts.until ?? new Date();
  const since = opts.since ?? new Date(until.getTime() - 30 * DAY_MS);
  const limit = opts.limit ?? Infinity;
  const events: AuditEvent[] = [];
  for (let day = Date.parse(until.toISOString().slice(0, 10)); day >= Date.parse(since.toISOString().slice(0, 10)) && events.length < limit; day -= DAY_MS) {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await access.doc.send(
        new QueryCommand({
          TableName: access.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': dayKey(new Date(day).toISOString()) },
          ScanIndexForward: false,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const { pk: _pk, sk: _sk, ...event } = item;
        const e = event as AuditEvent;
        if (Date.parse(e.at) >= since.getTime() && Date.parse(e.at) <= until.getTime()) events.push(e);
      }
      start = out.LastEvaluatedKey;
    } while (start && events.length < limit);
  }
  return events.slice(0, limit);
}
