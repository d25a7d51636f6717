/**
 * The index round trip as the pipeline splits it: Enrich looks up a chunk's report IDs and keys
 * (lookUpIndex), Classify absorbs what it found (absorbIndexItem) and lists only the entries this batch is
 * the first to hold (newIndexItems), WriteIndex puts them (putIndexItems). DynamoDB is mocked
 * (aws-sdk-client-mock) by a small in-memory table, so a second batch sees what the first one wrote.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { absorbIndexItem, lookUpIndex, newIndexItems, putIndexItems, type IndexItem } from '../../../shared/aws/case-index.js';
import { classifyFacts, noPriorKnowledge, type PriorKnowledge } from '../../../shared/classify/build-cases.js';
import { addReport, linkingKeys, type BatchFacts } from '../../../shared/classify/report-facts.js';
import { identifierKeys, indexKey } from '../../../shared/classify/identifier-keys.js';
import { resetConfig } from '../../../shared/config.js';
import { resetClients } from '../../../shared/aws/clients.js';
import type { EnrichedReport } from '../../../shared/model/enriched-report.js';
import { buildReport } from '../classify/build-report.js';

const ddb = mockClient(DynamoDBDocumentClient);
const table = new Map<string, Record<string, unknown>>();

beforeAll(() => {
  Object.assign(process.env, { INDEX_TABLE: 'index', AWS_REGION: 'ap-south-1' });
  resetConfig();
  resetClients();
});

beforeEach(() => {
  table.clear();
  ddb.reset();
  ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { pk: string }[] }> }) => {
    const keys = input.RequestItems.index!.Keys;
    expect(keys.length).toBeLessThanOrEqual(100);
    return { Responses: { index: keys.flatMap((k) => (table.has(k.pk) ? [table.get(k.pk)!] : [])) } };
  });
  ddb.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> }) => {
    const requests = input.RequestItems.index!;
    expect(requests.length).toBeLessThanOrEqual(25);
    for (const r of requests) table.set(String(r.PutRequest.Item.pk), r.PutRequest.Item);
    return { UnprocessedItems: {} };
  });
});

/** One batch through the pipeline's index steps; returns its cases and the items it wrote. */
async function runBatch(batchId: string, reports: EnrichedReport[]) {
  // Enrich (one chunk per report here: lookups are per chunk)
  const found: IndexItem[] = [];
  for (const r of reports) found.push(...(await lookUpIndex(batchId, [r.reportId], identifierKeys(r))));
  // Classify
  const prior: PriorKnowledge = noPriorKnowledge();
  for (const item of found) absorbIndexItem(prior, item);
  const batch: BatchFacts = { facts: [], keysJson: [] };
  for (const r of reports) addReport(batch, r);
  const cases = classifyFacts(batchId, batch, prior);
  const items = [...newIndexItems(batchId, cases, (i) => linkingKeys(batch, i), prior)];
  // WriteIndex
  await putIndexItems(items);
  return { cases, items, found };
}

const shared = (id: string, email: string) => buildReport(id, { identifiers: { emails: [email] }, location: { district: 'Bhopal' } });

test('a first batch registers every report and every identifier once, by hash, never the raw identifier', async () => {
  const { cases, items, found } = await runBatch('b-1', [shared('1', 'a@x.example'), shared('2', 'a@x.example'), shared('3', 'c@x.example')]);
  expect(found).toEqual([]);
  expect(cases).toHaveLength(2);
  expect(items.filter((i) => i.pk.startsWith('REPORT#')).map((i) => i.pk).sort()).toEqual(['REPORT#1', 'REPORT#2', 'REPORT#3']);
  const ids = items.filter((i) => i.pk.startsWith('ID#'));
  expect(ids.map((i) => i.pk).sort()).toEqual([`ID#${indexKey('email:a@x.example')}`, `ID#${indexKey('email:c@x.example')}`].sort());
  expect(JSON.stringify([...table.values()])).not.toContain('x.example');
  expect(ids.every((i) => i.district === 'Bhopal' && i.batchId === 'b-1')).toBe(true);
});

test('a later batch finds the earlier entries: a known report is a duplicate, a known identifier links, nothing is rewritten', async () => {
  const first = await runBatch('b-1', [shared('1', 'a@x.example')]);
  const anchor = first.cases[0]!.caseId;
  const before = new Map(table);
  const second = await runBatch('b-2', [shared('1', 'a@x.example'), shared('7', 'a@x.example'), shared('8', 'new@x.example')]);
  // two chunks may find the same identifier: Classify takes it once
  expect([...new Set(second.found.map((i) => i.pk))].sort()).toEqual(['REPORT#1', `ID#${indexKey('email:a@x.example')}`].sort());
  const linked = second.cases.find((c) => c.reportIds.includes('7'))!;
  expect(linked.linkedCaseIds).toContain(anchor);
  expect(linked.district).toBe('Bhopal');
  // the earlier anchors stay as they were; only the new report IDs and the new identifier are added
  for (const [pk, item] of before) expect(table.get(pk)).toEqual(item);
  expect(second.items.map((i) => i.pk).sort()).toEqual(['REPORT#7', 'REPORT#8', `ID#${indexKey('email:new@x.example')}`].sort());
});

test("a re-run of the same batch ignores its own entries and writes the same items again", async () => {
  const reports = [shared('1', 'a@x.example'), shared('2', 'b@x.example')];
  const first = await runBatch('b-1', reports);
  const again = await runBatch('b-1', reports);
  expect(again.found).toEqual([]);
  expect(again.cases).toEqual(first.cases);
  expect(again.items).toEqual(first.items);
});

test('an item that is not an index item is refused, not guessed at', () => {
  expect(() => absorbIndexItem(noPriorKnowledge(), { pk: 'CASE#1', batchId: 'b', caseId: 'c' })).toThrow(/not an index item/);
});

test('lookups and writes go in pages of at most 100 keys and 25 items', async () => {
  const many = Array.from({ length: 260 }, (_, i) => shared(String(1000 + i), `u${i}@x.example`));
  await runBatch('b-1', many);
  expect(table.size).toBe(520);
  const found = await lookUpIndex('b-2', many.map((r) => r.reportId), many.flatMap(identifierKeys));
  expect(found).toHaveLength(520);
});
