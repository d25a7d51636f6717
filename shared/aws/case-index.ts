/**
 * The index table: the report registry (REPORT#<reportId> → first batch and case) and the identifier index
 * (ID#<sha256 of identifier> → case, district, batch). Read by key in batches, never scanned.
 *
 * The pipeline splits the work so that no task grows with the whole batch (docs/design.md §2): each Enrich looks up
 * its own chunk's report IDs and keys (`lookUpIndex`) and keeps what earlier batches hold; Classify gathers
 * those entries into `PriorKnowledge` (`absorbIndexItem`), builds the cases and writes the entries this batch
 * is the first to hold (`newIndexItems`) into part files; WriteIndex puts each part (`putIndexItems`). Only
 * new entries are written, so an earlier batch's anchor is never overwritten, and a re-run of the same batch
 * writes the same items again.
 *
 * Keys and items are produced lazily, page by page: at a million reports there are millions of them.
 *
 * Lookups and writes happen only under the batch's linking lease (linking-lease.ts, docs/design.md §2 "Overlapping batches"), so no
 * other batch looks up the index between this batch's lookups and its writes.
 */
import { batchGet, batchPut } from './batch-write.js';
import { config, resource } from '../config.js';
import type { ClassifiedCase, PriorKnowledge } from '../classify/build-cases.js';
import { caseIndexEntries } from '../classify/identifier-index.js';
import { indexKey } from '../classify/identifier-keys.js';

/** One item of the index table, as stored. */
export interface IndexItem {
  pk: string;
  batchId: string;
  caseId: string;
  /** Identifier entries only: the district of the case that holds the identifier. */
  district?: string | null;
}

const REPORT = 'REPORT#';
const IDENTIFIER = 'ID#';
const reportPk = (id: string) => `${REPORT}${id}`;
const identifierPk = (key: string) => `${IDENTIFIER}${key}`;

function* lookupKeys(reportIds: Iterable<string>, linkingKeys: Iterable<string>): Generator<{ pk: string }> {
  for (const id of reportIds) yield { pk: reportPk(id) };
  for (const key of linkingKeys) yield { pk: identifierPk(indexKey(key)) };
}

/** The items, until `signal` aborts (the linking lease was lost): requests are drawn from this lazily. */
function* until<T>(signal: AbortSignal | undefined, items: Iterable<T>): Generator<T> {
  for (const item of items) {
    signal?.throwIfAborted();
    yield item;
  }
}

/**
 * The items earlier batches hold for these report IDs and linking keys (each given once). Items of this same
 * batch are left out: to Classify they are as good as absent, and a re-run writes them again.
 */
export async function lookUpIndex(
  batchId: string,
  reportIds: Iterable<string>,
  linkingKeys: Iterable<string>,
  signal?: AbortSignal,
): Promise<IndexItem[]> {
  const found: IndexItem[] = [];
  await batchGet(resource('INDEX_TABLE'), until(signal, lookupKeys(reportIds, linkingKeys)), undefined, (item) => {
    const entry: IndexItem = { pk: String(item.pk), batchId: String(item.batchId), caseId: String(item.caseId) };
    if (entry.batchId === batchId) return;
    // Past its TTL: DynamoDB deletes such items within days, not at once; until then it is as good as gone.
    if (typeof item.retainUntil === 'number' && item.retainUntil * 1000 <= Date.now()) return;
    if (entry.pk.startsWith(IDENTIFIER)) entry.district = (item.district as string | null | undefined) ?? null;
    found.push(entry);
  });
  return found;
}

/** Adds one looked-up item to what Classify knows of earlier batches. */
export function absorbIndexItem(prior: PriorKnowledge, item: IndexItem): void {
  const entry = { batchId: item.batchId, caseId: item.caseId };
  if (item.pk.startsWith(REPORT)) prior.reports.set(item.pk.slice(REPORT.length), entry);
  else if (item.pk.startsWith(IDENTIFIER)) prior.identifiers.set(item.pk.slice(IDENTIFIER.length), { ...entry, district: item.district ?? null });
  else throw new Error('not an index item: its key has neither the REPORT# nor the ID# prefix');
}

/** The registry and index entries this batch is the first to hold: report IDs first, then identifiers. */
export function* newIndexItems(
  batchId: string,
  cases: readonly ClassifiedCase[],
  /** A report's linking keys, by input position (report-facts.ts `linkingKeys`). */
  linkingKeys: (index: number) => string[],
  prior: PriorKnowledge,
): Generator<IndexItem> {
  for (const c of cases) {
    for (const id of c.reportIds) if (!prior.reports.has(id)) yield { pk: reportPk(id), batchId, caseId: c.caseId };
  }
  for (const c of cases) {
    for (const e of caseIndexEntries(c, c.members.flatMap(linkingKeys))) {
      if (!prior.identifiers.has(e.indexKey)) yield { pk: identifierPk(e.indexKey), batchId, caseId: e.caseId, district: e.district };
    }
  }
}

/**
 * Puts index items (deterministic keys: putting one again changes nothing but its expiry), until `signal`
 * aborts. With INDEX_TTL_DAYS each carries `retainUntil` (epoch seconds), the attribute the table's TTL reads
 * (infra/constructs/storage.ts).
 */
export async function putIndexItems(items: Iterable<IndexItem>, signal?: AbortSignal, now = Date.now()): Promise<void> {
  const days = config().INDEX_TTL_DAYS;
  const retainUntil = days === undefined ? undefined : Math.floor(now / 1000) + days * 86_400;
  const kept = retainUntil === undefined ? items : withExpiry(items, retainUntil);
  await batchPut(resource('INDEX_TABLE'), until(signal, kept) as Iterable<Record<string, unknown>>);
}

function* withExpiry(items: Iterable<IndexItem>, retainUntil: number): Generator<IndexItem & { retainUntil: number }> {
  for (const item of items) yield { ...item, retainUntil };
}
