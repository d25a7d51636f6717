/**
 * `tipline drop FILE... [--json]`: put files under incoming/ in the ingest bucket of the running
 * `tipline serve` (as any S3 client would), then wait for the runs they start and print them.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runningServe } from '../../local/admin/serve-info.js';
import { listRuns } from '../../shared/runs/run-store.js';
import { endpointStore } from '../../local/local-run-store.js';
import { localCredentials } from '../../local/emulator-credentials.js';
import { formatRunsTable } from '../format-run.js';
import type { RunRow } from '../../shared/runs/run-view.js';
import { print, printJson, progress } from '../output.js';
import { batchIdFor } from '../../shared/pipeline/batch-id.js';

/**
 * The run a dropped batch ended in: a run started by this drop, or — when the batch already had a run that
 * did not fail — that earlier run, marked as already processed.
 */
export function settled(rows: RunRow[], batchId: string, since: string): RunRow | undefined {
  const runs = rows.filter((r) => r.batchId === batchId);
  const fresh = runs.find((r) => r.startDate >= since);
  if (fresh) return fresh;
  const earlier = runs.find((r) => r.status !== 'FAILED' && !r.alreadyProcessed);
  return earlier && { ...earlier, emails: 0, alreadyProcessed: true, processedBy: earlier.execution };
}

export async function dropCommand(files: string[], opts: { json: boolean; dataDir: string; timeoutMs?: number }): Promise<number> {
  if (files.length === 0) throw new Error('usage: tipline drop FILE... [--data-dir DIR]');
  for (const f of files) if (!(await stat(f).catch(() => undefined))?.isFile()) throw new Error(`no such file: ${f}`);
  const serve = await runningServe(opts.dataDir);
  if (!serve) {
    progress(`No \`tipline serve\` is running for data dir ${opts.dataDir}. Start one first (in another terminal): tipline serve --data-dir ${opts.dataDir}`);
    return 1;
  }
  const s3 = new S3Client({ endpoint: serve.endpoints.s3, forcePathStyle: true, region: serve.region, credentials: localCredentials(opts.dataDir) });
  const store = endpointStore(opts.dataDir, serve.endpoints, serve);
  const since = new Date().toISOString();
  const batches: { key: string; batchId: string }[] = [];
  try {
    for (const f of files) {
      const key = `${serve.incomingPrefix}${path.basename(f)}`;
      const put = await s3.send(new PutObjectCommand({ Bucket: serve.ingestBucket, Key: key, Body: await readFile(f) }));
      // The batch this upload is: the same derivation RegisterBatch makes from the event (version, else ETag).
      batches.push({ key, batchId: batchIdFor(serve.ingestBucket, key, put.VersionId ?? put.ETag?.replace(/"/g, '')) });
      if (!opts.json) progress(`dropped ${f} → s3://${serve.ingestBucket}/${key}; waiting for the run …`);
    }
    // The serve's bucket watch starts one execution per object; its record appears when the run ends. The
    // same object again starts nothing (StartExecution is idempotent on its name) unless its run failed:
    // the run that holds the batch is reported at once.
    const deadline = Date.now() + (opts.timeoutMs ?? 600_000);
    let found: RunRow[] = [];
    while (Date.now() < deadline) {
      const rows = await listRuns(store, 200);
      found = batches.map((b) => settled(rows, b.batchId, since)).filter((r): r is RunRow => !!r);
      if (found.length === batches.length) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    if (opts.json) for (const r of found) printJson({ alreadyProcessed: false, ...r });
    else {
      if (found.length) print(formatRunsTable(found));
      print(`Admin page: ${serve.adminUrl}`);
    }
    if (found.length < batches.length) {
      progress('timed out waiting for the run(s); see `tipline runs` or the admin page');
      return 1;
    }
    return found.every((r) => r.status === 'SUCCEEDED') ? 0 : 1;
  } finally {
    s3.destroy();
    await store.close();
  }
}
