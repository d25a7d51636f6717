/**
 * Times for requests to Indian ISPs: India Standard Time is UTC+05:30 all year (no daylight saving).
 * The original value is always kept beside these; milliseconds appear only when the input had a fraction.
 */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const FRACTION = /T\d\d:\d\d:\d\d[.,]\d/;

function format(ms: number, shiftMs: number, suffix: string, withMillis: boolean): string {
  const iso = new Date(ms + shiftMs).toISOString(); // always YYYY-MM-DDTHH:mm:ss.sssZ
  return iso.slice(0, withMillis ? 23 : 19) + suffix;
}

/** A zoned ISO time as UTC ("…Z") and IST ("…+05:30"); undefined when it does not parse. */
export function utcAndIst(given: string): { utc: string; ist: string } | undefined {
  const ms = Date.parse(given);
  if (Number.isNaN(ms)) return undefined;
  const withMillis = FRACTION.test(given);
  return { utc: format(ms, 0, 'Z', withMillis), ist: format(ms, IST_OFFSET_MS, '+05:30', withMillis) };
}
