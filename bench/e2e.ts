/**
 * End-to-end benchmark of the local runtime (issue 9):
 *
 *   npx tsx bench/e2e.ts [--reports N] [--full] [--seed S] [--format jsonl|json|xml|csv] [--skip-core] [--keep]
 *                        [--memory-log FILE]
 *
 * Generates N realistic reports (default 30,000; `tipline generate`'s generator) and measures, each in a
 * fresh child process so timings and peak RSS belong to that measurement alone:
 *   e2e      startLocalRuntime + runFile (emulators, synthesized state machine, every step) — wall seconds;
 *            the execution record gives transitions (*StateEntered events), the largest state payload and
 *            per-state times.
 *   core     the same stages bare, in one process, over the same file: readBatch → enrichReport →
 *            classifyBatch (no S3, no DynamoDB, no serialization between steps).
 *   start    process start → first state entered, for a 10-report file, with a warm template cache.
 * With --full, the e2e run is repeated at 1,000,000 reports for peak RSS and transitions per 1,000.
 *
 * Prints one JSON line per metric {"metric","value","unit"} on stdout (some with a "reports" field);
 * progress and the per-state profile go to stderr. Metrics:
 *   e2e_local_seconds, e2e_execution_seconds, e2e_core_seconds, e2e_over_core          (at N)
 *   sfn_transitions_per_1k_reports_at_<N>, max_state_payload_bytes_at_<N>, peak_rss_mb_at_<N>, core_peak_rss_mb_at_<N>
 *   e2e_startup_cpu_seconds, e2e_state_cpu_seconds_<State> (CPU shared among open states) (at N)
 *   local_start_ms, local_runtime_ready_ms
 *   --full: peak_rss_mb, sfn_transitions_per_1k_reports, e2e_local_seconds_at_1000000,
 *           max_state_payload_bytes_at_1000000
 *   max_state_payload_bytes (the largest over every size run)
 * The machine may be shared: wall-clock numbers are noisy; CPU seconds are printed alongside.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { FileFormat } from '../shared/model/workflow.js';
import { LOCAL_HEAP_FLAG } from '../local/heap-limit.js';
import { LOCAL_THREADPOOL_VARS } from '../local/threadpool-size.js';

const SELF = fileURLToPath(import.meta.url);
const FULL_REPORTS = 1_000_000;
// Container states: CPU while they are open belongs to the states inside them.
const MAP_STATES = new Set(['EnrichChunks', 'IndexParts', 'FanOutDistricts', 'IndexAndFanOut']);

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(`--${name}`);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? undefined : argv[i + 1];
};
const count = (name: string, fallback: number): number => {
  const text = option(name);
  const n = text === undefined ? fallback : Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
};

const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}): void =>
  void process.stdout.write(`${JSON.stringify({ metric, value, unit, ...extra })}\n`);
const note = (text: string): void => void process.stderr.write(`${text}\n`);
const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The largest RSS this process reached, MB (Linux: VmHWM; elsewhere resourceUsage's maxRSS). */
async function peakRssMb(): Promise<number> {
  try {
    const status = await readFile('/proc/self/status', 'utf-8');
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS / 1024;
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// ── child measurements ─────────────────────────────────────────────────────────────────────────────

interface E2eResult {
  seconds: number;
  executionSeconds: number;
  startupMs: number;
  firstStateMs: number | null;
  cpuSeconds: number;
  startupCpuSeconds: number;
  peakRssMb: number;
  status: string;
  transitions: number;
  maxPayload: { bytes: number; where: string };
  chunks: number;
  districts: number;
  states: { state: string; entries: number; busyMs: number; spanMs: number; cpuMs: number }[];
  counts?: unknown;
}

/**
 * With --memory-log FILE: every 2 s, one JSON line of this process's memory (MB) and the states open then.
 * `heap*` are the main thread's V8 heap; the emulator worker's heap is inside `rss` only.
 */
function startMemoryLog(file: string, open: ReadonlyMap<string, number>): NodeJS.Timeout {
  const mb = (n: number): number => Math.round(n / 1024 ** 2);
  const t0 = performance.now();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const states = [...open].filter(([, n]) => n > 0).map(([state]) => state);
    const line = { s: Math.round((performance.now() - t0) / 1000), rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), states };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 2000);
  timer.unref();
  return timer;
}

