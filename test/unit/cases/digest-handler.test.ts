/**
 * The digest function's two schedules (infra/constructs/case-reminders.ts): `{ sweepOnly: true }` hourly
 * settles a change a crash left pending and sends no mail; anything else runs the whole digest. DynamoDB and
 * SES mocked.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Context } from 'aws-lambda';
import { handler } from '../../../functions/digest/handler.js';
import { resetConfig } from '../../../shared/config.js';
import { resetClients } from '../../../shared/aws/clients.js';
import { logger } from '../../../shared/logger.js';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const context = { awsRequestId: 'test' } as unknown as Context;

const pendingCase = {
  pk: 'CASE#C-0000000000000001', sk: 'CASE', pendingPk: 'PENDING',
  caseId: 'C-0000000000000001', batchId: 'b-1', priority: 'P1', status: 'acknowledged', district: 'Indore', placedIn: 'Indore',
  version: 2, createdAt: '2026-12-01T00:00:00Z', overdue: false, history: [],
  pending: { id: 'mabc:C-0000000000000001:2', deltas: { Indore: { assigned: -1, acknowledged: 1 } } },
};

beforeAll(() => {
  Object.assign(process.env, { LIFECYCLE_TABLE: 'lifecycle', BATCHES_TABLE: 'batches', TIPLINE_DEMO: 'true', AWS_REGION: 'ap-south-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
  resetConfig();
  resetClients();
  logger.setLogLevel('SILENT');
});

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(QueryCommand).callsFake((input: { IndexName?: string }) => ({ Items: input.IndexName === 'byPending' ? [pendingCase] : [] }));
  ddb.on(UpdateCommand).resolves({});
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
});

test('sweepOnly settles the pending change — its deltas added once under its guard, then the pending record removed — and sends no mail', async () => {
  const result = await handler({ sweepOnly: true }, context);
  expect(result).toEqual({ settled: 1, groups: 0, pruned: 0 });
  const updates = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
  const add = updates.find((u) => (u.Key as { pk: string }).pk === 'FUNNEL')!;
  expect(add.ConditionExpression).toBe('attribute_not_exists(#applied.#id)');
  expect(add.ExpressionAttributeNames!['#id']).toBe(pendingCase.pending.id);
  expect(updates.find((u) => (u.Key as { pk: string }).pk === pendingCase.pk)!.UpdateExpression).toBe('REMOVE pending, pendingPk');
  // Nothing of the digest itself: no due-time or announcement query, no mail.
  const indexes = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.IndexName);
  expect(indexes).not.toContain('byDue');
  expect(indexes).not.toContain('byAnnounce');
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
});

test('the sweep leaves a creation group a live step still holds to that step, and finishes none it would wait for', async () => {
  const live = { pk: 'GROUP#b-1#REVIEW#0', sk: 'GROUP', key: 'b-1#REVIEW#0', casesJson: '[]', deltas: { '#HQ': { reviewQueue: 1 } }, groupPk: 'PENDING', claimer: 'other', claimUntil: Date.now() + 60_000 };
  ddb.on(QueryCommand).callsFake((input: { IndexName?: string }) => ({ Items: input.IndexName === 'byUnfinishedGroup' ? [live] : [] }));
  const started = Date.now();
  await expect(handler({ sweepOnly: true }, context)).resolves.toEqual({ settled: 0, groups: 0, pruned: 0 });
  expect(Date.now() - started).toBeLessThan(5_000);
  const touched = [...ddb.commandCalls(UpdateCommand), ...ddb.commandCalls(PutCommand), ...ddb.commandCalls(GetCommand)]
    .filter((c) => String((c.args[0].input as { Key?: { pk?: string } }).Key?.pk ?? '').startsWith('GROUP#'));
  expect(touched).toHaveLength(0);
});

test('without sweepOnly it runs the whole digest: the sweep, then each district\'s due and promoted cases', async () => {
  const result = await handler({ now: '2026-12-03T03:30:00Z' }, context);
  expect(result).toMatchObject({ sent: 0, promoted: 0, reminders: 0, overdue: 0 });
  const indexes = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.IndexName);
  expect(indexes).toContain('byPending');
  expect(indexes.filter((i) => i === 'byDue')).toHaveLength(55);
});

test('an input that is not its contract is refused before anything is read', async () => {
  await expect(handler({ sweepOnly: 'yes' }, context)).rejects.toThrow('Digest: input does not match its contract');
  expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
});
