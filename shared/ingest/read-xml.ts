/**
 * XML: `<tiplineBatch batchRef generatedAt>` holding `<cyberTiplineReport reportId receivedAt ncmecPriority
 * referral>` elements, each turned into a plain object (attributes and child elements become keys, repeated
 * elements become arrays, text with attributes becomes `value`) for the canonical schema to coerce.
 * saxes never expands entities from a DTD; a DOCTYPE is refused outright. A well-formedness error inside
 * a report rejects that report; outside any report it makes the file unreadable.
 */
import { SaxesParser } from 'saxes';
import { UnreadableFileError } from '../errors.js';
import { inSlices, SLICE_BYTES } from './byte-source.js';
import type { BatchHeader, FieldError, RawRecord } from './parsed-record.js';
import { utf8Text } from './text-lines.js';

export const DTD_REFUSED = 'XML declares a DTD or entities; refused';

/** Text kept per report: beyond it the report is rejected rather than held in memory. */
const MAX_REPORT_CHARS = 32 * 1024 * 1024;

interface XmlNode {
  fields: Record<string, unknown> | undefined;
  text: string;
}

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
};

function openNode(attributes: Record<string, string>): XmlNode {
  let fields: Record<string, unknown> | undefined;
  for (const name in attributes) {
    (fields ??= {})[localName(name)] = attributes[name];
  }
  return { fields, text: '' };
}

function nodeValue(node: XmlNode): unknown {
  if (!node.fields) return node.text;
  if (node.text.trim() !== '' && !('value' in node.fields)) node.fields.value = node.text;
  return node.fields;
}

function addChild(parent: XmlNode, name: string, value: unknown): void {
  const fields = (parent.fields ??= {});
  const existing = fields[name];
  if (existing === undefined) fields[name] = value;
  // Element values are strings or objects, so an array can only be an earlier repeat of this element.
  else if (Array.isArray(existing)) existing.push(value);
  else fields[name] = [existing, value];
}

export async function* readXml(
  bytes: AsyncIterable<Buffer>,
  fileName: string,
  onHeader: (h: BatchHeader) => void,
): AsyncGenerator<RawRecord[]> {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const out: RawRecord[] = [];
  const header: BatchHeader = {};
  let depth = 0; // elements open outside the current report
  let stack: XmlNode[] = []; // elements open inside the current report
  let element = 0;
  let reportLine = 0;
  let reportChars = 0;
  let reportErrors: FieldError[] = [];

  const finishReport = (value: unknown): void => {
    out.push(reportErrors.length ? { position: { element, line: reportLine }, errors: reportErrors } : { position: { element, line: reportLine }, value });
    stack = [];
    reportErrors = [];
  };

  parser.on('doctype', () => {
    throw new UnreadableFileError(fileName, DTD_REFUSED);
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const attributes = tag.attributes as Record<string, string>;
    if (stack.length) {
      stack.push(openNode(tag.attributes as Record<string, string>));
      return;
    }
    if (name === 'cyberTiplineReport') {
      element++;
      reportLine = parser.line;
      reportChars = 0;
      stack = [openNode(tag.attributes as Record<string, string>)];
      return;
    }
    if (depth === 0) {
      if (typeof attributes.batchRef === 'string') header.batchRef = attributes.batchRef;
      if (typeof attributes.generatedAt === 'string') header.generatedAt = attributes.generatedAt;
    }
    depth++;
  });
  const onText = (text: string): void => {
    const top = stack[stack.length - 1];
    if (!top) return;
    reportChars += text.length;
    if (reportChars > MAX_REPORT_CHARS) {
      if (!reportErrors.length) reportErrors.push({ path: '', message: `report is larger than ${MAX_REPORT_CHARS} characters` });
      return;
    }
    top.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const node = stack.pop();
    if (!node) {
      depth--;
      return;
    }
    const value = nodeValue(node);
    const parent = stack[stack.length - 1];
    if (parent) addChild(parent, localName(tag.name), value);
    else finishReport(value);
  });
  parser.on('error', (err: Error) => {
    if (stack.length) {
      reportErrors.push({ path: '', message: `XML is not well-formed${xmlWhere(err)}` });
      return;
    }
    throw new UnreadableFileError(fileName, `XML is not well-formed${xmlWhere(err)}`);
  });

  for await (const text of utf8Text(inSlices(bytes, SLICE_BYTES))) {
    parser.write(text);
    if (out.length) yield out.splice(0);
  }
  parser.close();
  if (stack.length) {
    // The document ended inside a report: reject what was read of it.
    if (!reportErrors.length) reportErrors.push({ path: '', message: 'XML ends inside this report' });
    finishReport(undefined);
  }
  if (out.length) yield out.splice(0);
  onHeader(header);
}

/** Where saxes found the fault (" at line L, column C"), without its text, which may quote report content. */
function xmlWhere(err: Error): string {
  const at = /^(\d+):(\d+)/.exec(err.message);
  return at ? ` at line ${at[1]}, column ${at[2]}` : '';
}
