/**
 * `tipline cases --batch ID [--district NAME] [--aws]`: the batch's cases (docs/design.md §7 shape), from the
 * local data dir or, with --aws, from the deployed stack (its batch table and work bucket) — never one for the
 * other.
 */
import { print, printJson, progress } from '../output.js';
import { openStore, type RunsOptions } from './runs.js';
import { RunNotFoundError, type RunStore } from '../../shared/runs/run-store.js';
import type { Case, CaseSummary } from '../../shared/model/case.js';

export interface CasesOptions extends RunsOptions {
  batch?: string;
  district?: string;
}

/** The batch's cases, read through a store (tests pass one). */
export async function batchCases(store: RunStore, batchId: string, district?: string): Promise<CaseSummary[]> {
  const record = await store.getBatch(batchId);
  if (!record?.allCasesKey) throw new RunNotFoundError(`no cases recorded for batch ${batchId} in ${store.source} (unknown batch, or its run failed before Classify)`);
  const text = await store.readWorkObject(record.allCasesKey);
  if (text === undefined) throw new Error(`cannot read ${record.allCasesKey} from ${store.source}`);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Case)
    .filter((c) => !district || (c.district ?? '').toLowerCase() === district.toLowerCase())
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
}

export async function casesCommand(opts: CasesOptions): Promise<number> {
  if (!opts.batch) throw new Error('usage: tipline cases --batch ID [--district NAME] [--json] [--aws --stack-outputs FILE]');
  const store = await openStore(opts, ['BatchesTableName', 'WorkBucketName']);
  let cases: CaseSummary[];
  try {
    if (!opts.json) progress(`Cases from ${store.source}`);
    cases = await batchCases(store, opts.batch, opts.district);
  } finally {
    await store.close();
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
