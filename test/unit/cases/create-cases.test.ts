/**
 * Creation of lifecycle records (shared/cases/create-cases.ts) against a mocked DynamoDB (aws-sdk-client-mock)
 * that keeps the lifecycle table's items and applies each request's condition as DynamoDB would for these
 * expressions: a group's cases in a handful of batch requests; a retry after a crash that neither overwrites a
 * case changed since nor adds the group's counts twice; a runner that waits out another's claim; a holder that
 * has lost its claim writes nothing.
 */
import { jest } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { CLAIM_MS, createRecords, finishGroup, initialRecord, RENEW_BELOW_MS } from '../../../shared/cases/create-cases.js';
import { contribution, sumDeltas, HQ_SCOPE } from '../../../shared/cases/funnel.js';
import type { LifecycleCase } from '../../../shared/cases/lifecycle.js';
import type { Case } from '../../../shared/model/case.js';
import { resetConfig } from '../../../shared/config.js';
import { resetClients } from '../../../shared/aws/clients.js';

type Item = Record<string, any>;
const ddb = mockClient(DynamoDBDocumentClient);
const failed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
let items: Map<string, Item>;
/** Every request, in order: command name and, for writes of cases, the case IDs. */
let log: { command: string; caseIds?: string[]; at: number }[];
const id = (k: { pk: string; sk: string }) => `${k.pk}|${k.sk}`;

beforeAll(() => {
  Object.assign(process.env, { LIFECYCLE_TABLE: 'lifecycle', AWS_REGION: 'ap-south-1' });
  resetConfig();
  resetClients();
});

afterEach(() => jest.restoreAllMocks());

beforeEach(() => {
  items = new Map();
  log = [];
  ddb.reset();
  ddb.on(PutCommand).callsFake((input: { Item: Item; ConditionExpression: string }) => {
    log.push({ command: 'Put', at: Date.now() });
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
    if (items.has(id(input.Item as any))) throw failed();
    items.set(id(input.Item as any), structuredClone(input.Item));
    return {};
  });
  ddb.on(GetCommand).callsFake((input: { Key: any; ConsistentRead?: boolean }) => {
    log.push({ command: 'Get', at: Date.now() });
    expect(input.ConsistentRead).toBe(true);
    return { Item: structuredClone(items.get(id(input.Key))) };
  });
  ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: any[]; ConsistentRead?: boolean; ProjectionExpression?: string }> }) => {
    const { Keys, ConsistentRead, ProjectionExpression } = input.RequestItems.lifecycle!;
    log.push({ command: 'BatchGet', at: Date.now() });
    expect(ConsistentRead).toBe(true);
    expect(Keys.length).toBeLessThanOrEqual(100);
    const found = Keys.filter((k) => items.has(id(k))).map((k) => (ProjectionExpression === 'pk' ? { pk: k.pk } : items.get(id(k))));
    return { Responses: { lifecycle: found } };
  });
  ddb.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, { PutRequest: { Item: Item } }[]> }) => {
    const requests = input.RequestItems.lifecycle!;
    expect(requests.length).toBeLessThanOrEqual(25);
    log.push({ command: 'BatchWrite', caseIds: requests.map((r) => r.PutRequest.Item.caseId), at: Date.now() });
    for (const r of requests) items.set(id(r.PutRequest.Item as any), structuredClone(r.PutRequest.Item));
    return {};
  });
  ddb.on(UpdateCommand).callsFake((input: {
    Key: any; UpdateExpression: string; ConditionExpression?: string; ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, any>; ReturnValues?: string;
  }) => {
    const v = input.ExpressionAttributeValues ?? {};
    const item = items.get(id(input.Key));
    log.push({ command: `Update ${input.Key.pk.split('#')[0]}`, at: Date.now() });
    if (input.Key.pk === 'FUNNEL') {
      if (input.UpdateExpression === 'SET applied = :empty') {
        if (item?.applied) throw failed();
        items.set(id(input.Key), { ...input.Key, ...item, applied: {} });
        return {};
      }
      const names = input.ExpressionAttributeNames!;
      expect(input.ConditionExpression).toBe('attribute_not_exists(#applied.#id)');
      if (!item?.applied) throw Object.assign(new Error('The document path provided in the update expression is invalid for update'), { name: 'ValidationException' });
      if (names['#id']! in item.applied) throw failed();
      item.applied[names['#id']!] = v[':now'];
      for (const [k, attr] of Object.entries(names)) if (k.startsWith('#c')) item[attr] = (item[attr] ?? 0) + v[`:c${k.slice(2)}`];
      return {};
    }
    // the group record
    expect(input.Key.pk).toMatch(/^GROUP#/);
    switch (input.UpdateExpression) {
      case 'SET claimer = :c, claimUntil = :u': {
        const free = item && item.done === undefined && (item.claimUntil === undefined || item.claimUntil < v[':now']);
        if (!free) throw failed();
        Object.assign(item, { claimer: v[':c'], claimUntil: v[':u'] });
        expect(input.ReturnValues).toBe('ALL_NEW');
        return { Attributes: structuredClone(item) };
      }
      case 'SET claimUntil = :u':
        if (item?.claimer !== v[':c']) throw failed();
        item!.claimUntil = v[':u'];
        return {};
      case 'SET done = :t REMOVE groupPk, claimer, claimUntil, casesJson, cases':
        item!.done = true;
        for (const k of ['groupPk', 'claimer', 'claimUntil', 'casesJson', 'cases']) delete item![k];
        return {};
      default:
        throw new Error(`unexpected update ${input.UpdateExpression}`);
    }
  });
});

