/**
 * The email HQ gets when a run fails (the batch record then says FAILED with the reason). The caller passes
 * error names and messages only; as a second line of defence the text is escaped, stripped of stack traces,
 * redacted of anything shaped like an email, IP or phone number, and cut short.
 */
import { htmlDocument, STYLE, textFooter, type RenderedEmail } from './email-layout.js';
import { esc, stripControl, subjectLine, truncate } from './escape.js';
import { formatIst } from './labels.js';

export interface FailureEmailInput {
  batchId?: string;
  fileKey: string;
  error: string;
  cause?: string;
  execution?: string;
  failedAt: string;
}

const MAX_CAUSE = 1000;

// Shapes of personal identifiers that must never reach an email, even inside an error message.
const REDACTIONS: [RegExp, string][] = [
  [/[^\s@"'<>()]+@[^\s@"'<>()]+\.[^\s@"'<>()]+/g, '[email]'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, '[ip]'],
  [/\b(?:[0-9a-f]{1,4}:){5,7}[0-9a-f]{1,4}\b/gi, '[ip]'],
  [/\b[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?|::[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*/gi, '[ip]'],
  [/\+?\d[\d ]{8,}\d/g, '[number]'],
];

export function redact(value: string): string {
  return REDACTIONS.reduce((text, [pattern, mark]) => text.replace(pattern, mark), value);
}

/** Step Functions passes a Lambda error's cause as JSON {errorType, errorMessage, trace}: keep type and message. */
function readableCause(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorType?: unknown; errorMessage?: unknown };
    if (parsed && typeof parsed === 'object' && (parsed.errorType || parsed.errorMessage)) {
      return [parsed.errorType, parsed.errorMessage].filter((v) => typeof v === 'string' && v !== '').join(': ');
    }
  } catch {
    // not JSON: a plain message
  }
  return cause.split(/\n\s+at /)[0] ?? cause;
}

const safe = (value: string, max: number): string => truncate(redact(stripControl(value)).trim(), max);

export function renderFailureEmail(input: FailureEmailInput): RenderedEmail {
  const error = safe(input.error, 200) || 'unknown error';
  const cause = input.cause ? safe(readableCause(input.cause), MAX_CAUSE) : undefined;
  const file = truncate(stripControl(input.fileKey), 300);
  const batch = input.batchId ? truncate(stripControl(input.batchId), 100) : 'not registered';
  const failedAt = [formatIst(input.failedAt), input.failedAt].filter(Boolean).join(' / ');

  const subject = subjectLine(`[Tipline] FAILED — batch ${batch}: ${error} (${file})`);
  const facts: [string, string][] = [
    ['Batch', batch],
    ['File', file],
    ['Failed at', failedAt],
    ...(input.execution ? [['Execution', truncate(stripControl(input.execution), 300)] as [string, string]] : []),
    ['Error', error],
    ...(cause ? [['Cause', cause] as [string, string]] : []),
  ];
  const advice =
    'The batch record is marked FAILED with this reason. Fix the cause and drop the file again: ' +
    'processing is idempotent, so reports already assigned are not assigned or sent twice.';

  const text = [
    'Tipline Router — batch run FAILED',
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    advice,
    '',
    textFooter(),
  ].join('\n');

  const body = [
    `<h1 style="${STYLE.h1}color:#b00020;">Batch run FAILED</h1>`,
    `<ul style="${STYLE.list}">`,
    ...facts.map(([label, value]) => `<li style="margin:0 0 4px;"><strong>${esc(label)}:</strong> ${esc(value)}</li>`),
    '</ul>',
    `<p style="${STYLE.p}">${esc(advice)}</p>`,
  ].join('\n');

  return { subject, html: htmlDocument(subject, body), text };
}
