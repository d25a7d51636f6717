/**
 * JSON: `{ "batchRef", "generatedAt", "reports": [ ... ] }` (or a bare array of reports), read with
 * stream-json's tokenizer so only one report is ever assembled in memory. A syntax error cannot be
 * resynchronised in JSON, so it makes the file unreadable (reports before it were already yielded).
 */
import { Assembler } from 'stream-json/core/assembler.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { exactNumberToken, tokensOf } from './exact-json.js';
import { UnreadableFileError } from '../errors.js';
import { inSlices, SLICE_BYTES } from './byte-source.js';
import type { BatchHeader, RawRecord } from './parsed-record.js';
import { utf8Text } from './text-lines.js';


const HEADER_KEYS = new Set(['batchRef', 'generatedAt']);

export async function* readJson(
  bytes: AsyncIterable<Buffer>,
  fileName: string,
  onHeader: (h: BatchHeader) => void,
): AsyncGenerator<RawRecord[]> {
  const tokenize = jsonParser({ streamValues: false });
  const assembler = new Assembler();
  const header: BatchHeader = {};
  let assembling = false;
  let depth = 0;
  let rootKey: string | undefined;
  let reportsDepth = 0; // container depth of the open reports array, 0 when none is open
  let element = 0;
  let rootClosed = false;
  let rootIsObject = false;
  let sawReports = false;
  const rootKeys: string[] = [];

  for await (const text of utf8Text(inSlices(bytes, SLICE_BYTES))) {
    let tokens: readonly Token[];
    try {
      tokens = tokensOf(tokenize(text));
    } catch {
      throw new UnreadableFileError(fileName, `JSON is not well-formed (after report ${element} of reports[])`);
    }
    const out: RawRecord[] = [];
    for (const token of tokens) {
      if (assembling) {
        assembler.consume(exactNumberToken(token));
        if (assembler.done) {
          assembling = false;
          out.push({ position: { element }, value: assembler.current });
        }
        continue;
      }
      switch (token.name) {
        case 'startObject':
        case 'startArray':
          if (reportsDepth && depth === reportsDepth) {
            element++;
            assembling = true;
            assembler.consume(token);
            break;
          }
          if (depth === 0 && token.name === 'startArray') reportsDepth = 1;
          else if (depth === 0) rootIsObject = true;
          else if (depth === 1 && rootKey === 'reports' && token.name === 'startArray') reportsDepth = 2;
          if (reportsDepth) sawReports = true;
          depth++;
          break;
        case 'endObject':
        case 'endArray':
          depth--;
          if (depth < reportsDepth) reportsDepth = 0;
          if (depth === 0) rootClosed = true;
          break;
        case 'keyValue':
          if (depth === 1) {
            rootKey = token.value;
            if (rootKeys.length < MAX_KEYS_NAMED + 1) rootKeys.push(token.value);
          }
          break;
        case 'stringValue':
        case 'numberValue':
        case 'nullValue':
        case 'trueValue':
        case 'falseValue':
          if (reportsDepth && depth === reportsDepth) {
            element++;
            const exact = exactNumberToken(token);
            const text = (exact as { value?: unknown }).value;
            out.push({ position: { element }, value: exact.name === 'numberValue' ? Number(text) : text });
          } else if (depth === 1 && rootKey && HEADER_KEYS.has(rootKey) && token.name === 'stringValue') {
            header[rootKey as keyof BatchHeader] = token.value;
          }
          break;
        default:
          break;
      }
    }
    if (out.length) yield out;
  }
  if (!rootClosed || assembling) {
    throw new UnreadableFileError(fileName, `JSON ends before the document is complete (truncated after report ${element})`);
  }
  if (rootIsObject && !sawReports) throw new UnreadableFileError(fileName, noReportsList(rootKeys));
  onHeader(header);
}

const MAX_KEYS_NAMED = 10;

/** Names the top-level keys found (bounded, control characters shown as `?`), so a wrapper never passes as empty. */
function noReportsList(keys: readonly string[]): string {
  if (keys.length === 0) return 'JSON has no "reports" list: the top-level object is empty (expected {"reports": [ … ]})';
  const named = keys
    .slice(0, MAX_KEYS_NAMED)
    .map((k) => JSON.stringify(k.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 40)))
    .join(', ');
  const more = keys.length > MAX_KEYS_NAMED ? ', …' : '';
  const hint = keys.includes('reports') ? '"reports" is not a list' : 'no "reports" key at the top level';
  return `JSON has no "reports" list (${hint}; found keys: ${named}${more}); expected {"reports": [ … ]} or a bare [ … ] of reports`;
}
