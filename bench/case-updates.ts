/**
 * Benchmark (issue 21): the case lifecycle on the local runtime, through the case API's own handler.
 * 1. Opens N lifecycle records (default 100,000) over the districts, as Assign does (createRecords).
 * 2. 20 officers of one district update its cases at once (POST …/status with the ifVersion they read), on
 *    cases picked at random from a shared pool so that some collide. Two ways: `working` — each officer reads
 *    a case, decides within 0–1 s and updates it, then the next (about 20 updates a second in all); `burst` —
 *    the worst case, all 20 updates sent in the same millisecond, round after round.
 *    Every answer must be 200 (applied) or 409 (refused: stale / no longer allowed); afterwards the cases'
 *    versions must account for every 200 — no update lost. Prints p50/p99 of the POSTs of each.
 * 3. GET /api/districts (what `tipline districts` calls) over those N cases, median of 5, and the CLI command
 *    as a user runs it, median of 5 each: standalone (`districts_cli_wall`, its wall time includes starting the
 *    data dir's local services) and alongside a `tipline serve` on the same data dir (`districts_cli_serve_wall`).
 *   npx tsx bench/case-updates.ts [--cases N] [--officers 20] [--updates-each 25] (rounds)
 * TIPLINE_BENCH_KEEP=1 keeps the data dir (its path is printed) for timing the CLI again without recreating it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Context } from 'aws-lambda';
import { startLocalRuntime } from '../local/runtime.js';
import { apiEvent, claimsForRole } from '../shared/cases/api-event.js';
import { createRecords, initialRecord } from '../shared/cases/create-cases.js';
import { getCase } from '../shared/aws/lifecycle-store.js';
import type { Case } from '../shared/model/case.js';
import type { Role } from '../shared/cases/roles.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, officers: { type: 'string', default: '20' }, 'updates-each': { type: 'string', default: '25' } } });
const total = Number(values.cases);
const officers = Number(values.officers);
const updatesEach = Number(values['updates-each']);
const DISTRICTS = ['Indore', 'Bhopal', 'Gwalior', 'Jabalpur', 'Ujjain', 'Dhar', 'Khargone', 'Sagar', 'Rewa', 'Satna'];
const POOL = 400; // Indore cases the officers share: 200 for each way of working
const metric = (name: string, value: number, unit: string) => console.log(JSON.stringify({ metric: name, value: Math.round(value * 100) / 100, unit }));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const dataDir = await mkdtemp(path.join(tmpdir(), 'tipline-bench-cases-'));
const runtime = await startLocalRuntime({ dataDir });
const { handler } = await import('../functions/api/handler.js');
const context = {} as Context;
const indore: Role = { kind: 'district', district: 'Indore' };
const call = async (method: 'GET' | 'POST', p: string, body?: unknown) => {
  const out = await handler(apiEvent({ method, path: p, body, claims: claimsForRole(indore) }), context);
  return { status: out.statusCode, body: JSON.parse(out.body) as Record<string, unknown> };
};

try {
  // 1. the records
  const at = new Date().toISOString();
  const byDistrict = new Map<string, ReturnType<typeof initialRecord>[]>();
  for (let i = 0; i < total; i++) {
    const district = i < POOL ? 'Indore' : DISTRICTS[i % DISTRICTS.length]!;
    const c = {
      caseId: `C-${i.toString(16).padStart(16, '0')}`, batchId: 'b-bench0000000000c', reportIds: [String(i)], district,
      priority: (['P1', 'P2', 'P3'] as const)[i % 3]!, disposition: 'actionable', reasons: [], locationSource: 'geo', rulesVersion: 'bench',
      linkedCaseIds: [], duplicateReportIds: [], latestIncidentAt: at,
    } as Case;
    const list = byDistrict.get(district) ?? [];
    list.push(initialRecord(c, at, { P1: 24, P2: 72 }));
    byDistrict.set(district, list);
  }
  let t = performance.now();
  for (const [district, records] of byDistrict) await createRecords('b-bench0000000000c', district, records);
  const createSeconds = (performance.now() - t) / 1000;
  metric('case_records_created', total, 'cases');
  metric('case_records_create_rate', total / createSeconds, 'cases/s');

  // 2. 20 officers at once, two ways, each on its own 200 of the Indore cases:
  //    working — each officer reads a case, takes 0–1 s to decide, updates it, and goes on to the next;
  //    burst   — the worst case: each round all 20 read, then all 20 send their update in the same millisecond.
  const indoreIds = byDistrict.get('Indore')!.slice(0, POOL).map((r) => r.caseId);
  const NEXT: Record<string, Record<string, unknown> | undefined> = {
    assigned: { status: 'acknowledged' },
    acknowledged: { status: 'investigating' },
    investigating: { status: 'closed', outcome: 'arrested', fir: '1/2027' },
  };
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function officersAt(name: string, pool: string[], work: (update: (id: string, read: Awaited<ReturnType<typeof call>>) => Promise<void>) => Promise<void>) {
    const latencies: number[] = [];
    const answers = new Map<number, number>();
    const update = async (id: string, read: Awaited<ReturnType<typeof call>>) => {
      const body = NEXT[String(read.body.status)];
      if (!body) return; // closed already
      const s = performance.now();
      const res = await call('POST', `/api/cases/${id}/status`, { ...body, ifVersion: read.body.version });
      latencies.push(performance.now() - s);
      answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
    };
    const t = performance.now();
    await work(update);
    const wall = (performance.now() - t) / 1000;
    latencies.sort((a, b) => a - b);
    const applied = answers.get(200) ?? 0;
    const refused = answers.get(409) ?? 0;
    const other = latencies.length - applied - refused;
    let versions = 0;
    for (const id of pool) versions += (await getCase(id))!.version - 1;
    metric(`case_update_${name}_p50`, pct(latencies, 50), 'ms');
    metric(`case_update_${name}_p99`, pct(latencies, 99), 'ms');
    metric(`case_update_${name}_max`, latencies.at(-1)!, 'ms');
    metric(`case_updates_${name}_applied`, applied, 'updates');
    metric(`case_updates_${name}_refused_stale`, refused, 'updates');
    metric(`case_updates_${name}_other_answers`, other, 'updates');
    metric(`case_updates_${name}_lost`, applied - versions, 'updates');
    metric(`case_updates_${name}_per_s`, latencies.length / wall, 'updates/s');
    if (other !== 0 || applied !== versions) throw new Error(`${name}: lost or failed updates: ${other} other answers, ${applied} applied vs ${versions} versions`);
  }

  const working = indoreIds.slice(0, POOL / 2);
  await officersAt('working', working, (update) => Promise.all(Array.from({ length: officers }, async () => {
    for (let n = 0; n < updatesEach; n++) {
      const id = working[Math.floor(random() * working.length)]!;
      const read = await call('GET', `/api/cases/${id}`);
      await sleep(random() * 1000);
      await update(id, read);
    }
  })).then(() => undefined));

  const burst = indoreIds.slice(POOL / 2);
  await officersAt('burst', burst, async (update) => {
    for (let round = 0; round < updatesEach; round++) {
      const seen = await Promise.all(Array.from({ length: officers }, async () => {
        const id = burst[Math.floor(random() * burst.length)]!;
        return { id, read: await call('GET', `/api/cases/${id}`) };
      }));
      await Promise.all(seen.map(({ id, read }) => update(id, read)));
    }
  });

  // 3. the funnel
  const times: number[] = [];
  let funnelTotal = 0;
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const out = await handler(apiEvent({ method: 'GET', path: '/api/districts', claims: claimsForRole({ kind: 'hq' }) }), context);
    times.push(performance.now() - s);
    funnelTotal = Object.values((JSON.parse(out.body) as { districts: Record<string, { total: number }> }).districts).reduce((n, d) => n + d.total, 0);
  }
  if (funnelTotal !== total) throw new Error(`the funnel counts ${funnelTotal} cases, ${total} were opened`);
  metric('districts_funnel_median', times.sort((a, b) => a - b)[2]!, 'ms');
} finally {
  await runtime.stop();
}
// The CLI as a user runs it (bin/tipline.js registers tsx itself; a second `--import tsx` would add a second
// loader): a new process each time, answering from the counters the runs above wrote.
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cliDistricts = (): number => {
  const s = performance.now();
  const out = execFileSync(process.execPath, ['bin/tipline.js', 'districts', '--json', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ms = performance.now() - s;
  const counted = Object.values(JSON.parse(out.toString()) as Record<string, { total: number }>).reduce((n, d) => n + d.total, 0);
  if (counted !== total) throw new Error(`tipline districts counts ${counted} cases, ${total} were opened`);
  return ms;
};
metric('districts_cli_wall', median(Array.from({ length: 5 }, cliDistricts)), 'ms');

// Alongside a `tipline serve` on the same data dir (its ports free ones, not the defaults another serve may hold).
const freePort = () => new Promise<number>((resolve, reject) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const { port } = srv.address() as { port: number };
    srv.close(() => resolve(port));
  }).on('error', reject);
});
const serve = spawn(process.execPath, ['bin/tipline.js', 'serve', '--json', '--data-dir', dataDir, '--port', String(await freePort()), '--portal-port', String(await freePort())], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  await new Promise<void>((resolve, reject) => {
    serve.once('exit', (code) => reject(new Error(`tipline serve exited (${code}) before it was up`)));
    serve.stdout.once('data', () => resolve()); // it prints its --json line once it is up
  });
  metric('districts_cli_serve_wall', median(Array.from({ length: 5 }, cliDistricts)), 'ms');
} finally {
  const exited = new Promise((resolve) => serve.once('exit', resolve));
  serve.kill('SIGTERM');
  await exited;
}
if (process.env.TIPLINE_BENCH_KEEP) console.error(`data dir kept: ${dataDir}`);
else await rm(dataDir, { recursive: true, force: true });
