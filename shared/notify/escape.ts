/**
 * HTML escaping for every value that goes into an email body. Report values are hostile input: escape-html
 * covers & < > " ' so a value is safe both as element text and inside a double-quoted attribute.
 */
import escapeHtml from 'escape-html';

/** Escape a value for HTML text or a quoted attribute. */
export function esc(value: string | number | undefined | null): string {
  return escapeHtml(value === undefined || value === null ? '' : String(value));
}

/** Drop control characters (incl. CR/LF) so a value cannot break a header line or the layout. */
export function stripControl(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/** Shorten to at most `max` characters, marking the cut. */
export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, Math.max(0, max - 1))}…`;
}

/** One line of plain text from a report value: no control characters, trimmed, at most `max` characters. */
export function oneLine(value: string, max: number): string {
  return truncate(stripControl(value).trim(), max);
}

/** A subject line: one line, bounded, so nothing from a value can inject a header. */
export function subjectLine(value: string): string {
  return truncate(stripControl(value).replace(/\s+/g, ' ').trim(), 200);
}
