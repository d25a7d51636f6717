/** `tipline run FILE...`: each file through the local workflow; exit 0 only when every execution succeeded. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { startLocalRuntime } from '../../local/runtime.js';
import { formatSummary } from '../format-summary.js';
import { print, printJson, progress } from '../output.js';

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

export async function runCommand(inputs: string[], opts: { json: boolean; dataDir: string }): Promise<number> {
  if (inputs.length === 0) throw new Error('usage: tipline run FILE... [--json] [--data-dir DIR]');
  const files = await expand(inputs);
  const started = Date.now();
  if (!opts.json) progress(`Starting local AWS emulators (S3, DynamoDB, SES) and the state machine in ${opts.dataDir} …`);
  const runtime = await startLocalRuntime({
    dataDir: opts.dataDir,
    onEvent: opts.json ? undefined : (e) => {
      if (e.type === 'entered' && e.index === undefined) progress(`  → ${e.state}`);
    },
  });
  if (!opts.json) progress(`Ready in ${Date.now() - started} ms.`);
  let failed = 0;
  const summaries = [];
  try {
    for (const file of files) {
      if (!opts.json) progress(`\n${file}: uploading to s3://${runtime.ingestBucket}/incoming/ …`);
      const submittedAt = Date.now();
      const execution = await runtime.runFile(file);
      // Imported when first needed: by then the handlers have loaded what it uses (the document client, the
      // workflow schemas), and before, it would only delay the emulators and the first state.
      const { reportExecution } = await import('../run-summary.js');
      const summary = await reportExecution(runtime, execution, submittedAt);
      if (summary.status !== 'SUCCEEDED') failed++;
      summaries.push(summary);
    }
  } finally {
    await runtime.stop();
  }
  for (const s of summaries) {
    if (opts.json) printJson(s);
    else print(`\n${formatSummary(s)}`);
  }
  if (!opts.json) {
    print(`\nSent mail: ${path.join(opts.dataDir, 'mail')}/  ·  Runs: tipline runs  ·  Cases: tipline cases --batch <batchId>`);
  }
  return failed === 0 ? 0 : 1;
}