async function measureE2e(file: string, dataDir: string): Promise<E2eResult> {
  const t0 = performance.now();
  const { startLocalRuntime } = await import('../local/runtime.js');
  const { executionStats, workCounts } = await import('./execution-stats.js');
  let firstStateMs: number | null = null;
  // CPU per state, independent of how loaded the machine is: the CPU used between two state events is
  // shared out evenly among the non-Map states open at the time (Map states only wait on their iterations).
  const open = new Map<string, number>();
  const cpuByState = new Map<string, number>();
  let lastCpu = 0;
  const account = (): void => {
    const now = cpuSeconds();
    const busy = [...open].filter(([state, n]) => n > 0 && !MAP_STATES.has(state));
    const total = busy.reduce((sum, [, n]) => sum + n, 0);
    for (const [state, n] of busy) cpuByState.set(state, (cpuByState.get(state) ?? 0) + ((now - lastCpu) * n) / total);
    lastCpu = now;
  };
  const memoryLog = process.env.TIPLINE_BENCH_MEMORY_LOG ? startMemoryLog(process.env.TIPLINE_BENCH_MEMORY_LOG, open) : undefined;
  const runtime = await startLocalRuntime({
    dataDir,
    onEvent: (e) => {
      if (e.type === 'entered' && firstStateMs === null) firstStateMs = performance.now();
      if (!e.state) return;
      account();
      open.set(e.state, (open.get(e.state) ?? 0) + (e.type === 'entered' ? 1 : -1));
    },
  });
  const ready = performance.now();
  const startupCpuSeconds = cpuSeconds();
  lastCpu = startupCpuSeconds;
  try {
    const record = await runtime.runFile(file);
    const done = performance.now();
    const stats = executionStats(record);
    const work = workCounts(record);
    const output = record.output ? (JSON.parse(record.output) as { counts?: unknown }) : {};
    return {
      seconds: (done - t0) / 1000,
      executionSeconds: (done - ready) / 1000,
      startupMs: ready,
      firstStateMs,
      cpuSeconds: cpuSeconds(),
      startupCpuSeconds,
      peakRssMb: await peakRssMb(),
      status: record.status,
      transitions: stats.transitions,
      maxPayload: stats.maxPayload,
      ...work,
      states: stats.states.map((st) => ({ ...st, cpuMs: Math.round((cpuByState.get(st.state) ?? 0) * 1000) })),
      counts: output.counts,
    };
  } finally {
    clearInterval(memoryLog);
    await runtime.stop();
  }
}

interface CoreResult {
  seconds: number;
  cpuSeconds: number;
  parseSeconds: number;
  enrichSeconds: number;
  classifySeconds: number;
  reports: number;
  cases: number;
  peakRssMb: number;
}

async function measureCore(file: string): Promise<CoreResult> {
  const { readBatch } = await import('../shared/ingest/read-batch.js');
  const { enrichReport } = await import('../shared/enrich/enrich-report.js');
  const { classifyBatch, noPriorKnowledge } = await import('../shared/classify/build-cases.js');
  type Enriched = ReturnType<typeof enrichReport>;
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  let parseMs = 0;
  let enrichMs = 0;
  const enriched: Enriched[] = [];
  const { records, info } = readBatch(createReadStream(file, { highWaterMark: 1 << 20 }), { fileName: file, maxBytes: 64 * 1024 ** 3 });
  let mark = performance.now();
  for await (const r of records) {
    const parsed = performance.now();
    parseMs += parsed - mark;
    if (r.ok) enriched.push(enrichReport(r.report));
    mark = performance.now();
    enrichMs += mark - parsed;
  }
  await info;
  const c0 = performance.now();
  const cases = classifyBatch('b-0000000000000000', enriched, noPriorKnowledge());
  const end = performance.now();
  return {
    seconds: (end - t0) / 1000,
    cpuSeconds: cpuSeconds() - cpu0,
    parseSeconds: parseMs / 1000,
    enrichSeconds: enrichMs / 1000,
    classifySeconds: (end - c0) / 1000,
    reports: enriched.length,
    cases: cases.length,
    peakRssMb: await peakRssMb(),
  };
}

async function child(): Promise<void> {
  const mode = option('child');
  const file = option('file')!;
  const resultFile = option('result')!;
  const result = mode === 'core' ? await measureCore(file) : await measureE2e(file, option('data-dir')!);
  await writeFile(resultFile, JSON.stringify(result));
  // Emulator sockets and timers may linger; the measurement is written.
  process.exit(0);
}

