/**
 * Turns a raw record from any reader into a ParsedRecord: the canonical report, or every field error.
 * Messages name fields, never values, so a rejected file is safe to show to whoever fixes the batch.
 */
import type { z } from 'zod';
import { canonicalReportSchema, type CanonicalReport } from '../model/canonical-report.js';
import { compact } from './compact.js';
import { fastCanonical } from './fast-canonical.js';
import type { FieldError, ParsedRecord, RawRecord, RecordPosition } from './parsed-record.js';

/** "report.personOrUserReported[0].ipCaptureEvent[1].port" */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

const issuesToErrors = (issues: readonly z.core.$ZodIssue[]): FieldError[] =>
  issues.map((issue) => ({ path: fieldPath(issue.path), message: issue.message }));

/** The report ID of a raw record, when it has a usable one, to label a rejected record. */
export function rawReportId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as Record<string, unknown>).reportId;
  const text = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : undefined;
  return text && /^\d{1,20}$/.test(text) ? text : undefined;
}

export function validateRaw(value: unknown, position: RecordPosition): ParsedRecord {
  const fast = fastCanonical(value);
  if (fast) return { ok: true, position, report: fast };
  const result = canonicalReportSchema.safeParse(value);
  if (result.success) {
    const report = compact(result.data) as CanonicalReport | undefined;
    if (report) return { ok: true, position, report };
  }
  const errors = result.success ? [{ path: '', message: 'empty record' }] : issuesToErrors(result.error.issues);
  const reportId = rawReportId(value);
  return reportId ? { ok: false, position, reportId, errors } : { ok: false, position, errors };
}

export function validateRecord(raw: RawRecord): ParsedRecord {
  if ('value' in raw) {
    const parsed = validateRaw(raw.value, raw.position);
    if (!raw.errors?.length) return parsed;
    const errors = [...raw.errors, ...(parsed.ok ? [] : parsed.errors)];
    const reportId = rawReportId(raw.value);
    return reportId ? { ok: false, position: raw.position, reportId, errors } : { ok: false, position: raw.position, errors };
  }
  return raw.reportId
    ? { ok: false, position: raw.position, reportId: raw.reportId, errors: raw.errors }
    : { ok: false, position: raw.position, errors: raw.errors };
}
