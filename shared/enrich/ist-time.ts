/**
 * Times for requests to Indian ISPs: India Standard Time is UTC+05:30 all year (no daylight saving).
 * The original value is always kept beside these; milliseconds appear only when the input had a fraction.
 * Formatting is done by hand (civil-from-days) because Date#toISOString is a hot spot at batch scale;
 * a unit test holds it equal to toISOString.
 */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const DAY_MS = 86_400_000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** "YYYY-MM-DDTHH:mm:ss[.sss]" of a UTC millisecond count (years 0–9999), as toISOString writes it. */
export function isoLocal(ms: number, withMillis: boolean): string {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  // Howard Hinnant's civil_from_days.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const text = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(s)}`;
  return withMillis ? `${text}.${pad3(rest - s * 1000)}` : text;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by `len` ASCII digits at `at`, or -1. */
function digitsAt(text: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Epoch milliseconds of a zoned ISO time ("YYYY-MM-DDTHH:mm:ss[.f…](Z|±hh:mm)"), read by character codes
 * (Date.parse is the slowest step of Enrich otherwise); other shapes go to Date.parse. NaN when unreadable.
 */
export function parseZoned(given: string): number {
  const year = digitsAt(given, 0, 4);
  const month = digitsAt(given, 5, 2);
  const day = digitsAt(given, 8, 2);
  const hour = digitsAt(given, 11, 2);
  const minute = digitsAt(given, 14, 2);
  const second = digitsAt(given, 17, 2);
  if (
    year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 ||
    minute < 0 || minute > 59 || second < 0 || second > 59 ||
    given.charCodeAt(4) !== 45 || given.charCodeAt(7) !== 45 || given.charCodeAt(10) !== 84 ||
    given.charCodeAt(13) !== 58 || given.charCodeAt(16) !== 58
  ) {
    return Date.parse(given);
  }
  let i = 19;
  let millis = 0;
  if (given.charCodeAt(i) === 46) {
    // fraction: keep milliseconds, truncate the rest (as Date.parse does)
    let digits = 0;
    for (i++; i < given.length; i++, digits++) {
      const c = given.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (digits < 3) millis = millis * 10 + c;
    }
    if (digits === 0 || digits > 9) return Date.parse(given);
    for (let k = digits; k < 3; k++) millis *= 10;
  }
  let offset: number;
  const zone = given.charCodeAt(i);
  if (zone === 90 && i + 1 === given.length) offset = 0;
  else if ((zone === 43 || zone === 45) && i + 6 === given.length && given.charCodeAt(i + 3) === 58) {
    const oh = digitsAt(given, i + 1, 2);
    const om = digitsAt(given, i + 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return Date.parse(given);
    offset = (zone === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  } else return Date.parse(given);
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millis - offset;
}

/** A zoned ISO time as UTC ("…Z") and IST ("…+05:30"); undefined when it does not parse. */
export function utcAndIst(given: string): { utc: string; ist: string } | undefined {
  const ms = parseZoned(given);
  if (Number.isNaN(ms)) return undefined;
  const withMillis = given.charCodeAt(19) === 46; // "…:ss.f"
  return { utc: `${isoLocal(ms, withMillis)}Z`, ist: `${isoLocal(ms + IST_OFFSET_MS, withMillis)}+05:30` };
}
