/**
 * The index table: the report registry (REPORT#<reportId> → first batch and case) and the identifier index
 * (ID#<sha256 of identifier> → case, district, batch). Read by key in batches, never scanned. Only entries
 * this batch is the first to hold are written, so an earlier batch's anchor is never overwritten and a
 * re-run of the same batch writes the same items again.
 */
import { batchGet, batchPut } from './batch-write.js';
import { resource } from '../config.js';
import type { PriorKnowledge, PriorIdentifier, PriorReport } from '../classify/build-cases.js';
import type { CaseWithReports } from '../model/case.js';
import { identifierIndexEntries } from '../classify/identifier-index.js';

const reportPk = (id: string) => `REPORT#${id}`;
const identifierPk = (indexKey: string) => `ID#${indexKey}`;

export async function readPriorKnowledge(reportIds: readonly string[], indexKeys: readonly string[]): Promise<PriorKnowledge> {
  const table = resource('INDEX_TABLE');
  const keys = [...new Set(reportIds)].map((id) => ({ pk: reportPk(id) })).concat(indexKeys.map((k) => ({ pk: identifierPk(k) })));
  const items = await batchGet(table, keys);
  const prior: PriorKnowledge = { reports: new Map(), identifiers: new Map() };
  for (const item of items) {
    const pk = String(item.pk);
    if (pk.startsWith('REPORT#')) prior.reports.set(pk.slice(7), { batchId: String(item.batchId), caseId: String(item.caseId) } satisfies PriorReport);
    else prior.identifiers.set(pk.slice(3), {
      batchId: String(item.batchId),
      caseId: String(item.caseId),
      district: (item.district as string | null) ?? null,
    } satisfies PriorIdentifier);
  }
  return prior;
}

export async function writeIndex(batchId: string, cases: readonly CaseWithReports[], prior: PriorKnowledge): Promise<number> {
  const items: Record<string, unknown>[] = [];
  for (const c of cases) {
    for (const id of c.reportIds) {
      const known = prior.reports.get(id);
      if (!known || known.batchId === batchId) items.push({ pk: reportPk(id), batchId, caseId: c.caseId });
    }
  }
  for (const e of identifierIndexEntries(cases)) {
    const known = prior.identifiers.get(e.indexKey);
    if (!known || known.batchId === batchId) items.push({ pk: identifierPk(e.indexKey), batchId, caseId: e.caseId, district: e.district });
  }
  await batchPut(resource('INDEX_TABLE'), items);
  return items.length;
}