/** Runs this file in a new process (same loader flags) in one measuring mode and reads its result. */
async function inChild<T>(mode: 'e2e' | 'core', file: string, work: string, extraEnv: Record<string, string> = {}): Promise<T> {
  const resultFile = path.join(work, `${mode}-${path.basename(file)}-${Date.now()}.json`);
  const dataDir = await mkdtemp(path.join(work, `data-${mode}-`));
  // Under `npx tsx` the loader flags are in execArgv; under tsx's register() API (bin/bench.js) they are not.
  const loader = process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : ['--import', 'tsx'];
  // The e2e child runs as `tipline` does: under its heap limit and with its thread pool (local/heap-limit.ts,
  // local/threadpool-size.ts).
  const args = [...loader, ...(mode === 'e2e' ? [LOCAL_HEAP_FLAG] : []), SELF, '--child', mode, '--file', file, '--result', resultFile, '--data-dir', dataDir];
  const code = await new Promise<number>((resolve, reject) => {
    const memoryLog = option('memory-log');
    const env = {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...(mode === 'e2e' ? LOCAL_THREADPOOL_VARS : {}),
      ...(memoryLog && mode === 'e2e' ? { TIPLINE_BENCH_MEMORY_LOG: path.resolve(memoryLog) } : {}),
      ...extraEnv,
    };
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    p.on('error', reject);
    p.on('close', (c) => resolve(c ?? -1));
  });
  if (code !== 0) throw new Error(`bench/e2e ${mode} child exited with ${code}`);
  const result = JSON.parse(await readFile(resultFile, 'utf-8')) as T;
  if (!flag('keep')) await rm(dataDir, { recursive: true, force: true });
  return result;
}

function profile(label: string, r: E2eResult): void {
  note(`  ${label}: ${r.status}, ${r.seconds.toFixed(1)} s wall (${r.cpuSeconds.toFixed(1)} s CPU), runtime ready at ${r.startupMs.toFixed(0)} ms (${r.startupCpuSeconds.toFixed(1)} s CPU), peak RSS ${r.peakRssMb.toFixed(0)} MB`);
  note(`  ${r.transitions} transitions for ${r.chunks} chunks and ${r.districts} districts; largest payload ${r.maxPayload.bytes} B (${r.maxPayload.where})`);
  note('  state                 entries   busy s    span s    CPU s');
  for (const s of r.states) note(`  ${s.state.padEnd(20)} ${String(s.entries).padStart(8)} ${(s.busyMs / 1000).toFixed(2).padStart(8)} ${(s.spanMs / 1000).toFixed(2).padStart(9)} ${(s.cpuMs / 1000).toFixed(2).padStart(8)}`);
}

async function runE2e(reports: number, seed: number, format: FileFormat, work: string): Promise<E2eResult> {
  const file = path.join(work, `batch-${reports}.${format}`);
  note(`generating ${reports} reports (${format}, seed ${seed})…`);
  const { generateFile } = await import('../cli/commands/generate.js');
  const g0 = performance.now();
  const generated = await generateFile({ reports, seed, format, out: file });
  note(`  ${(generated.bytes / 1024 ** 2).toFixed(1)} MB in ${((performance.now() - g0) / 1000).toFixed(1)} s; running end to end…`);
  const r = await inChild<E2eResult>('e2e', file, work);
  if (r.status !== 'SUCCEEDED') throw new Error(`the ${reports}-report execution ${r.status}`);
  profile(`${reports} reports`, r);
  return r;
}

