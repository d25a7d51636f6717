import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FIXTURES, gzip, readAll } from './helpers.js';

const FORMATS = ['json', 'jsonl', 'xml', 'csv'] as const;
const example = (format: string): Buffer => readFileSync(new URL(`example-batch.${format}`, FIXTURES));

describe('readBatch on the example batch', () => {
  it.each(FORMATS)('reads %s: seven valid reports, format and file facts', async (format) => {
    const data = example(format);
    const { records, info } = await readAll(data, `example-batch.${format}`);
    expect(records).toHaveLength(7);
    expect(records.every((r) => r.ok)).toBe(true);
    expect(info.format).toBe(format);
    expect(info.gzip).toBe(false);
    expect(info.bytes).toBe(data.length);
    expect(info.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    if (format !== 'csv') expect(info.batchRef).toBe('EXAMPLE-2026-11-001');
  });

  it('gives identical canonical reports in all four formats', async () => {
    const reports = await Promise.all(
      FORMATS.map(async (f) => (await readAll(example(f), `example-batch.${f}`)).records.map((r) => (r.ok ? r.report : r))),
    );
    const [json, ...others] = reports;
    for (const other of others) {
      expect(other).toStrictEqual(json);
      // Same keys in the same order too, so serialised chunks are byte-identical.
      expect(JSON.stringify(other)).toBe(JSON.stringify(json));
    }
    expect(json?.map((r) => (r as { reportId: string }).reportId)).toEqual(
      ['900000100', '900000101', '900000102', '900000103', '900000104', '900000105', '900000106'],
    );
  });

  it('normalises the CSV phone "+91…" to the object form JSON and XML use', async () => {
    const { records } = await readAll(example('csv'), 'example-batch.csv');
    const first = records[0];
    if (!first?.ok) throw new Error('expected a valid report');
    expect(first.report.report.personOrUserReported?.[0]?.personOrUserReportedPerson?.phone).toEqual([
      { value: '9732952977', countryCallingCode: '+91' },
    ]);
    expect(first.report.report.personOrUserReported?.[0]?.estimatedLocation).toBeUndefined();
    const third = records[2];
    if (!third?.ok) throw new Error('expected a valid report');
    expect(third.report.report.personOrUserReported?.[0]?.estimatedLocation).toEqual({ city: 'gwalior', region: 'Madhya Pradesh', countryCode: 'IN' });
  });

  it.each(FORMATS)('reads gzipped %s, detected from content whatever the name, hashing the stored bytes', async (format) => {
    const gz = gzip(example(format));
    const { records, info } = await readAll(gz, 'upload.bin');
    expect(records).toHaveLength(7);
    expect(records.every((r) => r.ok)).toBe(true);
    expect(info).toMatchObject({ format, gzip: true, bytes: gz.length, sha256: createHash('sha256').update(gz).digest('hex') });
  });

  it('detects the format from content, not the extension', async () => {
    expect((await readAll(example('jsonl'), 'misnamed.csv')).info.format).toBe('jsonl');
    expect((await readAll(example('xml'), 'misnamed.json')).info.format).toBe('xml');
    expect((await readAll(example('csv'), 'misnamed.xml')).info.format).toBe('csv');
    expect((await readAll(example('json'), 'misnamed.jsonl')).info.format).toBe('json');
  });

  it('gives positions: JSONL line, JSON/XML element (1-based), CSV line and row', async () => {
    const pos = async (f: string) => (await readAll(example(f), `x.${f}`)).records.map((r) => r.position);
    expect((await pos('jsonl'))[0]).toEqual({ line: 2 });
    expect((await pos('json'))[6]).toEqual({ element: 7 });
    expect((await pos('xml'))[1]).toMatchObject({ element: 2 });
    expect((await pos('csv'))[2]).toEqual({ line: 4, row: 3 });
  });
});
