/**
 * The XML batch (docs/design.md §4), laid out like test/fixtures/example-batch.xml:
 * `<tiplineBatch batchRef generatedAt>` holding `<cyberTiplineReport reportId receivedAt ncmecPriority
 * referral>`, each with one `<report>`, its `<fileDetails>` and `<ncmecGeolocation .../>`. Keys become
 * element names as the CyberTipline schema spells them; arrays become repeated elements. The schema's
 * attributes stay attributes: `<phone countryCallingCode type>`, `<email type>`,
 * `<originalFileHash hashType>`, `<batchedReport reason/>`. Annotation flags are empty elements.
 */
import type { BatchMeta } from './batch-meta.js';
import type { StreamSink } from './stream-sink.js';
import { flagNames } from './presence-flags.js';
import { escapeAttribute, escapeText } from './xml-escape.js';

const INDENT = '  ';

/** Elements whose `value` is the text and whose other keys are attributes. */
const TEXT_WITH_ATTRIBUTES: Record<string, readonly string[]> = {
  phone: ['countryCallingCode', 'type'],
  email: ['type'],
  originalFileHash: ['hashType'],
};
/** Elements that are attributes only. */
const ATTRIBUTES_ONLY = new Set(['batchedReport', 'ncmecGeolocation']);
/** Presence-flag containers: each true flag is an empty element. */
const FLAG_CONTAINERS = new Set(['reportAnnotations', 'fileAnnotations']);
const REPORT_ATTRIBUTES = ['reportId', 'receivedAt', 'ncmecPriority', 'referral'] as const;
/** Children of `<cyberTiplineReport>` in fixture order; any other keys follow. */
const REPORT_CHILDREN = ['report', 'fileDetails', 'ncmecGeolocation'];

/** Keys that are not XML names (unknown keys can be anything) are left out rather than break the file. */
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const isScalar = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);

function attributes(obj: Record<string, unknown>, names: readonly string[]): string {
  let out = '';
  for (const name of names) {
    const v = obj[name];
    if (isScalar(v) && XML_NAME.test(name)) out += ` ${name}="${escapeAttribute(String(v))}"`;
  }
  return out;
}

function element(name: string, value: unknown, depth: number): string {
  if (value === undefined || value === null || !XML_NAME.test(name)) return '';
  const pad = INDENT.repeat(depth);
  if (FLAG_CONTAINERS.has(name)) {
    const flags = flagNames(value);
    if (flags.length === 0) return '';
    const empties = flags.filter((flag) => XML_NAME.test(flag)).map((flag) => `${pad}${INDENT}<${flag}/>\n`);
    return `${pad}<${name}>\n${empties.join('')}${pad}</${name}>\n`;
  }
  if (Array.isArray(value)) return value.map((item) => element(name, item, depth)).join('');
  if (isScalar(value)) return `${pad}<${name}>${escapeText(String(value))}</${name}>\n`;
  if (typeof value !== 'object') return '';
  const obj = value as Record<string, unknown>;
  if (ATTRIBUTES_ONLY.has(name)) return `${pad}<${name}${attributes(obj, Object.keys(obj))}/>\n`;
  const textAttributes = TEXT_WITH_ATTRIBUTES[name];
  if (textAttributes && isScalar(obj.value)) {
    return `${pad}<${name}${attributes(obj, textAttributes)}>${escapeText(String(obj.value))}</${name}>\n`;
  }
  const children = Object.entries(obj).map(([key, child]) => element(key, child, depth + 1)).join('');
  return children === '' ? `${pad}<${name}/>\n` : `${pad}<${name}>\n${children}${pad}</${name}>\n`;
}

export function reportToXml(report: Record<string, unknown>, depth = 1): string {
  const pad = INDENT.repeat(depth);
  const order = [...REPORT_CHILDREN, ...Object.keys(report).filter((k) => !REPORT_CHILDREN.includes(k) && !(REPORT_ATTRIBUTES as readonly string[]).includes(k))];
  const children = order.map((key) => element(key, report[key], depth + 1)).join('');
  return `${pad}<cyberTiplineReport${attributes(report, REPORT_ATTRIBUTES)}>\n${children}${pad}</cyberTiplineReport>\n`;
}

export async function writeXml(reports: Iterable<Record<string, unknown>>, sink: StreamSink, meta: BatchMeta): Promise<void> {
  await sink.write(
    `<?xml version="1.0" encoding="UTF-8"?>\n<tiplineBatch batchRef="${escapeAttribute(meta.batchRef)}" generatedAt="${escapeAttribute(meta.generatedAt)}">\n`,
  );
  for (const report of reports) await sink.write(reportToXml(report));
  await sink.write('</tiplineBatch>\n');
}
