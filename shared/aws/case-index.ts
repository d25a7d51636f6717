/**
 * The index table: the report registry (REPORT#<reportId> → first batch and case) and the identifier index
 * (ID#<sha256 of identifier> → case, district, batch). Read by key in batches, never scanned. Only entries
 * this batch is the first to hold are written, so an earlier batch's anchor is never overwritten and a
 * re-run of the same batch writes the same items again.
 *
 * Keys and items are produced lazily, page by page: at a million reports there are millions of them.
 */
import { batchGet, batchPut } from './batch-write.js';
import { resource } from '../config.js';
import type { ClassifiedCase, PriorKnowledge } from '../classify/build-cases.js';
import { caseIndexEntries } from '../classify/identifier-index.js';
import { indexKey } from '../classify/identifier-keys.js';

const reportPk = (id: string) => `REPORT#${id}`;
const identifierPk = (key: string) => `ID#${key}`;

function* lookupKeys(reportIds: Iterable<string>, linkingKeys: Iterable<string>): Generator<{ pk: string }> {
  for (const id of reportIds) yield { pk: reportPk(id) };
  for (const key of linkingKeys) yield { pk: identifierPk(indexKey(key)) };
}

/**
 * What earlier batches hold of these report IDs and linking keys (each given once). Entries of this same
 * batch are left out: to Classify they are as good as absent, and a re-run writes them again.
 */
export async function readPriorKnowledge(
  batchId: string,
  reportIds: Iterable<string>,
  linkingKeys: Iterable<string>,
): Promise<PriorKnowledge> {
  const prior: PriorKnowledge = { reports: new Map(), identifiers: new Map() };
  await batchGet(resource('INDEX_TABLE'), lookupKeys(reportIds, linkingKeys), undefined, (item) => {
    const pk = String(item.pk);
    const entry = { batchId: String(item.batchId), caseId: String(item.caseId) };
    if (entry.batchId === batchId) return;
    if (pk.startsWith('REPORT#')) prior.reports.set(pk.slice(7), entry);
    else prior.identifiers.set(pk.slice(3), { ...entry, district: (item.district as string | null) ?? null });
  });
  return prior;
}

function* newIndexItems(
  batchId: string,
  cases: readonly ClassifiedCase[],
  linkingKeys: (index: number) => string[],
  prior: PriorKnowledge,
): Generator<Record<string, unknown>> {
  for (const c of cases) {
    for (const id of c.reportIds) if (!prior.reports.has(id)) yield { pk: reportPk(id), batchId, caseId: c.caseId };
  }
  for (const c of cases) {
    for (const e of caseIndexEntries(c, c.members.flatMap(linkingKeys))) {
      if (!prior.identifiers.has(e.indexKey)) yield { pk: identifierPk(e.indexKey), batchId, caseId: e.caseId, district: e.district };
    }
  }
}

/** Writes the registry and index entries this batch is the first to hold; returns how many. */
export async function writeIndex(
  batchId: string,
  cases: readonly ClassifiedCase[],
  /** A report's linking keys, by input position (report-facts.ts `linkingKeys`). */
  linkingKeys: (index: number) => string[],
  prior: PriorKnowledge,
): Promise<number> {
  let written = 0;
  function* counted(): Generator<Record<string, unknown>> {
    for (const item of newIndexItems(batchId, cases, linkingKeys, prior)) {
      written += 1;
      yield item;
    }
  }
  await batchPut(resource('INDEX_TABLE'), counted());
  return written;
}
