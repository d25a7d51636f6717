/**
 * Timestamps as ESPs send them: ISO 8601 with a zone, either UTC ("Z") or India Standard Time
 * ("+05:30", no daylight saving). Whole seconds, like the fixtures. Formatted by arithmetic rather
 * than through Date: the generator writes several per report, millions per batch.
 */
const IST_OFFSET_S = (5 * 60 + 30) * 60;
const { floor } = Math;

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** "YYYY-MM-DDTHH:MM:SS" for seconds since the epoch (Howard Hinnant's days-to-civil). */
function civil(seconds: number): string {
  const days = floor(seconds / 86400);
  const secs = seconds - days * 86400;
  const z = days + 719468;
  const era = floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100));
  const mp = floor((5 * doy + 2) / 153);
  const day = doy - floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = floor(secs / 3600);
  const m = floor((secs % 3600) / 60);
  return `${year}-${two(month)}-${two(day)}T${two(h)}:${two(m)}:${two(secs % 60)}`;
}

export function formatUtc(ms: number): string {
  return `${civil(floor(ms / 1000))}Z`;
}

export function formatIst(ms: number): string {
  return `${civil(floor(ms / 1000) + IST_OFFSET_S)}+05:30`;
}

/** Batch timestamps fall inside 2026. */
export const YEAR_START_MS = Date.UTC(2026, 0, 1);
export const YEAR_END_MS = Date.UTC(2026, 11, 31, 23, 59, 59);
