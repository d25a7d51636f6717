/** `tipline cases --batch ID [--district NAME]`: the batch's cases (docs/design.md §7 shape). */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { startLocalRuntime } from '../../local/runtime.js';
import { batchRecord } from '../run-summary.js';
import { print, printJson } from '../output.js';
import type { Case, CaseSummary } from '../../shared/model/case.js';

export async function casesCommand(opts: { batch?: string; district?: string; json: boolean; dataDir: string }): Promise<number> {
  if (!opts.batch) throw new Error('usage: tipline cases --batch ID [--district NAME] [--json]');
  const runtime = await startLocalRuntime({ dataDir: opts.dataDir });
  let cases: CaseSummary[];
  try {
    const record = await batchRecord(runtime, opts.batch);
    if (!record?.allCasesKey) throw new Error(`no cases recorded for batch ${opts.batch} (unknown batch, or its run failed before Classify)`);
    const out = await runtime.s3.send(new GetObjectCommand({ Bucket: runtime.workBucket, Key: record.allCasesKey }));
    const text = (await out.Body?.transformToString('utf-8')) ?? '';
    cases = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Case)
      .filter((c) => !opts.district || (c.district ?? '').toLowerCase() === opts.district.toLowerCase())
      .map((c) => ({
        caseId: c.caseId,
        batchId: c.batchId,
        reportIds: c.reportIds,
        district: c.district,
        priority: c.priority,
        priorityReasons: c.priorityReasons ?? [],
        disposition: c.disposition,
        reasons: c.reasons,
        locationSource: c.locationSource,
        ...(c.incidentAfterReceipt && { incidentAfterReceipt: c.incidentAfterReceipt }),
      }));
  } finally {
    await runtime.stop();
  }
  if (opts.json) printJson(cases);
  else {
    for (const c of cases) {
      print(`${c.caseId}  ${c.priority}${c.priorityReasons.length ? ` (${c.priorityReasons.join(',')})` : ''}  ${c.disposition.padEnd(14)}  ${(c.district ?? '—').padEnd(14)}  reports ${c.reportIds.join(',')}  ${c.reasons.join(' ')}`);
    }
    print(`${cases.length} case(s)`);
  }
  return 0;
}