async function main(): Promise<void> {
  if (option('child')) return child();
  // The generator and the model are imported here, in the parent only: a child measuring the local start
  // loads what `tipline run` loads and nothing else.
  const { generateFile } = await import('../cli/commands/generate.js');
  const reports = count('reports', 30_000);
  const seed = count('seed', 2026);
  const format = (option('format') ?? 'jsonl') as FileFormat;
  const { FILE_FORMATS } = await import('../shared/model/workflow.js');
  if (!FILE_FORMATS.includes(format)) throw new Error(`--format must be one of ${FILE_FORMATS.join(', ')}`);
  const work = await mkdtemp(path.join(tmpdir(), 'tipline-bench-e2e-'));
  try {
    // Warm the caches (synthesized template, validated definition): local start is measured warm, as a
    // second `tipline run` is.
    const { warmStartCaches } = await import('../local/runtime.js');
    await warmStartCaches();

    // local start: process start → first state entered, on a tiny file.
    const tiny = path.join(work, 'tiny.jsonl');
    await generateFile({ reports: 10, seed, format: 'jsonl', out: tiny });
    const start = await inChild<E2eResult>('e2e', tiny, work);
    if (start.firstStateMs === null) throw new Error('no state was entered');
    note(`local start: first state entered ${start.firstStateMs.toFixed(0)} ms after process start (runtime ready at ${start.startupMs.toFixed(0)} ms)`);
    emit('local_start_ms', Math.round(start.firstStateMs), 'ms');
    emit('local_runtime_ready_ms', Math.round(start.startupMs), 'ms');

    let maxPayload = start.maxPayload.bytes;
    const e2e = await runE2e(reports, seed, format, work);
    maxPayload = Math.max(maxPayload, e2e.maxPayload.bytes);
    emit('e2e_local_seconds', round(e2e.seconds), 's', { reports, cpuSeconds: round(e2e.cpuSeconds) });
    emit('e2e_execution_seconds', round(e2e.executionSeconds), 's', { reports });
    emit(`sfn_transitions_per_1k_reports_at_${reports}`, round((e2e.transitions / reports) * 1000, 3), 'transitions', { transitions: e2e.transitions, chunks: e2e.chunks, districts: e2e.districts });
    emit(`max_state_payload_bytes_at_${reports}`, e2e.maxPayload.bytes, 'bytes', { where: e2e.maxPayload.where });
    emit(`peak_rss_mb_at_${reports}`, Math.round(e2e.peakRssMb), 'MB');
    emit('e2e_startup_cpu_seconds', round(e2e.startupCpuSeconds), 's', { reports });
    for (const s of e2e.states) emit(`e2e_state_cpu_seconds_${s.state.replace(/[^A-Za-z0-9]/g, '')}`, round(s.cpuMs / 1000), 's', { entries: s.entries, busySeconds: round(s.busyMs / 1000), spanSeconds: round(s.spanMs / 1000) });

    if (!flag('skip-core')) {
      const core = await inChild<CoreResult>('core', path.join(work, `batch-${reports}.${format}`), work);
      note(`  core (bare stages, one process): ${core.seconds.toFixed(1)} s wall (${core.cpuSeconds.toFixed(1)} s CPU): parse+validate ${core.parseSeconds.toFixed(1)} s, enrich ${core.enrichSeconds.toFixed(1)} s, classify ${core.classifySeconds.toFixed(1)} s; ${core.cases} cases`);
      emit('e2e_core_seconds', round(core.seconds), 's', { reports, cpuSeconds: round(core.cpuSeconds), parseSeconds: round(core.parseSeconds), enrichSeconds: round(core.enrichSeconds), classifySeconds: round(core.classifySeconds) });
      emit(`core_peak_rss_mb_at_${reports}`, Math.round(core.peakRssMb), 'MB');
      emit('e2e_over_core', round(e2e.seconds / core.seconds), 'ratio', { reports, executionOverCore: round(e2e.executionSeconds / core.seconds) });
    }
    if (!flag('keep')) await rm(path.join(work, `batch-${reports}.${format}`), { force: true });

    if (flag('full')) {
      const full = await runE2e(FULL_REPORTS, seed, format, work);
      maxPayload = Math.max(maxPayload, full.maxPayload.bytes);
      emit('peak_rss_mb', Math.round(full.peakRssMb), 'MB', { reports: FULL_REPORTS });
      emit('sfn_transitions_per_1k_reports', round((full.transitions / FULL_REPORTS) * 1000, 3), 'transitions', { reports: FULL_REPORTS, transitions: full.transitions, chunks: full.chunks, districts: full.districts });
      emit(`e2e_local_seconds_at_${FULL_REPORTS}`, round(full.seconds), 's', { cpuSeconds: round(full.cpuSeconds) });
      emit(`max_state_payload_bytes_at_${FULL_REPORTS}`, full.maxPayload.bytes, 'bytes', { where: full.maxPayload.where });
    }
    emit('max_state_payload_bytes', maxPayload, 'bytes');
  } finally {
    if (flag('keep')) note(`kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
}

await main();
