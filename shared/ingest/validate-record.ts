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

/**
 * What a value is, never what it says: "text of 12 characters", "a number", "a list of 3 items". Errors name the
 * field, the rule and this (docs/design.md §4 "Errors never echo a value").
 */
export function valueKind(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `text of ${[...v].length} character${[...v].length === 1 ? '' : 's'}`;
  if (typeof v === 'number') return Number.isFinite(v) ? 'a number' : 'a non-finite number';
  if (typeof v === 'boolean') return 'a true/false value';
  if (Array.isArray(v)) return `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/**
 * zod's own messages name the rule and never the input; ours (schema `error:` texts, custom checks) do the same.
 * The input itself is only described by kind and length, and then dropped.
 */
const issuesToErrors = (issues: readonly z.core.$ZodIssue[]): FieldError[] =>
  issues.filter((issue, i) => issues.findIndex((o) => o.message === issue.message && o.path.join('.') === issue.path.join('.')) === i).map((issue) => {
    const path = fieldPath(issue.path);
    const input = (issue as { input?: unknown }).input;
    const message = issue.message === 'required' || input === undefined ? issue.message : `${issue.message} (got ${valueKind(input)})`;
    return issue.code === 'custom' && /^[A-Z_]+:/.test(issue.message)
      ? { path, code: issue.message.slice(0, issue.message.indexOf(':')), message }
      : { path, message };
  });

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
  const result = canonicalReportSchema.safeParse(value, { reportInput: true });
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
