/**
 * The local services with `tipline serve` up, as a user meets them:
 * - each emulator (S3, DynamoDB, SES) refuses unsigned requests, requests signed with another key, requests
 *   from a web page (Origin header, CORS preflight, HTML form POST) and a foreign Host; a request signed with
 *   the data dir's credentials, and a presigned URL, pass; the mail viewer answers only to its own Host;
 * - `tipline cases`, `run`, `rejected`, `runs` and `resend` work alongside the serve, through its services;
 * - a second process asking for a data dir in use is told which process holds it;
 * - `tipline cases --json` arrives whole through a pipe read slowly (over 64 KB: more than a pipe holds).
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startServeSession, type ServeSession } from '../../local/admin/serve-session.js';
import { startLocalRuntime } from '../../local/runtime.js';
import { PROJECT_ROOT, tipline, jsonLines } from '../support/cli.js';
import type { RunSummary } from '../../shared/model/workflow.js';
import type { CaseSummary } from '../../shared/model/case.js';

let dir: string;
let dataDir: string;
let session: ServeSession;
let exampleBatch: string;
let bigBatch: string;
let bigCases: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tipline-local-services-'));
  dataDir = path.join(dir, 'data');
  session = await startServeSession({ dataDir, port: 0 });
  const example = await session.runtime.runFile(path.join(PROJECT_ROOT, 'samples', 'example-batch.json'));
  exampleBatch = JSON.parse(example.output!).batchId as string;
  const big = await session.runtime.runFile(path.join(PROJECT_ROOT, 'samples', 'generated-2000.csv'));
  ({ batchId: bigBatch, counts: { cases: bigCases } } = JSON.parse(big.output!) as { batchId: string; counts: { cases: number } });
}, 180_000);

afterAll(async () => {
  await session?.stop();
  await rm(dir, { recursive: true, force: true });
});

const endpoints = () => session.info.endpoints;
const ingest = () => session.info.ingestBucket;
const credentials = () => ({ accessKeyId: session.runtime.env.AWS_ACCESS_KEY_ID!, secretAccessKey: session.runtime.env.AWS_SECRET_ACCESS_KEY! });
const original = () => `${endpoints().s3}/${ingest()}/incoming/example-batch.json`;
const listTables = { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' };
const sesSend = JSON.stringify({ FromEmailAddress: 'a@b.example', Destination: { ToAddresses: ['x@y.example'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } });

describe('only the local runtime may use the local services', () => {
  test('unsigned requests are refused by each service', async () => {
    const s3 = await fetch(original());
    expect(s3.status).toBe(403);
    expect(await s3.text()).toContain('<Code>AccessDenied</Code>');
    const ddb = await fetch(`${endpoints().dynamodb}/`, { method: 'POST', headers: listTables, body: '{}' });
    expect(ddb.status).toBe(403);
    expect(await ddb.json()).toMatchObject({ __type: expect.stringContaining('UnrecognizedClientException') });
    const ses = await fetch(`${endpoints().ses}/v2/email/outbound-emails`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sesSend });
    expect(ses.status).toBe(403);
    expect((await fetch(`${endpoints().ses}/clear-store`, { method: 'POST' })).status).toBe(403);
  });

  test('a signature made with another key (the emulators\' well-known S3RVER pair) is refused', async () => {
    const other = new S3Client({ endpoint: endpoints().s3, forcePathStyle: true, region: 'ap-south-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await expect(other.send(new GetObjectCommand({ Bucket: ingest(), Key: 'incoming/example-batch.json' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    other.destroy();
  });

  test('requests from web pages are refused: Origin header, CORS preflight, HTML form POST', async () => {
    const evil = { origin: 'https://evil.example' };
    expect((await fetch(original(), { headers: evil })).status).toBe(403);
    expect((await fetch(original(), { method: 'OPTIONS', headers: { ...evil, 'access-control-request-method': 'PUT' } })).status).toBe(403);
    const form = new FormData();
    form.set('key', 'incoming/from-a-web-page.json');
    form.set('file', new Blob([await readFile(path.join(PROJECT_ROOT, 'samples', 'example-batch.json'))]), 'x.json');
    expect((await fetch(`${endpoints().s3}/${ingest()}`, { method: 'POST', body: form, headers: evil })).status).toBe(403);
    expect((await fetch(`${endpoints().s3}/${ingest()}`, { method: 'POST', body: form })).status).toBe(403);
    expect((await fetch(`${endpoints().dynamodb}/`, { method: 'POST', headers: { ...listTables, ...evil }, body: '{}' })).status).toBe(403);
    expect((await fetch(`${endpoints().ses}/v2/email/outbound-emails`, { method: 'POST', headers: { 'content-type': 'application/json', ...evil }, body: sesSend })).status).toBe(403);
    expect((await fetch(`${endpoints().ses}/store`, { headers: evil })).status).toBe(403);
  });

  test('signed with the data dir\'s credentials passes, and so does a presigned URL, until altered', async () => {
    const s3 = new S3Client({ endpoint: endpoints().s3, forcePathStyle: true, region: 'ap-south-1', credentials: credentials() });
    const got = await s3.send(new GetObjectCommand({ Bucket: ingest(), Key: 'incoming/example-batch.json' }));
    expect(await got.Body!.transformToString()).toContain('"reports"');
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: ingest(), Key: 'incoming/example-batch.json' }), { expiresIn: 60 });
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`))).status).toBe(403);
    s3.destroy();
  });

  test('the mail viewer answers only to its own Host (no DNS rebinding), GET only', async () => {
    const port = new URL(endpoints().ses).port;
    const viewer = (host: string) =>
      new Promise<number>((resolve, reject) => {
        // fetch() will not send a Host of our choosing: a raw request does.
        import('node:http').then(({ request }) => {
          const req = request({ host: '127.0.0.1', port, path: '/store', headers: { host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        }, reject);
      });
    expect(await viewer(`127.0.0.1:${port}`)).toBe(200);
    expect(await viewer(`localhost:${port}`)).toBe(200);
    expect(await viewer(`evil.example:${port}`)).toBe(403);
    expect(await viewer(`127.0.0.1:${Number(port) + 1}`)).toBe(403);
  });
});

describe('commands alongside serve', () => {
  test('cases, runs, rejected and resend read through the running serve', async () => {
    const cases = await tipline(['cases', '--batch', exampleBatch, '--json', '--data-dir', dataDir]);
    expect(cases.stderr).toBe('');
    expect(cases.code).toBe(0);
    expect((JSON.parse(cases.stdout) as CaseSummary[]).map((c) => c.disposition).sort()).toEqual(['actionable', 'actionable', 'actionable', 'actionable', 'not-actionable', 'review']);
    const runs = await tipline(['runs', '--json', '--data-dir', dataDir]);
    expect(runs.code).toBe(0);
    expect((JSON.parse(runs.stdout) as { batchId: string }[]).map((r) => r.batchId)).toEqual(expect.arrayContaining([exampleBatch, bigBatch]));
    const rejected = await tipline(['rejected', '--batch', exampleBatch, '--json', '--data-dir', dataDir]);
    expect(rejected.code).toBe(0);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ batchId: exampleBatch, records: [] });
    const resend = await tipline(['resend', '--batch', exampleBatch, '--json', '--data-dir', dataDir]);
    expect(resend.code).toBe(0);
    expect(JSON.parse(resend.stdout)).toEqual({ batchId: exampleBatch, sent: 0, unsent: [], inFlight: 0 });
  }, 120_000);

  test('tipline run hands the file to the serve and reports its run', async () => {
    const copy = path.join(dir, 'same-reports-other-name.json');
    await copyFile(path.join(PROJECT_ROOT, 'samples', 'example-batch.json'), copy);
    const run = await tipline(['run', copy, '--json', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    const [summary] = jsonLines<RunSummary>(run.stdout);
    expect(summary).toMatchObject({ status: 'SUCCEEDED', file: { key: 'incoming/same-reports-other-name.json' }, counts: { received: 7, duplicates: 7, actionable: 0 } });
    // The serve ran it: its admin API lists the execution.
    const listed = (await (await fetch(`${session.admin.url}api/runs`)).json()) as { execution: string }[];
    expect(listed.map((r) => r.execution)).toContain(summary!.execution);
  }, 120_000);

  test('a data dir another process holds is refused, naming that process', async () => {
    const otherDir = path.join(dir, 'held');
    const holder = await startLocalRuntime({ dataDir: otherDir });
    try {
      const second = await tipline(['run', path.join(PROJECT_ROOT, 'samples', 'example-batch.json'), '--data-dir', otherDir]);
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(`data dir ${otherDir} is in use by process ${process.pid}`);
    } finally {
      await holder.stop();
    }
  }, 60_000);
});

test('tipline cases --json arrives whole through a slowly read pipe, with exit 0', async () => {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'tipline.js'), 'cases', '--batch', bigBatch, '--json', '--data-dir', dataDir], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A slow reader: after each chunk it takes, it stops reading for 100 ms, so the child's writes wait on a
  // full pipe most of the time.
  const chunks: Buffer[] = [];
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 100);
    });
    child.stdout.on('end', resolve);
    child.on('error', reject);
  });
  const text = Buffer.concat(chunks).toString('utf-8');
  expect(await exit).toBe(0);
  expect(text.length).toBeGreaterThan(65_536 * 2);
  const cases = JSON.parse(text) as CaseSummary[];
  expect(cases).toHaveLength(bigCases);
  expect(new Set(cases.map((c) => c.caseId)).size).toBe(bigCases);
}, 120_000);
