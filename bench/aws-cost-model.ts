/**
 * What a batch costs on AWS in ap-south-1 (issue 20): `npm run bench -- --aws-model`.
 *
 *   npx tsx bench/aws-cost-model.ts [--reports N] [--seed S] [--batches-per-month B]
 *
 * Runs two measured local batches, of N and 2N generated reports (default 5,000 and 10,000: one and two chunks,
 * small enough for a shared 2-core machine), through the local runtime, counting what the handlers ask of each service through the very SDK
 * clients they use (a middleware on each): S3 requests by class, DynamoDB request units (writes: one per item
 * put or updated, items here are under 1 KB; reads: one per consistent read, half per eventually consistent
 * one, items under 4 KB; a Query counted as one), SES messages; from the execution record: state transitions and
 * each task's busy time × its deployed memory (Lambda GB-seconds); from the buckets: bytes stored.
 *
 * Each count is fitted as fixed + per-report (a line through the two runs: the district fan-out and Finalize
 * cost the same for any batch, chunks and index items grow with it), extrapolated to 30,000 and 1,000,000
 * reports per batch (emails capped at 56: one per district with cases, plus HQ), priced with data/aws-prices-ap-south-1.json, and
 * given per batch and per month (B batches a month, default 30; storage at steady state under the retention
 * defaults). Caveats, printed with the result: GB-seconds come from local step durations on emulators (dynalite
 * is slower than DynamoDB, so the Lambda figure is an upper bound); linear scaling ignores that Classify's work
 * per report grows a little with the batch.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = argv.indexOf(`--${name}`);
  const n = i === -1 ? fallback : Number(argv[i + 1]);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}): void =>
  void process.stdout.write(`${JSON.stringify({ metric, value, unit, ...extra })}\n`);
const note = (text: string): void => void process.stderr.write(`${text}\n`);

interface Prices {
  asOf: string;
  lambda: { perGbSecondArm: number; perMillionRequests: number };
  stepFunctions: { perThousandTransitions: number };
  s3: { perGbMonth: number; perThousandPutCopyPostList: number; perThousandGetSelectOther: number };
  dynamodb: { perMillionWriteRequestUnits: number; perMillionReadRequestUnits: number; perGbMonth: number };
  ses: { perThousandEmails: number };
  cloudTrail: { perHundredThousandDataEvents: number };
}

/** What one batch asks of AWS. */
export interface BatchCounts {
  reports: number;
  s3Puts: number;
  s3Gets: number;
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  dynamoRequests: number;
  emails: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  transitions: number;
  s3Bytes: { originals: number; working: number };
  dynamoItems: number;
}

const PUT_CLASS = new Set(['PutObjectCommand', 'CreateMultipartUploadCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand', 'AbortMultipartUploadCommand', 'ListObjectsV2Command', 'CopyObjectCommand']);
const WRITE_ONE = new Set(['PutItemCommand', 'PutCommand', 'UpdateItemCommand', 'UpdateCommand', 'DeleteItemCommand', 'DeleteCommand']);

type Counter = Record<string, number>;
function countingMiddleware(counter: Counter, measure?: (command: string, input: Record<string, any>) => void) {
  return (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: { input: Record<string, any> }) => {
    const name = context.commandName ?? 'unknown';
    counter[name] = (counter[name] ?? 0) + 1;
    measure?.(name, args.input);
    return next(args);
  };
}

async function bucketBytes(s3: S3Client, bucket: string): Promise<number> {
  let total = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) total += o.Size ?? 0;
    token = page.NextContinuationToken;
  } while (token);
  return total;
}

