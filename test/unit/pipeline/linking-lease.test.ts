/**
 * The linking lease adapter (shared/aws/linking-lease.ts) against a mocked DynamoDB (aws-sdk-client-mock) that
 * keeps the one lease item and applies each request's condition as DynamoDB would for these expressions, so
 * the tests follow the lease through acquire, renew, release and drain by several batches.
 */
import { jest } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  LINKING_LEASE_PK, acquireLinkingLease, drainLinkingLease, readLinkingLease, releaseLinkingLease, renewLinkingLease, withLinkingLease,
} from '../../../shared/aws/linking-lease.js';
import { resetConfig } from '../../../shared/config.js';
import { resetClients } from '../../../shared/aws/clients.js';

const ddb = mockClient(DynamoDBDocumentClient);
let item: Record<string, unknown> | undefined;
const failed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
type Values = Record<string, unknown>;

beforeAll(() => {
  Object.assign(process.env, {
    INDEX_TABLE: 'index', AWS_REGION: 'ap-south-1',
    LINKING_LEASE_SECONDS: '300', LINKING_LEASE_RENEW_SECONDS: '1', LINKING_LEASE_DRAIN_SECONDS: '60',
  });
  resetConfig();
  resetClients();
});

afterAll(() => {
  for (const k of ['LINKING_LEASE_SECONDS', 'LINKING_LEASE_RENEW_SECONDS', 'LINKING_LEASE_DRAIN_SECONDS']) delete process.env[k];
  resetConfig();
});

beforeEach(() => {
  item = undefined;
  ddb.reset();
  const onLeaseItem = (input: { TableName?: string; Key?: Values; Item?: Values }) => {
    expect(input.TableName).toBe('index');
    expect((input.Key ?? input.Item)?.pk).toBe(LINKING_LEASE_PK);
  };
  ddb.on(GetCommand).callsFake((input) => {
    onLeaseItem(input);
    expect(input.ConsistentRead).toBe(true);
    return { Item: item };
  });
  ddb.on(PutCommand).callsFake((input: { Item: Values; ConditionExpression: string; ExpressionAttributeValues: Values }) => {
    onLeaseItem(input);
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk) OR expiresAt < :now OR holder = :me');
    const v = input.ExpressionAttributeValues;
    if (item && !((item.expiresAt as number) < (v[':now'] as number)) && item.holder !== v[':me']) throw failed();
    item = { ...input.Item };
    return {};
  });
  ddb.on(UpdateCommand).callsFake((input: { TableName: string; Key: Values; ConditionExpression: string; ExpressionAttributeValues: Values }) => {
    onLeaseItem(input);
    const v = input.ExpressionAttributeValues;
    if (!item || item.holder !== v[':me']) throw failed();
    if (input.ConditionExpression === 'holder = :me AND expiresAt > :until') {
      if (!((item.expiresAt as number) > (v[':until'] as number))) throw failed();
    } else expect(input.ConditionExpression).toBe('holder = :me');
    item.expiresAt = v[':until'];
    return {};
  });
  ddb.on(DeleteCommand).callsFake((input: { TableName: string; Key: Values; ConditionExpression: string; ExpressionAttributeValues: Values }) => {
    onLeaseItem(input);
    expect(input.ConditionExpression).toBe('holder = :me');
    if (!item || item.holder !== input.ExpressionAttributeValues[':me']) throw failed();
    item = undefined;
    return {};
  });
});

const T0 = Date.parse('2026-12-03T09:00:00Z');

