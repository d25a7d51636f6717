import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalRuntime } from '../local/runtime.js';
import { createRecords, initialRecord } from '../shared/cases/create-cases.js';
import { getCase, commitChange, addToCounters, clearPending, changeId } from '../shared/aws/lifecycle-store.js';
import { appendAuditEvent } from '../shared/aws/audit-log.js';
import { deltasOf } from '../shared/cases/funnel.js';
import { applyStatusUpdate } from '../shared/cases/transitions.js';
import type { Case } from '../shared/model/case.js';
const rt = await startLocalRuntime({ dataDir: await mkdtemp(path.join(tmpdir(), 'ops-')) });
const at = new Date().toISOString();
const recs = Array.from({ length: 400 }, (_, i) => initialRecord({ caseId: `C-${i}`, batchId: 'b-x', reportIds: [String(i)], district: 'Indore', priority: 'P1', disposition: 'actionable', reasons: [], locationSource: 'geo', rulesVersion: 'b', linkedCaseIds: [], duplicateReportIds: [], latestIncidentAt: at } as unknown as Case, at, { P1: 24, P2: 72 }));
await createRecords('b-x', 'Indore', recs);
async function bench(name: string, f: (i: number) => Promise<unknown>, n: number, conc: number) {
  const t = performance.now(); let next = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (next < n) { const i = next++; await f(i); } }));
  console.log(name.padEnd(10), 'conc', conc, ((performance.now() - t) / n).toFixed(2), 'ms/op');
}
for (const conc of [1, 20]) {
  const base = conc === 1 ? 0 : 200;
  const cases = await Promise.all(Array.from({ length: 200 }, (_, i) => getCase(`C-${base + i}`)));
  const plans = cases.map((k) => { const after = applyStatusUpdate(k!, { status: 'acknowledged' } as never, { actor: 'district:Indore', now: new Date(), dueHours: { P1: 24, P2: 72 } } as never); return { k: k!, after, pending: { id: changeId(k!.caseId, after.version), deltas: deltasOf(k!, after) } }; });
  await bench('get', (i) => getCase(`C-${base + (i % 200)}`), 200, conc);
  await bench('commit', (i) => commitChange(plans[i]!.k, plans[i]!.after, plans[i]!.pending), 200, conc);
  await bench('counters', (i) => addToCounters(plans[i]!.pending.id, plans[i]!.pending.deltas, Date.now()), 200, conc);
  await bench('clear', (i) => clearPending(plans[i]!.k.caseId, plans[i]!.pending), 200, conc);
  await bench('audit', () => appendAuditEvent({ at: new Date().toISOString(), actor: 'district:Indore', action: 'case.update', resource: 'case/C-1', allowed: true, status: 200, district: 'Indore' }), 200, conc);
}
await rt.stop();
