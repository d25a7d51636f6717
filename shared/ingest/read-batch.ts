/**
 * Reads a batch file of any of the four formats (optionally gzipped), detected from its content, and
 * yields one ParsedRecord per record in it: the canonical report, or the record's position and every
 * error. Records stream through one at a time, so memory stays flat whatever the file size. A file that
 * cannot be read at all throws UnreadableFileError out of the iteration.
 */
import type { Readable } from 'node:stream';
import { UnreadableFileError } from '../errors.js';
import type { FileFormat } from '../model/workflow.js';
import { gunzipped, newStoredStats, Peeker, storedBytes } from './byte-source.js';
import { csvLayout, declaresDtdOrEntities, detectFormat, type CsvDelimiter } from './detect-format.js';
import { utf16Encoding, utf16ToUtf8 } from './utf16.js';
import type { BatchFileInfo, BatchHeader, ParsedRecord, RawRecord } from './parsed-record.js';
import { readCsv } from './read-csv.js';
import { readJson } from './read-json.js';
import { readJsonl } from './read-jsonl.js';
import { DTD_REFUSED, readXml } from './read-xml.js';
import { validateRecord } from './validate-record.js';

export type { BatchFileInfo, FieldError, ParsedRecord, RecordPosition } from './parsed-record.js';

export interface ReadBatchOptions {
  /** Named in errors; its extension only breaks a JSON/JSONL tie. */
  fileName: string;
  /** Largest file accepted as stored (config MAX_FILE_BYTES, default 2 GB). */
  maxBytes: number;
  /** Largest decompressed size of a gzipped file (guards against gzip bombs); default 4 × maxBytes. */
  maxDecompressedBytes?: number;
}

export const UNKNOWN_FORMAT = 'not a known batch format (expected JSON, JSONL, XML or CSV)';
export const EMPTY_FILE = 'empty file (no bytes, or only spaces and line breaks)';
export const UTF16_NO_BOM = 'the file looks like UTF-16 without a byte-order mark: save it as UTF-8';

/** Bytes looked at to detect the format; JSON vs JSONL reads on to the end of the first line. */
const SNIFF_BYTES = 64 * 1024;
const SNIFF_LINE_BYTES = 8 * 1024 * 1024;

export function readBatch(
  input: Readable | AsyncIterable<Buffer | string>,
  opts: ReadBatchOptions,
): { records: AsyncIterable<ParsedRecord>; info: Promise<BatchFileInfo> } {
  let settle: { resolve: (info: BatchFileInfo) => void; reject: (err: unknown) => void } | undefined;
  const info = new Promise<BatchFileInfo>((resolve, reject) => {
    settle = { resolve, reject };
  });
  info.catch(() => undefined); // the same error is thrown out of `records`; don't make it unhandled too

  async function* records(): AsyncGenerator<ParsedRecord> {
    const { fileName, maxBytes } = opts;
    const stats = newStoredStats();
    const stored = new Peeker(storedBytes(input, fileName, maxBytes, stats));
    try {
      const magic = await stored.peek(2);
      const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
      const unzipped = new Peeker(gzip ? gunzipped(stored.rest(), fileName, opts.maxDecompressedBytes ?? maxBytes * 4) : stored.rest());
      // UTF-16 with a byte-order mark (Excel's "Unicode text") is decoded; without one it is named, not misread.
      const utf16 = utf16Encoding(await unzipped.peek(SNIFF_BYTES));
      if (utf16 === 'unmarked') throw new UnreadableFileError(fileName, UTF16_NO_BOM);
      const body = new Peeker(utf16 ? utf16ToUtf8(unzipped.rest(), utf16) : unzipped.rest());
      let head = await body.peek(SNIFF_BYTES);
      let text = head.toString('utf8');
      if (/^\uFEFF?\s*\{/.test(text) && !/[\r\n]/.test(text.slice(text.indexOf('{')))) {
        head = await body.peek(SNIFF_LINE_BYTES, (chunk) => chunk.includes(0x0a) || chunk.includes(0x0d));
        text = head.toString('utf8');
      }
      if (head.length < SNIFF_BYTES && /^\uFEFF?\s*$/.test(text)) throw new UnreadableFileError(fileName, EMPTY_FILE);
      const format = detectFormat(text, fileName);
      if (!format) {
        const layout = csvLayout(text);
        throw new UnreadableFileError(fileName, 'problem' in layout && layout.problem ? layout.problem : UNKNOWN_FORMAT);
      }
      const layout = format === 'csv' ? csvLayout(text) : undefined;
      const csv = layout && 'delimiter' in layout ? layout : { delimiter: ',' as CsvDelimiter, sepLine: false };
      if (format === 'xml' && declaresDtdOrEntities(text)) throw new UnreadableFileError(fileName, DTD_REFUSED);

      const header: BatchHeader = {};
      const onHeader = (h: BatchHeader): void => void Object.assign(header, h);
      for await (const batch of rawRecords(format, body.rest(), fileName, onHeader, csv)) {
        for (const raw of batch) yield validateRecord(raw);
      }

      // Hash and count the whole file as stored, even bytes after the last record.
      for await (const _ of stored.rest()) void _;
      settle?.resolve({ format, gzip, sha256: stats.hash.digest('hex'), bytes: stats.bytes, ...header });
    } catch (err) {
      settle?.reject(err);
      await stored.close().catch(() => undefined);
      throw err;
    }
  }

  return { records: records(), info };
}

function rawRecords(
  format: FileFormat,
  bytes: AsyncIterable<Buffer>,
  fileName: string,
  onHeader: (h: BatchHeader) => void,
  csv: { delimiter: CsvDelimiter; sepLine: boolean },
): AsyncIterable<RawRecord[]> {
  switch (format) {
    case 'jsonl':
      return readJsonl(bytes, onHeader);
    case 'json':
      return readJson(bytes, fileName, onHeader);
    case 'xml':
      return readXml(bytes, fileName, onHeader);
    case 'csv':
      return readCsv(bytes, fileName, csv);
  }
}
