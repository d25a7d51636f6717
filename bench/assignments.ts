/**
 * Benchmark (issue 6): write 10,000 case assignments to the local DynamoDB (dynalite) through the same
 * adapter Assign uses — BatchGetItem to skip present items, BatchWriteItem in pages of 25 — then write them
 * again (a re-run: nothing new). Prints {metric, value, unit} JSON lines.
 *   npx tsx bench/assignments.ts [--cases N]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../local/runtime.js';
import { writeAssignments } from '../shared/aws/assignments.js';
import type { Case } from '../shared/model/case.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' } } });
const n = Number(values.cases);
const districts = ['Indore', 'Bhopal', 'Gwalior', 'Jabalpur', 'Ujjain', 'Dhar', 'Khargone', 'Sagar'];

const cases: Case[] = Array.from({ length: n }, (_, i) => ({
  caseId: `C-${i.toString(16).padStart(16, '0')}`,
  batchId: 'b-bench00000000000',
  reportIds: [String(800_000_000 + i)],
  district: districts[i % districts.length]!,
  priority: (['P1', 'P2', 'P3'] as const)[i % 3]!,
  disposition: 'actionable',
  reasons: [],
  locationSource: 'geo',
  rulesVersion: 'bench',
  linkedCaseIds: [],
  duplicateReportIds: [],
  latestIncidentAt: new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString(),
}));

const dataDir = await mkdtemp(path.join(tmpdir(), 'tipline-bench-assign-'));
const runtime = await startLocalRuntime({ dataDir });
try {
  let t = performance.now();
  const first = await writeAssignments(cases);
  const writeSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const again = await writeAssignments(cases);
  const rerunSeconds = (performance.now() - t) / 1000;
  if (first.written !== n || again.written !== 0) throw new Error(`unexpected counts: ${JSON.stringify({ first, again })}`);
  const line = (metric: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ metric, value: Number(value.toFixed(2)), unit })}\n`);
  line('assignments_write_seconds', writeSeconds, `s for ${n}`);
  line('assignments_rerun_seconds', rerunSeconds, `s for ${n} (0 written)`);
} finally {
  await runtime.stop();
  await rm(dataDir, { recursive: true, force: true });
}
