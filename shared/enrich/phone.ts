/**
 * Phone numbers to E.164 with libphonenumber-js (default region IN). "+91 98765 43210", "098765 43210",
 * "9876543210" with countryCallingCode "+91", and "9876543210" alone all become "+919876543210".
 *
 * Validation uses libphonenumber's default ("min") metadata, which checks length and leading digits, not
 * every allocated range: linking wants one exact form per number more than a verdict on the number.
 * A number libphonenumber rejects is kept as "raw:<digits>" when it has at least 7 digits (it may still link
 * two reports that carry the same odd string) and dropped when shorter (too little to mean anything).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { asciiDigits } from './unicode-digits.js';

// Indian mobile numbers are most of the traffic; all 10-digit [6-9]… numbers are valid for IN in the
// metadata used, so they skip the parser (a unit test holds this equal to libphonenumber).
const SEPARATORS = /[\s\-().]/g;
const INDIAN_MOBILE = /^(?:\+91|0091|91|0)?([6-9]\d{9})$/;
const CALLING_CODE = /^\+?(\d{1,3})$/;
const MIN_RAW_DIGITS = 7;

/** E.164, or "raw:<digits>" for a number that does not parse, or undefined for almost no digits. */
export function normalizePhone(value: string, countryCallingCode?: string): string | undefined {
  const cc = countryCallingCode === undefined ? undefined : CALLING_CODE.exec(asciiDigits(countryCallingCode.trim()))?.[1];
  // Digits of any script count (a Hindi form may write ९८७…): read as ASCII before parsing, never dropped.
  const compact = asciiDigits(value.trim()).replace(SEPARATORS, '');
  const international = compact.startsWith('+') || compact.startsWith('00');
  if (international || cc === undefined || cc === '91') {
    const fast = INDIAN_MOBILE.exec(compact);
    if (fast) return `+91${fast[1]}`;
  }
  const parsed = international
    ? parsePhoneNumberFromString(compact.startsWith('00') ? `+${compact.slice(2)}` : compact)
    : cc !== undefined
      ? parsePhoneNumberFromString(compact, { defaultCallingCode: cc })
      : parsePhoneNumberFromString(compact, { defaultCountry: 'IN' });
  if (parsed?.isValid()) return parsed.number;
  const digits = compact.replace(/\D/g, '');
  return digits.length >= MIN_RAW_DIGITS ? `raw:${digits}` : undefined;
}
