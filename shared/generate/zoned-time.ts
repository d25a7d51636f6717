/**
 * Timestamps as ESPs send them: ISO 8601 with a zone, either UTC ("Z") or India Standard Time
 * ("+05:30", no daylight saving). Whole seconds, like the fixtures.
 */
const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function formatIst(ms: number): string {
  return `${new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19)}+05:30`;
}

/** Batch timestamps fall inside 2026. */
export const YEAR_START_MS = Date.UTC(2026, 0, 1);
export const YEAR_END_MS = Date.UTC(2026, 11, 31, 23, 59, 59);
