/**
 * Which of the four batch formats a file is, from its first bytes (after gunzip and an optional BOM),
 * with the file name only as a tie-breaker between JSON and JSONL.
 */
import type { FileFormat } from '../model/workflow.js';

const BOM = '\uFEFF';

/** Header cell → key: case-insensitive, spaces/underscores/hyphens ignored. Shared with the CSV reader. */
export const normaliseHeader = (cell: string): string => cell.replace(/^\uFEFF/, '').toLowerCase().replace(/[\s_-]+/g, '');

const stripBomAndSpace = (head: string): string => (head.startsWith(BOM) ? head.slice(1) : head).replace(/^\s+/, '');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where the first line break (\n, \r\n or a lone \r) starts and how long it is; -1 when there is none. */
function firstBreak(text: string): { at: number; length: number } {
  const m = /\r\n|\r|\n/.exec(text);
  return m ? { at: m.index, length: m[0].length } : { at: -1, length: 0 };
}

function jsonOrJsonl(text: string, fileName: string): FileFormat {
  const { at: newline, length: breakLength } = firstBreak(text);
  const firstLine = newline === -1 ? text : text.slice(0, newline);
  try {
    const first: unknown = JSON.parse(firstLine);
    // One line and nothing after it: a JSON document unless it is a single report (then a one-line JSONL).
    if (newline === -1 || text.slice(newline).trim() === '') return isObject(first) && !('reportId' in first) ? 'json' : 'jsonl';
    return isObject(first) && Array.isArray(first.reports) ? 'json' : 'jsonl';
  } catch {
    // An incomplete first line: a multi-line JSON document, or a JSONL file whose first line is broken.
    if (/"reports"\s*:/.test(firstLine)) return 'json';
    if (newline !== -1) {
      // Pretty-printed JSON continues with a key or a value; JSONL with the next record.
      const nextLine = text.slice(newline + breakLength).replace(/^\s+/, '');
      if (nextLine.startsWith('"') || nextLine.startsWith('[') || nextLine.startsWith('}')) return 'json';
      if (nextLine.startsWith('{') && !/[[{,:]\s*$/.test(firstLine)) return 'jsonl';
    }
    const name = fileName.toLowerCase().replace(/\.gz$/, '');
    return name.endsWith('.jsonl') || name.endsWith('.ndjson') ? 'jsonl' : 'json';
  }
}

/**
 * The format of a file whose decompressed start is `head`, or undefined when it is none of the four.
 * `head` should reach past the first line where it can (JSON vs JSONL is decided on it).
 */
export function detectFormat(head: string, fileName: string): FileFormat | undefined {
  const text = stripBomAndSpace(head);
  if (text.startsWith('<')) return 'xml';
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) return jsonOrJsonl(text, fileName);
  return 'delimiter' in csvLayout(text) ? 'csv' : undefined;
}

export type CsvDelimiter = ',' | ';' | '\t';
const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];
const delimiterName = (d: string): string => (d === '\t' ? 'tab' : `'${d}'`);

/**
 * How a CSV file is laid out, from its first lines: the field delimiter (',' ';' or tab, whichever splits the
 * header into a Report ID column), and whether an Excel `sep=X` first line comes before the header. `problem`
 * says why a file that looks like a CSV cannot be read (a delimiter this reader does not take); `{}` when the
 * text is not CSV at all.
 */
export function csvLayout(head: string): { delimiter: CsvDelimiter; sepLine: boolean } | { problem?: string } {
  const lines = stripBomAndSpace(head).split(/\r\n|\r|\n/, 2);
  let header = lines[0] ?? '';
  const sep = /^"?sep=(.?)"?\s*$/i.exec(header);
  if (sep) {
    const named = sep[1] || ',';
    if (!DELIMITERS.includes(named as CsvDelimiter)) {
      return { problem: `the Excel "sep=" line names the delimiter ${delimiterName(named)}; save the CSV with ',', ';' or tab` };
    }
    header = lines[1] ?? '';
    return headerCells(header, named).includes('reportid') ? { delimiter: named as CsvDelimiter, sepLine: true } : {};
  }
  for (const d of DELIMITERS) if (headerCells(header, d).includes('reportid')) return { delimiter: d, sepLine: false };
  if (!normaliseHeader(header).includes('reportid')) return {};
  // It names a Report ID column, but no delimiter we read separates it: name the one it seems to use.
  const counts = new Map<string, number>();
  for (const ch of header) if (!/[\p{L}\p{N}\s"']/u.test(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const found = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    problem: `the CSV header names a Report ID column but its cells are not separated by ',', ';' or tab${found ? ` (it seems to use ${delimiterName(found)})` : ''}`,
  };
}

const headerCells = (line: string, delimiter: string): string[] =>
  line.split(delimiter).map((c) => normaliseHeader(c.trim().replace(/^"|"$/g, '')));

/** XML that declares a DTD or entities is refused before its body is parsed (no XXE, no entity expansion). */
export function declaresDtdOrEntities(head: string): boolean {
  const rootStart = head.search(/<[A-Za-z_:]/);
  const prolog = rootStart === -1 ? head : head.slice(0, rootStart);
  return /<!(DOCTYPE|ENTITY)/i.test(prolog);
}
