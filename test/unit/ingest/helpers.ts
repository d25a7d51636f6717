import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { readBatch, type BatchFileInfo, type ParsedRecord } from '../../../shared/ingest/read-batch.js';

export const FIXTURES = new URL('../../fixtures/', import.meta.url);

/** Streams `data` in small chunks so readers meet records split across chunk boundaries. */
export function chunked(data: Buffer | string, size = 97): Readable {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

export async function readAll(
  data: Buffer | string,
  fileName = 'batch',
  maxBytes = 2 * 1024 ** 3,
): Promise<{ records: ParsedRecord[]; info: BatchFileInfo }> {
  const batch = readBatch(chunked(data), { fileName, maxBytes });
  const records: ParsedRecord[] = [];
  for await (const r of batch.records) records.push(r);
  return { records, info: await batch.info };
}

export const gzip = (data: string | Buffer): Buffer => gzipSync(data);
