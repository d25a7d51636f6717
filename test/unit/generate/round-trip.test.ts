/**
 * Generated batches read back through the ingest readers (shared/ingest/read-batch.ts): every record
 * valid, same report IDs in the same order, and the four formats agree on the canonical reports.
 */
import { PassThrough, Readable } from 'node:stream';
import { generateReports } from '../../../shared/generate/generate-reports.js';
import { writeBatch } from '../../../shared/generate/write-batch.js';
import { readBatch, type ParsedRecord } from '../../../shared/ingest/read-batch.js';
import { FILE_FORMATS, type FileFormat } from '../../../shared/model/workflow.js';

type Obj = Record<string, any>;
const N = 500;
const meta = { batchRef: 'SYN-RT-1', generatedAt: '2026-12-01T06:00:00+05:30' };

async function roundTrip(format: FileFormat): Promise<{ records: ParsedRecord[]; info: Obj }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeBatch(format, generateReports({ reports: N, seed: 31 }), out, meta);
  const read = readBatch(Readable.from([Buffer.concat(chunks)]), { fileName: `batch.${format}`, maxBytes: 1 << 30 });
  const records: ParsedRecord[] = [];
  for await (const r of read.records) records.push(r);
  return { records, info: await read.info };
}

describe('generate → writeBatch → readBatch', () => {
  const byFormat = new Map<FileFormat, { records: ParsedRecord[]; info: Obj }>();
  const expectedIds = [...generateReports({ reports: N, seed: 31 })].map((r) => r.reportId);

  beforeAll(async () => {
    for (const format of FILE_FORMATS) byFormat.set(format, await roundTrip(format));
  }, 60_000);

  it.each([...FILE_FORMATS])('%s: detected, every record valid, same report IDs', (format) => {
    const { records, info } = byFormat.get(format)!;
    expect(info.format).toBe(format);
    expect(records.filter((r) => !r.ok)).toEqual([]);
    expect(records.map((r) => (r.ok ? r.report.reportId : undefined))).toEqual(expectedIds);
    if (format !== 'csv') expect([info.batchRef, info.generatedAt]).toEqual([meta.batchRef, meta.generatedAt]);
  });

  it('all four formats give the same canonical reports', () => {
    const reports = (f: FileFormat): Obj[] => byFormat.get(f)!.records.map((r) => (r.ok ? r.report : {}));
    const json = reports('json');
    expect(json).toHaveLength(N);
    expect(reports('jsonl')).toEqual(json);
    expect(reports('xml')).toEqual(json);
    // including batched reports, whose users share one ";"-separated ESP Identifier cell in CSV
    expect(reports('csv')).toEqual(json);
  });
});
