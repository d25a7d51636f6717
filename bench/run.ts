/**
 * `npm run bench` (issue 9): every benchmark in turn, one child process each, their JSON metric lines
 * {"metric","value","unit"} forwarded to stdout as they come; progress and notes go to stderr.
 *
 *   npm run bench                 core-stage throughputs, e2e at 30,000 reports, local start, the index I/O
 *                                 floor, bundle size
 *   npm run bench -- --quick      the same at small sizes (a smoke run; numbers not comparable)
 *   npm run bench -- --full       also the 1,000,000-report end-to-end run (peak RSS, transitions per 1k)
 *   npm run bench -- --aws-model  only the AWS cost model (bench/aws-cost-model.ts): one measured 5,000-report
 *                                 local run, scaled to 30,000 and 1,000,000 reports, priced for ap-south-1
 *   npm run bench -- --only e2e   just the named benches (comma-separated: parse-validate,enrich,classify,e2e,index-floor,assignments,case-updates,bundle-size)
 *
 * Wall-clock numbers depend on what else the machine runs; the benches print CPU-based figures too.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_THREADPOOL_VARS } from '../local/threadpool-size.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const full = args.includes('--full');
const onlyAt = args.indexOf('--only');
const only = args.includes('--aws-model') ? new Set(['aws-model']) : onlyAt === -1 ? undefined : new Set((args[onlyAt + 1] ?? '').split(','));

interface Bench {
  name: string;
  file: string;
  args: string[];
  /** Environment the bench's process needs from its start: benches that start the local runtime get `tipline`'s thread pool. */
  env?: Record<string, string>;
}

const BENCHES: Bench[] = [
  { name: 'parse-validate', file: 'bench/parse-validate.ts', args: ['--reports', quick ? '20000' : '1000000', '--formats', quick ? 'jsonl,json,xml,csv' : 'jsonl,csv,json:200000,xml:200000'] },
  { name: 'enrich', file: 'bench/enrich.ts', args: ['--reports', quick ? '20000' : '200000', ...(quick ? ['--passes', '2'] : [])] },
  { name: 'classify', file: 'bench/classify.ts', args: ['--reports', quick ? '50000' : '1000000'] },
  { name: 'e2e', file: 'bench/e2e.ts', args: ['--reports', quick ? '3000' : '30000', ...(full ? ['--full'] : [])] },
  { name: 'index-floor', file: 'bench/index-floor.ts', args: ['--reports', quick ? '3000' : '30000'], env: LOCAL_THREADPOOL_VARS },
  { name: 'assignments', file: 'bench/assignments.ts', args: ['--cases', quick ? '2000' : '10000'], env: LOCAL_THREADPOOL_VARS },
  { name: 'case-updates', file: 'bench/case-updates.ts', args: ['--cases', quick ? '5000' : '100000'], env: LOCAL_THREADPOOL_VARS },
  { name: 'bundle-size', file: 'bench/bundle-size.ts', args: [] },
  // Only with --aws-model (or --only aws-model): a priced model, not a speed measurement.
  { name: 'aws-model', file: 'bench/aws-cost-model.ts', args: ['--reports', quick ? '1000' : '5000'], env: LOCAL_THREADPOOL_VARS },
];

/** The stage benches print per-format or per-run figures; the headline names the issue asks for are derived here. */
const headline = new Map<string, number>();

function forward(line: string, bench: string): void {
  const text = line.trim();
  if (!text.startsWith('{')) {
    if (text) process.stderr.write(`[${bench}] ${text}\n`);
    return;
  }
  try {
    const m = JSON.parse(text) as { metric?: string; value?: number; unit?: string };
    if (typeof m.metric !== 'string') throw new Error('no metric');
    process.stdout.write(`${text}\n`);
    // The headline is the issue's target formats (JSONL, CSV); JSON and XML are printed on their own lines.
    if (/^parse_validate_rps_(jsonl|csv)$/.test(m.metric) && typeof m.value === 'number') {
      headline.set('parse_validate_rps', Math.min(headline.get('parse_validate_rps') ?? Infinity, m.value));
    }
  } catch {
    process.stderr.write(`[${bench}] ${text}\n`);
  }
}

function run(b: Bench): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, b.file), ...b.args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...b.env },
    });
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) forward(l, b.name);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => process.stderr.write(d.replace(/^(?=.)/gm, `[${b.name}] `)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending) forward(pending, b.name);
      resolve(code ?? -1);
    });
  });
}

let failed = 0;
for (const b of BENCHES) {
  if (only ? !only.has(b.name) : b.name === 'aws-model') continue;
  if (!existsSync(path.join(ROOT, b.file))) {
    process.stderr.write(`[bench] ${b.file} does not exist yet: skipping ${b.name}\n`);
    continue;
  }
  process.stderr.write(`[bench] ${b.name} ${b.args.join(' ')}\n`);
  const started = Date.now();
  const code = await run(b);
  process.stderr.write(`[bench] ${b.name} ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (code !== 0) failed++;
}
// The slowest format is the one a batch's throughput is bound by.
if (headline.has('parse_validate_rps')) {
  process.stdout.write(`${JSON.stringify({ metric: 'parse_validate_rps', value: headline.get('parse_validate_rps'), unit: 'reports/s', of: 'slower of JSONL and CSV' })}\n`);
}
if (!full && (!only || only.has('e2e'))) process.stderr.write('[bench] peak_rss_mb and sfn_transitions_per_1k_reports come from the 1,000,000-report run: npm run bench -- --full\n');
process.exitCode = failed > 0 ? 1 : 0;
