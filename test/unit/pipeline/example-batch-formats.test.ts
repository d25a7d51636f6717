/**
 * The domain chain a run goes through — read + validate, enrich, classify — gives exactly the expected
 * cases for the example batch in each of the four formats (issue 5), and the same cases whatever the format.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBatch } from '../../../shared/ingest/read-batch.js';
import { enrichReport } from '../../../shared/enrich/enrich-report.js';
import { classifyBatch, noPriorKnowledge } from '../../../shared/classify/build-cases.js';
import type { CaseWithReports } from '../../../shared/model/case.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');

interface ExpectedCase {
  reportIds: string[];
  district: string | null;
  priority: string;
  disposition: string;
  reasons: string[];
}

async function casesOf(file: string): Promise<CaseWithReports[]> {
  const { records } = readBatch(createReadStream(path.join(FIXTURES, file)), { fileName: file, maxBytes: 10_000_000 });
  const enriched = [];
  for await (const record of records) {
    if (!record.ok) throw new Error(`${file}: unexpected rejected record at ${JSON.stringify(record.position)}`);
    enriched.push(enrichReport(record.report));
  }
  return classifyBatch('b-0000000000000000', enriched, noPriorKnowledge());
}

const shape = (c: CaseWithReports) => ({ reportIds: c.reportIds, district: c.district, priority: c.priority, disposition: c.disposition });

describe.each(['json', 'jsonl', 'xml', 'csv'])('example-batch.%s', (format) => {
  test('gives exactly the expected cases, with their reason codes', async () => {
    const expected = JSON.parse(await readFile(path.join(FIXTURES, 'example-batch.expected.json'), 'utf-8')) as ExpectedCase[];
    const cases = await casesOf(`example-batch.${format}`);
    const byIds = new Map(cases.map((c) => [c.reportIds.join(','), c]));
    expect(cases).toHaveLength(expected.length);
    for (const e of expected) {
      const c = byIds.get([...e.reportIds].sort().join(','));
      expect(c && shape(c)).toEqual({ reportIds: [...e.reportIds].sort(), district: e.district, priority: e.priority, disposition: e.disposition });
      for (const reason of e.reasons) expect(c!.reasons).toContain(reason);
    }
  });
});

test('the four formats give identical cases', async () => {
  const [json, ...others] = await Promise.all(['json', 'jsonl', 'xml', 'csv'].map((f) => casesOf(`example-batch.${f}`)));
  for (const other of others) expect(other.map(shape)).toEqual(json!.map(shape));
});
