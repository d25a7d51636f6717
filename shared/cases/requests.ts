/**
 * What the API and the CLI accept, as zod schemas: one definition for both, so a bad request is refused the
 * same way (400, naming the field) wherever it comes from. Notes and FIR numbers are bounded free text.
 */
import * as z from 'zod';
import { DROP_OUTCOMES, OUTCOMES, STATUSES } from './lifecycle.js';

export const CASE_ID = /^C-[0-9a-f]{16}$/;
export const caseIdSchema = z.string().regex(CASE_ID, 'a case ID looks like C- and 16 hex digits');
const note = z.string().max(4000).optional();
const version = z.number().int().positive().optional();
/** A district or state name: printable, one line. */
const place = z.string().trim().min(2).max(60).regex(/^[\p{L}\p{N} .&()'-]+$/u, 'letters, digits, spaces and . & ( ) \' - only');

export const statusRequestSchema = z.strictObject({
  status: z.enum(STATUSES),
  outcome: z.enum(OUTCOMES).optional(),
  fir: z.string().trim().min(1).max(60).regex(/^[\p{L}\p{N} /._-]+$/u, 'letters, digits, spaces and / . _ - only').optional(),
  note,
  ifVersion: version,
  transferTo: place.optional(),
});
export type StatusRequest = z.infer<typeof statusRequestSchema>;

export const reviewDecisionSchema = z.strictObject({
  decision: z.enum(['promote', 'drop']),
  district: place.optional(),
  outcome: z.enum(DROP_OUTCOMES).optional(),
  note,
  ifVersion: version,
});
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

export const transferRequestSchema = z.strictObject({ transferTo: place, note, ifVersion: version });
export type TransferRequest = z.infer<typeof transferRequestSchema>;

export const caseListQuerySchema = z.object({
  district: z.string().optional(),
  status: z.enum(STATUSES).optional(),
  batch: z.string().optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

export const digestRequestSchema = z.strictObject({ now: z.iso.datetime({ offset: true }).optional() });
