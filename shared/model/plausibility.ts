/**
 * Plausible values (docs/design.md §4 "Plausibility"): dates, time-zone offsets, numbers in their documented
 * ranges and forms, and text without control characters. Shared by the zod schema (canonical-report.ts), which
 * gives the verdict and the messages, and the fast path (ingest/fast-canonical.ts), which leaves on anything
 * these reject.
 *
 * Dates: none before 1990-01-01 (the CyberTipline began in 1998; 1990 leaves room for old incidents) and none
 * from 2100 on (a fixed bound, not the clock, so a re-run decides the same; it stops 9999-12-31): such a record
 * is rejected. An incident or IP event more than a day after the report's receivedAt (a day of slack absorbs
 * zones and clocks) is flagged: Enrich warns IMPLAUSIBLE_DATE and the case carries it.
 */

export const EARLIEST_MS = Date.UTC(1990, 0, 1);
export const LATEST_MS = Date.UTC(2100, 0, 1) - 1;
export const DAY_MS = 24 * 3600 * 1000;
export const IMPLAUSIBLE_DATE = 'IMPLAUSIBLE_DATE';

/** The zone of an ISO date-time, when it is an offset: ±hh:mm within ±14:00 (UTC−12:00 … UTC+14:00 exist). */
export function offsetInRange(dateTime: string): boolean {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(dateTime);
  if (!m || /[zZ]$/.test(dateTime)) return true;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  return minutes < 60 && hours * 60 + minutes <= 14 * 60;
}

/** Why a date-time alone is implausible (too early, or after `latestMs`), or undefined. */
export function dateProblem(dateTime: string, latestMs: number, latestWhat: string): string | undefined {
  const ms = Date.parse(dateTime);
  if (Number.isNaN(ms)) return undefined; // the format check names it
  if (ms < EARLIEST_MS) return `${IMPLAUSIBLE_DATE}: before 1990-01-01`;
  if (ms > latestMs) return latestMs === LATEST_MS ? `${IMPLAUSIBLE_DATE}: after 2099-12-31` : `${IMPLAUSIBLE_DATE}: more than a day after ${latestWhat}`;
  return undefined;
}

export const NO_LATER = { ms: LATEST_MS, what: '2099-12-31' };

/** The latest plausible time for an incident or IP event: receivedAt + 1 day, else the end of 2099. */
export function latestPlausible(receivedAt: string | undefined): { ms: number; what: string } {
  const received = receivedAt === undefined ? Number.NaN : Date.parse(receivedAt);
  return Number.isNaN(received) || received + DAY_MS > LATEST_MS ? NO_LATER : { ms: received + DAY_MS, what: 'receivedAt' };
}

/** C0 and C1 control characters except tab, line feed and carriage return; and DEL. */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const hasControlCharacters = (s: string): boolean => HAS_CONTROL.test(s);
export const withoutControlCharacters = (s: string): string => (HAS_CONTROL.test(s) ? s.replace(CONTROL_CHARACTERS, '') : s);

/** Documented forms: a decimal integer (no sign, hex, exponent) and a decimal number (optional sign and fraction). */
export const DECIMAL_INTEGER = /^\d+$/;
export const DECIMAL_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export const RANGES = {
  port: { min: 0, max: 65535, integer: true },
  asn: { min: 0, max: 4294967295, integer: true },
  latitude: { min: -90, max: 90, integer: false },
  longitude: { min: -180, max: 180, integer: false },
} as const;