const AT = '2026-12-03T09:00:00.000Z';
function reviewCases(batchId: string, n: number): LifecycleCase[] {
  return Array.from({ length: n }, (_, i) => initialRecord({
    caseId: `C-${batchId}-${String(i).padStart(4, '0')}`, batchId, reportIds: [String(i)], district: 'Indore', priority: 'P2',
    disposition: 'review', reasons: [], locationSource: null, rulesVersion: 't', linkedCaseIds: [], duplicateReportIds: [], latestIncidentAt: AT,
  } as Case, AT, { P1: 24, P2: 72 }));
}
const caseItem = (caseId: string) => items.get(`CASE#${caseId}|CASE`);
/** HQ's counters, summed over shards. */
const hqCounts = () => {
  const out: Record<string, number> = {};
  for (const [k, item] of items) if (k.startsWith(`FUNNEL|${HQ_SCOPE}#`)) for (const [a, n] of Object.entries(item)) if (typeof n === 'number') out[a] = (out[a] ?? 0) + n;
  return out;
};
const written = () => log.flatMap((r) => r.caseIds ?? []);

it('writes a group of 100 with the claimed group put, one read of what exists, 4 batch writes, the counters once and done', async () => {
  const cases = reviewCases('b1', 100);
  await expect(createRecords('b1', 'REVIEW', cases)).resolves.toEqual({ created: 100, groups: 1 });
  expect(log.map((r) => r.command)).toEqual(['Put', 'BatchGet', 'BatchWrite', 'BatchWrite', 'BatchWrite', 'BatchWrite', 'Update FUNNEL', 'Update FUNNEL', 'Update FUNNEL', 'Update GROUP']);
  // (the counter shard's first change makes its guard map: two of the three FUNNEL updates happen once per shard)
  expect(written().sort()).toEqual(cases.map((c) => c.caseId).sort());
  expect(hqCounts()).toEqual({ reviewQueue: 100 });
  expect(items.get('GROUP#b1#REVIEW#0|GROUP')).toMatchObject({ done: true });
  // the cases rode in the group as one JSON string, dropped once the group is done
  expect(JSON.parse(ddb.commandCalls(PutCommand)[0]!.args[0].input.Item!.casesJson)).toEqual(cases);
  for (const k of ['claimer', 'claimUntil', 'casesJson', 'groupPk']) expect(items.get('GROUP#b1#REVIEW#0|GROUP')).not.toHaveProperty(k);

  // a re-run: the group is done, nothing is read or written again, nothing is added
  log = [];
  await expect(createRecords('b1', 'REVIEW', cases)).resolves.toEqual({ created: 0, groups: 1 });
  expect(written()).toEqual([]);
  expect(hqCounts()).toEqual({ reviewQueue: 100 });
});