describe('acquire', () => {
  it('takes a free lease for LINKING_LEASE_SECONDS', async () => {
    await expect(acquireLinkingLease('b-a', T0)).resolves.toEqual({ holder: 'b-a', expiresAt: T0 + 300_000 });
    await expect(readLinkingLease()).resolves.toEqual({ holder: 'b-a', expiresAt: T0 + 300_000 });
  });

  it('refuses while another batch holds it, naming the holder and until when (LinkingBusy)', async () => {
    await acquireLinkingLease('b-a', T0);
    const busy = acquireLinkingLease('b-b', T0 + 1000);
    await expect(busy).rejects.toMatchObject({ name: 'LinkingBusy' });
    await expect(busy).rejects.toThrow('held by batch b-a until 2026-12-03T09:05:00.000Z; batch b-b waits');
    await expect(readLinkingLease()).resolves.toMatchObject({ holder: 'b-a' });
  });

  it('is the same batch’s again on a retry or redrive, and anyone’s once it has expired', async () => {
    await acquireLinkingLease('b-a', T0);
    await expect(acquireLinkingLease('b-a', T0 + 10_000)).resolves.toMatchObject({ holder: 'b-a' });
    await expect(acquireLinkingLease('b-b', T0 + 10_000 + 300_001)).resolves.toMatchObject({ holder: 'b-b' });
  });

  it('lets DynamoDB errors other than the condition through, for the state machine to retry', async () => {
    ddb.on(PutCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(acquireLinkingLease('b-a', T0)).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});

describe('renew', () => {
  it('extends the holder’s lease, even past its expiry when nobody took it', async () => {
    await acquireLinkingLease('b-a', T0);
    await expect(renewLinkingLease('b-a', T0 + 400_000)).resolves.toEqual({ holder: 'b-a', expiresAt: T0 + 700_000 });
  });

  it('fails with LinkingLeaseLost once another batch holds it, or nobody does', async () => {
    await acquireLinkingLease('b-a', T0);
    await acquireLinkingLease('b-b', T0 + 300_001);
    await expect(renewLinkingLease('b-a', T0 + 300_002)).rejects.toMatchObject({ name: 'LinkingLeaseLost', message: expect.stringContaining('batch b-b holds it') });
    await releaseLinkingLease('b-b');
    await expect(renewLinkingLease('b-a')).rejects.toMatchObject({ name: 'LinkingLeaseLost', message: expect.stringContaining('nobody holds it') });
  });
});

describe('release and drain', () => {
  it('release deletes the holder’s lease only; a repeat is a no-op', async () => {
    await acquireLinkingLease('b-a', T0);
    await expect(releaseLinkingLease('b-b')).resolves.toBe(false);
    await expect(readLinkingLease()).resolves.toMatchObject({ holder: 'b-a' });
    await expect(releaseLinkingLease('b-a')).resolves.toBe(true);
    await expect(releaseLinkingLease('b-a')).resolves.toBe(false);
    await expect(readLinkingLease()).resolves.toBeUndefined();
    await expect(acquireLinkingLease('b-b', T0 + 1)).resolves.toMatchObject({ holder: 'b-b' });
  });

  it('drain shortens the holder’s lease to LINKING_LEASE_DRAIN_SECONDS, never lengthens it, never touches another’s', async () => {
    await acquireLinkingLease('b-a', T0);
    await expect(drainLinkingLease('b-b', T0 + 1000)).resolves.toBe(false);
    await expect(drainLinkingLease('b-a', T0 + 1000)).resolves.toBe(true);
    await expect(readLinkingLease()).resolves.toEqual({ holder: 'b-a', expiresAt: T0 + 61_000 });
    await expect(drainLinkingLease('b-a', T0 + 2000)).resolves.toBe(false);
    // still held while it drains; another batch gets it once the drain is over
    await expect(acquireLinkingLease('b-b', T0 + 30_000)).rejects.toMatchObject({ name: 'LinkingBusy' });
    await expect(acquireLinkingLease('b-b', T0 + 61_001)).resolves.toMatchObject({ holder: 'b-b' });
  });
});

describe('withLinkingLease', () => {
  afterEach(() => jest.useRealTimers());

  it('refuses to start work when the batch does not hold the lease', async () => {
    await acquireLinkingLease('b-a');
    const work = jest.fn(async () => 1);
    await expect(withLinkingLease('b-b', work)).rejects.toMatchObject({ name: 'LinkingLeaseLost' });
    expect(work).not.toHaveBeenCalled();
  });

  it('renews the lease every LINKING_LEASE_RENEW_SECONDS while the work runs, and stops renewing after', async () => {
    await acquireLinkingLease('b-a');
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let finish!: (v: string) => void;
    const running = withLinkingLease('b-a', () => new Promise<string>((resolve) => (finish = resolve)));
    await jest.advanceTimersByTimeAsync(0);
    const updates = () => ddb.commandCalls(UpdateCommand).length;
    expect(updates()).toBe(1); // the renewal at the start
    await jest.advanceTimersByTimeAsync(3500);
    expect(updates()).toBe(4);
    finish('done');
    await expect(running).resolves.toBe('done');
    await jest.advanceTimersByTimeAsync(5000);
    expect(updates()).toBe(4);
  });

  it('aborts the work’s signal and fails with LinkingLeaseLost when a renewal finds the lease taken', async () => {
    await acquireLinkingLease('b-a');
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let seen: AbortSignal | undefined;
    const running = withLinkingLease('b-a', async (signal) => {
      seen = signal;
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      return 'wrote with a stale view';
    });
    running.catch(() => undefined);
    await jest.advanceTimersByTimeAsync(0);
    item = { pk: LINKING_LEASE_PK, holder: 'b-b', expiresAt: Date.now() + 300_000 }; // taken behind its back
    await jest.advanceTimersByTimeAsync(1100);
    expect(seen?.aborted).toBe(true);
    await jest.advanceTimersByTimeAsync(10_000);
    await expect(running).rejects.toMatchObject({ name: 'LinkingLeaseLost' });
  });

  it('keeps working through a renewal that fails for another reason', async () => {
    await acquireLinkingLease('b-a');
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const running = withLinkingLease('b-a', () => new Promise<string>((resolve) => setTimeout(() => resolve('ok'), 2500)));
    await jest.advanceTimersByTimeAsync(0);
    ddb.on(UpdateCommand).rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await jest.advanceTimersByTimeAsync(3000);
    await expect(running).resolves.toBe('ok');
  });
});
