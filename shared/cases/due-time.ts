/**
 * When an assigned case must be acknowledged: P1 within 24 h, P2 within 72 h (configurable); P3 has no
 * deadline unless one is configured. Past it, a case still `assigned` is overdue.
 */
import type { Priority } from '../model/case.js';
import { config } from '../config.js';

export interface DueHours {
  P1: number;
  P2: number;
  P3?: number;
}

export const DEFAULT_DUE_HOURS: DueHours = { P1: 24, P2: 72 };

export function dueAtFor(priority: Priority, assignedAt: string, hours: DueHours): string | undefined {
  const h = hours[priority];
  return h === undefined ? undefined : new Date(Date.parse(assignedAt) + h * 3_600_000).toISOString();
}

export function isOverdue(kase: { status: string; dueAt?: string }, now: Date): boolean {
  return kase.status === 'assigned' && kase.dueAt !== undefined && Date.parse(kase.dueAt) <= now.getTime();
}

/** The configured hours (DUE_HOURS_P1, DUE_HOURS_P2, DUE_HOURS_P3). */
export function dueHours(): DueHours {
  const c = config();
  return { P1: c.DUE_HOURS_P1, P2: c.DUE_HOURS_P2, ...(c.DUE_HOURS_P3 !== undefined && { P3: c.DUE_HOURS_P3 }) };
}