async function measure(reports: number, seed: number): Promise<BatchCounts> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tipline-cost-'));
  try {
    const file = path.join(dataDir, `batch-${reports}.jsonl`);
    const { generateFile } = await import('../cli/commands/generate.js');
    await generateFile({ reports, seed, format: 'jsonl', out: file });
    const { startLocalRuntime } = await import('../local/runtime.js');
    const { executionStats } = await import('./execution-stats.js');
    const runtime = await startLocalRuntime({ dataDir: path.join(dataDir, 'tipline') });
    try {
      const { s3Client } = await import('../shared/aws/s3-client.js');
      const { dynamoClient } = await import('../shared/aws/dynamo-client.js');
      const { sesClient } = await import('../shared/aws/ses-client.js');
      const s3Calls: Counter = {};
      const ddbCalls: Counter = {};
      const sesCalls: Counter = {};
      let writeUnits = 0;
      let readUnits = 0;
      let itemsWritten = 0;
      s3Client().middlewareStack.add(countingMiddleware(s3Calls) as never, { step: 'initialize', name: 'costCount' });
      sesClient().middlewareStack.add(countingMiddleware(sesCalls) as never, { step: 'initialize', name: 'costCount' });
      dynamoClient().middlewareStack.add(countingMiddleware(ddbCalls, (name, input) => {
        if (WRITE_ONE.has(name)) { writeUnits++; if (name.startsWith('Put')) itemsWritten++; }
        else if (name.startsWith('BatchWrite')) {
          const n = Object.values(input.RequestItems ?? {}).reduce((s: number, reqs) => s + (reqs as unknown[]).length, 0);
          writeUnits += n;
          itemsWritten += n;
        } else if (name.startsWith('BatchGet')) {
          for (const spec of Object.values(input.RequestItems ?? {}) as { Keys: unknown[]; ConsistentRead?: boolean }[]) readUnits += spec.Keys.length * (spec.ConsistentRead ? 1 : 0.5);
        } else if (name.startsWith('Get')) readUnits += input.ConsistentRead ? 1 : 0.5;
        else if (name.startsWith('Query')) readUnits += 1;
      }) as never, { step: 'initialize', name: 'costCount' });

      const record = await runtime.runFile(file);
      if (record.status !== 'SUCCEEDED') throw new Error(`the measured run ended ${record.status}: ${record.error ?? ''} ${record.cause ?? ''}`);
      const stats = executionStats(record);
      let gbSeconds = 0;
      let invocations = 0;
      for (const s of stats.states) {
        const task = runtime.local.tasks.get(s.state);
        if (!task) continue;
        invocations += s.entries;
        gbSeconds += (s.busyMs / 1000) * (task.memorySize / 1024);
      }
      const sum = (c: Counter, pick: (k: string) => boolean) => Object.entries(c).filter(([k]) => pick(k)).reduce((n, [, v]) => n + v, 0);
      return {
        reports,
        // +1: the original's upload (by the uploader, not a handler)
        s3Puts: sum(s3Calls, (k) => PUT_CLASS.has(k)) + 1,
        s3Gets: sum(s3Calls, (k) => !PUT_CLASS.has(k)),
        dynamoWriteUnits: writeUnits,
        dynamoReadUnits: readUnits,
        dynamoRequests: sum(ddbCalls, () => true),
        emails: sum(sesCalls, (k) => k.startsWith('SendEmail')),
        lambdaInvocations: invocations,
        lambdaGbSeconds: gbSeconds,
        transitions: stats.transitions,
        s3Bytes: { originals: await bucketBytes(runtime.s3, runtime.ingestBucket), working: await bucketBytes(runtime.s3, runtime.workBucket) },
        dynamoItems: itemsWritten,
      };
    } finally {
      await runtime.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A count at `reports`, on the line through two measurements (fixed + per report; never below zero fixed). */
function fit(n1: number, c1: number, n2: number, c2: number, reports: number): number {
  const perReport = Math.max(0, (c2 - c1) / (n2 - n1));
  const fixed = Math.max(0, c1 - perReport * n1);
  return fixed + perReport * reports;
}

/** The two measured runs extrapolated to `reports` (emails: one per district with cases + HQ, at most 56). */
export function scale(a: BatchCounts, b: BatchCounts, reports: number): BatchCounts {
  const f = (pick: (c: BatchCounts) => number) => fit(a.reports, pick(a), b.reports, pick(b), reports);
  return {
    reports,
    s3Puts: f((c) => c.s3Puts),
    s3Gets: f((c) => c.s3Gets),
    dynamoWriteUnits: f((c) => c.dynamoWriteUnits),
    dynamoReadUnits: f((c) => c.dynamoReadUnits),
    dynamoRequests: f((c) => c.dynamoRequests),
    emails: Math.min(56, Math.round(f((c) => c.emails))),
    lambdaInvocations: f((c) => c.lambdaInvocations),
    lambdaGbSeconds: f((c) => c.lambdaGbSeconds),
    transitions: f((c) => c.transitions),
    s3Bytes: { originals: f((c) => c.s3Bytes.originals), working: f((c) => c.s3Bytes.working) },
    dynamoItems: f((c) => c.dynamoItems),
  };
}

/** USD per batch by service, and per month with `batchesPerMonth` and storage at steady state (retention defaults). */
export function price(c: BatchCounts, p: Prices, batchesPerMonth: number): { perBatch: Record<string, number>; perMonth: Record<string, number> } {
  const GB = 1024 ** 3;
  const perBatch = {
    lambda: c.lambdaGbSeconds * p.lambda.perGbSecondArm + (c.lambdaInvocations / 1e6) * p.lambda.perMillionRequests,
    stepFunctions: (c.transitions / 1000) * p.stepFunctions.perThousandTransitions,
    s3Requests: (c.s3Puts / 1000) * p.s3.perThousandPutCopyPostList + (c.s3Gets / 1000) * p.s3.perThousandGetSelectOther,
    dynamodbRequests: (c.dynamoWriteUnits / 1e6) * p.dynamodb.perMillionWriteRequestUnits + (c.dynamoReadUnits / 1e6) * p.dynamodb.perMillionReadRequestUnits,
    ses: (c.emails / 1000) * p.ses.perThousandEmails,
    cloudTrailDataEvents: ((c.s3Puts + c.s3Gets + c.dynamoRequests) / 1e5) * p.cloudTrail.perHundredThousandDataEvents,
  };
  // Steady state: originals kept 12 months (Object Lock 365 d), working files 3 months (90 d), index items
  // 24 months (730 d TTL); DynamoDB adds 100 bytes of overhead per item, items here average ~200 bytes.
  const storage = {
    s3Storage: ((c.s3Bytes.originals * batchesPerMonth * 12 + c.s3Bytes.working * batchesPerMonth * 3) / GB) * p.s3.perGbMonth,
    dynamodbStorage: ((c.dynamoItems * 300 * batchesPerMonth * 24) / GB) * p.dynamodb.perGbMonth,
  };
  const perMonth: Record<string, number> = Object.fromEntries(Object.entries(perBatch).map(([k, v]) => [k, v * batchesPerMonth]));
  Object.assign(perMonth, storage);
  return { perBatch, perMonth };
}

const total = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

async function main(): Promise<void> {
  const reports = option('reports', 5000);
  const seed = option('seed', 2026);
  const batchesPerMonth = option('batches-per-month', 30);
  const prices = JSON.parse(await readFile(path.join(ROOT, 'data', 'aws-prices-ap-south-1.json'), 'utf-8')) as Prices;
  const runs: BatchCounts[] = [];
  for (const n of [reports, 2 * reports]) {
    note(`aws-model: measuring a local run of ${n.toLocaleString('en')} reports (seed ${seed})…`);
    const measured = await measure(n, seed);
    note(`measured: ${JSON.stringify(measured)}`);
    for (const [k, v] of Object.entries(measured)) if (typeof v === 'number' && k !== 'reports') emit(`aws_model_measured_${k}_at_${n}`, Math.round(v * 100) / 100, 'count', { reports: n });
    runs.push(measured);
  }
  for (const size of [30_000, 1_000_000]) {
    const counts = scale(runs[0]!, runs[1]!, size);
    emit(`aws_model_counts_at_${size}`, Math.round(counts.transitions), 'transitions', { counts });
    const { perBatch, perMonth } = price(counts, prices, batchesPerMonth);
    emit(`aws_cost_usd_per_batch_at_${size}`, Math.round(total(perBatch) * 10000) / 10000, 'USD', { breakdown: perBatch, pricesAsOf: prices.asOf, measuredReports: reports });
    emit(`aws_cost_usd_per_month_at_${size}`, Math.round(total(perMonth) * 100) / 100, 'USD', { breakdown: perMonth, batchesPerMonth, pricesAsOf: prices.asOf, measuredReports: reports });
  }
  note('caveats: Lambda GB-s from local step durations on emulators (an upper bound); counts extrapolated on a line (fixed + per report) through the two measured runs; prices from data/aws-prices-ap-south-1.json (check against the pricing pages).');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    note(`aws-model: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  });
}
