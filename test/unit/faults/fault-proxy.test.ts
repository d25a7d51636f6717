/**
 * The fault proxies answer with each service's real error shape, and the AWS SDK recognises it as
 * retryable: with a proxy that fails the first N requests, the SDK's own retries get through.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { S3Client, ListBucketsCommand } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startFaultProxy, type FaultProxy } from '../../../local/faults/fault-proxy.js';
import type { FaultService } from '../../../local/faults/parse-faults.js';
import { startFaults, InjectedStateFault } from '../../../local/faults/index.js';

let upstream: Server;
let target: string;
const seen: { method?: string; url?: string; host?: string; body: string }[] = [];

beforeAll(async () => {
  // A stand-in emulator: answers every service with a minimal valid success.
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, host: req.headers.host, body });
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target.startsWith('DynamoDB')) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ TableNames: ['t1'] }));
      } else if (req.url?.startsWith('/v2/email')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ MessageId: 'm-1' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Buckets><Bucket><Name>b1</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>');
      }
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
});

/** Fails the first `n` requests, then forwards. */
const failFirst = (n: number) => {
  let left = n;
  return () => left-- > 0;
};

const credentials = { accessKeyId: 'k', secretAccessKey: 's' };
const region = 'ap-south-1';

async function withProxy<T>(service: FaultService, n: number, fn: (p: FaultProxy) => Promise<T>): Promise<T> {
  const proxy = await startFaultProxy(service, target, failFirst(n));
  try {
    return await fn(proxy);
  } finally {
    await proxy.stop();
  }
}

test('DynamoDB: ThrottlingException / ProvisionedThroughputExceededException, retried by the SDK', async () => {
  await withProxy('dynamodb', 2, async (proxy) => {
    const client = new DynamoDBClient({ endpoint: proxy.endpoint, region, credentials, maxAttempts: 4 });
    const out = await client.send(new ListTablesCommand({}));
    expect(out.TableNames).toEqual(['t1']);
    expect(proxy.stats).toEqual({ requests: 3, faults: 2 });
    client.destroy();
  });
  await withProxy('dynamodb', 5, async (proxy) => {
    const client = new DynamoDBClient({ endpoint: proxy.endpoint, region, credentials, maxAttempts: 1 });
    const err = await client.send(new ListTablesCommand({})).catch((e: Error) => e);
    expect((err as Error).name).toMatch(/^(ThrottlingException|ProvisionedThroughputExceededException)$/);
    expect((err as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
    client.destroy();
  });
}, 30_000);

test('S3: 503 SlowDown, retried by the SDK', async () => {
  await withProxy('s3', 2, async (proxy) => {
    const client = new S3Client({ endpoint: proxy.endpoint, region, credentials, forcePathStyle: true, maxAttempts: 4 });
    const out = await client.send(new ListBucketsCommand({}));
    expect(out.Buckets?.map((b) => b.Name)).toEqual(['b1']);
    expect(proxy.stats).toEqual({ requests: 3, faults: 2 });
    client.destroy();
  });
  await withProxy('s3', 5, async (proxy) => {
    const client = new S3Client({ endpoint: proxy.endpoint, region, credentials, forcePathStyle: true, maxAttempts: 1 });
    const err = await client.send(new ListBucketsCommand({})).catch((e: Error) => e);
    expect((err as Error).name).toBe('SlowDown');
    expect((err as Error).message).toBe('Please reduce your request rate.');
    expect((err as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(503);
    client.destroy();
  });
}, 30_000);

test('SES v2: 429 TooManyRequestsException, retried by the SDK', async () => {
  const send = new SendEmailCommand({
    FromEmailAddress: 'a@example.org',
    Destination: { ToAddresses: ['b@example.org'] },
    Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
  });
  await withProxy('ses', 1, async (proxy) => {
    const client = new SESv2Client({ endpoint: proxy.endpoint, region, credentials, maxAttempts: 3 });
    const out = await client.send(send);
    expect(out.MessageId).toBe('m-1');
    expect(proxy.stats).toEqual({ requests: 2, faults: 1 });
    client.destroy();
  });
  await withProxy('ses', 5, async (proxy) => {
    const client = new SESv2Client({ endpoint: proxy.endpoint, region, credentials, maxAttempts: 1 });
    const err = await client.send(send).catch((e: Error) => e);
    expect((err as Error).name).toBe('TooManyRequestsException');
    expect((err as Error).message).toBe('Maximum sending rate exceeded.');
    expect((err as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(429);
    client.destroy();
  });
}, 30_000);

test('forwarded requests keep their Host header and body (signatures still match)', async () => {
  seen.length = 0;
  await withProxy('ses', 0, async (proxy) => {
    const client = new SESv2Client({ endpoint: proxy.endpoint, region, credentials, maxAttempts: 1 });
    await client.send(new SendEmailCommand({
      FromEmailAddress: 'a@example.org',
      Destination: { ToAddresses: ['b@example.org'] },
      Content: { Simple: { Subject: { Data: 'hello' }, Body: { Text: { Data: 't' } } } },
    }));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.host).toBe(new URL(proxy.endpoint).host);
    expect(seen[0]!.body).toContain('hello');
    client.destroy();
  });
}, 30_000);

test('state faults: a named, transient error for the asked share of calls; nothing when unset', async () => {
  expect(await startFaults({}, { s3: target, dynamodb: target, ses: target })).toBeUndefined();
  const faults = (await startFaults({ TIPLINE_FAULTS: 'state:Notify=1,state:Enrich=0', TIPLINE_FAULT_SEED: '3' }, { s3: target, dynamodb: target, ses: target }))!;
  expect(() => faults.beforeTask('Enrich')).not.toThrow();
  expect(() => faults.beforeTask('Validate')).not.toThrow();
  let thrown: unknown;
  try {
    faults.beforeTask('Notify');
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(InjectedStateFault);
  expect((thrown as Error).name).toBe('TransientError');
  expect((thrown as Error).message).toMatch(/Notify/);
  expect(faults.endpoints).toEqual({});
  expect(faults.stats().states.Notify).toEqual({ calls: 1, faults: 1 });
  await faults.stop();
});

test('ses-reject: sends are refused with MessageRejected, which the SDK does not retry; other SES calls pass', async () => {
  const faults = (await startFaults({ TIPLINE_FAULTS: 'ses-reject=1' }, { s3: target, dynamodb: target, ses: target }))!;
  const client = new SESv2Client({ endpoint: faults.endpoints.ses, region, credentials, maxAttempts: 3 });
  seen.length = 0;
  const send = client.send(new SendEmailCommand({
    FromEmailAddress: 'a@example.org',
    Destination: { ToAddresses: ['b@example.org'] },
    Content: { Simple: { Subject: { Data: 'hello' }, Body: { Text: { Data: 't' } } } },
  }));
  await expect(send).rejects.toMatchObject({ name: 'MessageRejected', $metadata: { httpStatusCode: 400, attempts: 1 } });
  expect(seen).toHaveLength(0);
  // Only the send is refused: anything else reaches the emulator.
  const other = await fetch(`${faults.endpoints.ses}/v2/email/account`);
  expect(other.status).toBe(200);
  expect(seen).toHaveLength(1);
  expect(faults.stats().services.ses).toEqual({ requests: 2, faults: 1 });
  client.destroy();
  await faults.stop();
});
