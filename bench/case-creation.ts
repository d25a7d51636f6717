/**
 * Benchmark: opening lifecycle records as Finalize does for a 30,000-report batch (about 26,000 review cases),
 * on the local runtime (dynalite), through createRecords (shared/cases/create-cases.ts). Prints the wall and CPU
 * seconds of the creation and the DynamoDB requests it made, by command (the AWS SDK costs about a millisecond
 * of CPU per request, so their number is what matters); then runs it again, as a retried Finalize would; then,
 * for the emulator's floor, writes the same records under other IDs by BatchWriteItem alone (no group, no read,
 * no counters).
 *   npx tsx bench/case-creation.ts [--cases 26000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../local/runtime.js';
import { createRecords, initialRecord } from '../shared/cases/create-cases.js';
import { dynamoClient } from '../shared/aws/dynamo-client.js';
import { putNewCases } from '../shared/aws/lifecycle-store.js';
import type { Case } from '../shared/model/case.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '26000' } } });
const total = Number(values.cases);
const metric = (name: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ metric: name, value: Math.round(value * 100) / 100, unit, ...extra }));

const dataDir = await mkdtemp(path.join(tmpdir(), 'tipline-bench-creation-'));
const runtime = await startLocalRuntime({ dataDir });
const requests = new Map<string, number>();
dynamoClient().middlewareStack.add((next, context) => async (args) => {
  requests.set(context.commandName!, (requests.get(context.commandName!) ?? 0) + 1);
  return next(args);
}, { step: 'initialize', name: 'countRequests' });

try {
  const at = new Date().toISOString();
  const batchId = 'b-benchcreation000';
  const records = Array.from({ length: total }, (_, i) => initialRecord({
    caseId: `C-${i.toString(16).padStart(16, '0')}`, batchId, reportIds: [String(i)], district: i % 5 ? 'Indore' : null,
    priority: (['P1', 'P2', 'P3'] as const)[i % 3]!, disposition: 'review', reasons: [], locationSource: 'geo', rulesVersion: 'bench',
    linkedCaseIds: [], duplicateReportIds: [], latestIncidentAt: at,
  } as Case, at, { P1: 24, P2: 72 }));
  for (const pass of ['first', 'again'] as const) {
    requests.clear();
    const cpu = process.cpuUsage();
    const t = performance.now();
    const { created } = await createRecords(batchId, 'REVIEW', records);
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    metric(`case_creation_seconds_${pass}`, seconds, 's', {
      cases: total, created, cpuSeconds: Math.round((used.user + used.system) / 1e4) / 100, requests: Object.fromEntries(requests),
    });
  }
  requests.clear();
  const cpu = process.cpuUsage();
  const t = performance.now();
  await putNewCases(records.map((r) => ({ ...r, caseId: `${r.caseId}-floor` })), async () => AbortSignal.timeout(60_000));
  const used = process.cpuUsage(cpu);
  metric('case_creation_floor_seconds', (performance.now() - t) / 1000, 's', {
    cases: total, cpuSeconds: Math.round((used.user + used.system) / 1e4) / 100, requests: Object.fromEntries(requests),
  });
} finally {
  await runtime.stop();
  await rm(dataDir, { recursive: true, force: true });
}