it('a retry after a crash mid-group writes only the missing cases, never one changed since, and adds the counts once', async () => {
  const cases = reviewCases('b2', 60);
  const first = await createRecords('b2', 'REVIEW', cases);
  expect(first.created).toBe(60);
  // As a crash would leave it: the counters were added, the group not marked done, its claim run out, and
  // 20 of the cases never written. Meanwhile HQ promoted case 5 (version 2).
  const group = items.get('GROUP#b2#REVIEW#0|GROUP')!;
  delete group.done;
  Object.assign(group, { casesJson: JSON.stringify(cases), groupPk: 'PENDING', claimer: 'crashed-runner', claimUntil: Date.now() - 1 });
  for (const c of cases.slice(40)) items.delete(`CASE#${c.caseId}|CASE`);
  const changed = { ...caseItem(cases[5]!.caseId)!, version: 2, status: 'assigned', district: 'Indore', review: 'promoted' };
  items.set(`CASE#${cases[5]!.caseId}|CASE`, changed);

  log = [];
  await expect(createRecords('b2', 'REVIEW', cases)).resolves.toEqual({ created: 20, groups: 1 });
  expect(written().sort()).toEqual(cases.slice(40).map((c) => c.caseId).sort());
  expect(caseItem(cases[5]!.caseId)).toEqual(changed);
  expect(hqCounts()).toEqual(sumDeltas(cases.map((c) => contribution(c)))[HQ_SCOPE]);
  expect(items.get('GROUP#b2#REVIEW#0|GROUP')).toMatchObject({ done: true });

  // the digest's sweep finding the same group afterwards: done, nothing more
  log = [];
  await expect(finishGroup(group as any)).resolves.toBe(0);
  expect(written()).toEqual([]);
});

it('waits for another runner’s claim to run out before it reads or writes the group', async () => {
  const cases = reviewCases('b3', 30);
  const until = Date.now() + 300;
  // (a group as stored before its cases were kept as one JSON string: `cases` a list)
  items.set('GROUP#b3#REVIEW#0|GROUP', {
    pk: 'GROUP#b3#REVIEW#0', sk: 'GROUP', key: 'b3#REVIEW#0', cases, deltas: sumDeltas(cases.map((c) => contribution(c))),
    claimer: 'other-runner', claimUntil: until, groupPk: 'PENDING',
  });
  await expect(createRecords('b3', 'REVIEW', cases)).resolves.toEqual({ created: 30, groups: 1 });
  const reads = log.filter((r) => r.command === 'BatchGet' || r.command === 'BatchWrite');
  expect(reads.length).toBeGreaterThan(0);
  for (const r of reads) expect(r.at).toBeGreaterThan(until);
});

it('a holder whose claim another runner has taken writes nothing', async () => {
  const cases = reviewCases('b4', 30);
  // The holder's clock jumps after its read (a long pause): its claim has less than RENEW_BELOW_MS left, and
  // meanwhile another runner took the group; the renewal fails and no write goes out.
  const real = Date.now.bind(Date);
  let skew = 0;
  jest.spyOn(Date, 'now').mockImplementation(() => real() + skew);
  ddb.on(BatchGetCommand).callsFake(() => {
    log.push({ command: 'BatchGet', at: Date.now() });
    skew = CLAIM_MS - RENEW_BELOW_MS + 1000;
    items.get('GROUP#b4#REVIEW#0|GROUP')!.claimer = 'taker';
    return { Responses: { lifecycle: [] } };
  });
  await expect(createRecords('b4', 'REVIEW', cases)).rejects.toMatchObject({ name: 'TransientError', message: expect.stringContaining('claim taken by another run') });
  expect(written()).toEqual([]);
  expect(hqCounts()).toEqual({});
});
