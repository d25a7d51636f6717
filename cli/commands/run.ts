/**
 * `tipline run FILE...`: each file through the local workflow; exit 0 only when every execution succeeded.
 * With a `tipline serve` up on the data dir, the files go into its bucket and its runtime runs them (as
 * `tipline drop` does); otherwise this process starts the runtime. A data dir another `tipline run` holds is
 * refused with that process's ID (local/emulators-lock.ts).
 */
import { readdir, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { executionNameFor, startLocalRuntime } from '../../local/runtime.js';
import { runningServe, type ServeInfo } from '../../local/admin/serve-info.js';
import { loadExecution, type ExecutionRecord } from '../../local/execution-record.js';
import { localCredentials } from '../../local/emulator-credentials.js';
import { formatSummary } from '../format-summary.js';
import { print, printJson, progress } from '../output.js';
import type { RunReport } from '../run-summary.js';

async function expand(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const s = await stat(input).catch(() => undefined);
    if (!s) throw new Error(`no such file: ${input}`);
    if (s.isDirectory()) {
      const entries = (await readdir(input)).filter((f) => !f.startsWith('.') && !f.endsWith('.md')).sort();
      files.push(...entries.map((f) => path.join(input, f)));
    } else files.push(input);
  }
  return files;
}

type Opts = { json: boolean; dataDir: string };

export async function runCommand(inputs: string[], opts: Opts): Promise<number> {
  if (inputs.length === 0) throw new Error('usage: tipline run FILE... [--json] [--data-dir DIR]');
  const files = await expand(inputs);
  const serve = await runningServe(opts.dataDir);
  const summaries = serve ? await runThroughServe(serve, files, opts) : await runHere(files, opts);
  for (const s of summaries) {
    if (opts.json) printJson(s);
    else print(`\n${formatSummary(s)}`);
  }
  if (!opts.json) {
    print(`\nSent mail: ${path.join(opts.dataDir, 'mail')}/  ·  Runs: tipline runs  ·  Cases: tipline cases --batch <batchId>`);
  }
  return summaries.every((s) => s.status === 'SUCCEEDED') ? 0 : 1;
}

/** A file already processed says so (the report also carries it); this run sent nothing. */
function told(report: RunReport, opts: Opts): RunReport {
  if (report.alreadyProcessed && !opts.json) progress(`  already processed by execution ${report.processedBy}; nothing was done again`);
  return report;
}

async function runHere(files: string[], opts: Opts): Promise<RunReport[]> {
  const started = Date.now();
  if (!opts.json) progress(`Starting local AWS emulators (S3, DynamoDB, SES) and the state machine in ${opts.dataDir} …`);
  const runtime = await startLocalRuntime({
    dataDir: opts.dataDir,
    onEvent: opts.json ? undefined : (e) => {
      if (e.type === 'entered' && e.index === undefined) progress(`  → ${e.state}`);
    },
  });
  if (!opts.json) progress(`Ready in ${Date.now() - started} ms.`);
  const summaries: RunReport[] = [];
  try {
    for (const file of files) {
      if (!opts.json) progress(`\n${file}: uploading to s3://${runtime.ingestBucket}/incoming/ …`);
      const submittedAt = Date.now();
      const execution = await runtime.runFile(file);
      // Imported when first needed: by then the handlers have loaded what it uses (the document client, the
      // workflow schemas), and before, it would only delay the emulators and the first state.
      const { reportExecution } = await import('../run-summary.js');
      summaries.push(told(await reportExecution(runtime, execution, submittedAt), opts));
    }
  } finally {
    await runtime.stop();
  }
  return summaries;
}

/**
 * The serve's bucket watch starts the execution; its record appears in the data dir when it ends. Its name
 * follows from bucket, key and ETag (local/runtime.ts executionNameFor), and a failed one is run again under
 * the next attempt's name, as the runtime does.
 */
async function runThroughServe(serve: ServeInfo, files: string[], opts: Opts): Promise<RunReport[]> {
  const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const { endpointStore } = await import('../../local/local-run-store.js');
  const { reportExecution } = await import('../run-summary.js');
  if (!opts.json) progress(`tipline serve (pid ${serve.pid}) is running on ${opts.dataDir}: the runs go through it (${serve.adminUrl}).`);
  const s3 = new S3Client({ endpoint: serve.endpoints.s3, forcePathStyle: true, region: serve.region, credentials: localCredentials(opts.dataDir), requestChecksumCalculation: 'WHEN_REQUIRED' });
  const store = endpointStore(opts.dataDir, serve.endpoints, serve, `tipline serve (${serve.adminUrl})`);
  const summaries: RunReport[] = [];
  try {
    for (const file of files) {
      const key = `${serve.incomingPrefix}${path.basename(file)}`;
      if (!opts.json) progress(`\n${file}: uploading to s3://${serve.ingestBucket}/${key}; waiting for the run …`);
      const submittedAt = Date.now();
      const { size } = await stat(file);
      const put = await s3.send(new PutObjectCommand({ Bucket: serve.ingestBucket, Key: key, Body: createReadStream(file), ContentLength: size }));
      const name = executionNameFor({
        'detail-type': 'Object Created',
        source: 'aws.s3',
        detail: { bucket: { name: serve.ingestBucket }, object: { key, etag: put.ETag ? (JSON.parse(put.ETag) as string) : undefined, 'version-id': put.VersionId } },
      });
      const execution = await waitForExecution(opts.dataDir, name, submittedAt);
      summaries.push(told(await reportExecution(store, execution, submittedAt), opts));
    }
  } finally {
    s3.destroy();
    await store.close();
  }
  return summaries;
}

async function waitForExecution(dataDir: string, base: string, submittedAt: number): Promise<ExecutionRecord> {
  for (let polls = 0; ; polls++) {
    let latest: ExecutionRecord | undefined;
    for (let attempt = 1; ; attempt++) {
      const record = await loadExecution(dataDir, attempt === 1 ? base : `${base}-r${attempt}`);
      if (!record) break;
      latest = record;
    }
    // A failed execution from before this upload is run again: wait for the new attempt.
    if (latest && (latest.status !== 'FAILED' || Date.parse(latest.startDate) >= submittedAt - 1000)) return latest;
    if (polls % 20 === 19 && !(await runningServe(dataDir))) throw new Error(`tipline serve on ${dataDir} stopped before execution ${base} ended`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
