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

function jsonOrJsonl(text: string, fileName: string): FileFormat {
  const newline = text.indexOf('\n');
  const firstLine = newline === -1 ? text : text.slice(0, newline);
  try {
    const first: unknown = JSON.parse(firstLine);
    if (newline === -1) return isObject(first) && !('reportId' in first) ? 'json' : 'jsonl';
    return isObject(first) && Array.isArray(first.reports) ? 'json' : 'jsonl';
  } catch {
    // An incomplete first line: a multi-line JSON document, or a JSONL file whose first line is broken.
    if (/"reports"\s*:/.test(firstLine)) return 'json';
    if (newline !== -1) {
      // Pretty-printed JSON continues with a key or a value; JSONL with the next record.
      const nextLine = text.slice(newline + 1).replace(/^\s+/, '');
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
  const headerLine = text.split(/\r?\n/, 1)[0] ?? '';
  const cells = headerLine.split(/[,;\t]/).map((c) => normaliseHeader(c.replace(/^"|"$/g, '')));
  return cells.includes('reportid') ? 'csv' : undefined;
}

/** XML that declares a DTD or entities is refused before its body is parsed (no XXE, no entity expansion). */
export function declaresDtdOrEntities(head: string): boolean {
  const rootStart = head.search(/<[A-Za-z_:]/);
  const prolog = rootStart === -1 ? head : head.slice(0, rootStart);
  return /<!(DOCTYPE|ENTITY)/i.test(prolog);
}
