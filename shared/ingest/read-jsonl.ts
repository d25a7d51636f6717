/**
 * JSONL: one canonical report per line. A first line without reportId but with batchRef/generatedAt is
 * the batch header. Blank lines are not records; a line that is not JSON is a rejected record.
 */
import { inSlices, SLICE_BYTES } from './byte-source.js';
import { parseJsonExact } from './exact-json.js';
import type { BatchHeader, RawRecord } from './parsed-record.js';
import { numberedLines, utf8Text } from './text-lines.js';

/** A JSON.parse message without the slice of input V8 quotes (it may hold report values). */
export function jsonSyntaxMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : '';
  const at = /position (\d+)/.exec(msg);
  if (/Unexpected end/i.test(msg)) return 'not valid JSON: unexpected end of input';
  return at ? `not valid JSON (syntax error at character ${Number(at[1]) + 1})` : 'not valid JSON';
}

const headerOf = (value: unknown): BatchHeader | undefined => {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || 'reportId' in value) return undefined;
  const v = value as Record<string, unknown>;
  if (!('batchRef' in v) && !('generatedAt' in v)) return undefined;
  const header: BatchHeader = {};
  if (typeof v.batchRef === 'string') header.batchRef = v.batchRef;
  if (typeof v.generatedAt === 'string') header.generatedAt = v.generatedAt;
  return header;
};

export async function* readJsonl(bytes: AsyncIterable<Buffer>, onHeader: (h: BatchHeader) => void): AsyncGenerator<RawRecord[]> {
  let seenContent = false;
  for await (const lines of numberedLines(utf8Text(inSlices(bytes, SLICE_BYTES)))) {
    const out: RawRecord[] = [];
    for (const [line, lineNo] of lines) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = parseJsonExact(line);
      } catch (err) {
        seenContent = true;
        out.push({ position: { line: lineNo }, errors: [{ path: '', message: jsonSyntaxMessage(err) }] });
        continue;
      }
      if (!seenContent) {
        seenContent = true;
        const header = headerOf(value);
        if (header) {
          onHeader(header);
          continue;
        }
      }
      out.push({ position: { line: lineNo }, value });
    }
    if (out.length) yield out;
  }
}
