/**
 * Whether an identifier identifies someone, so it may link reports (docs/design.md §5 "Identifiers"): it must be
 * valid for its kind and not a placeholder. Placeholders are data (data/placeholder-identifiers.json); the one
 * rule kept in code is "letters and digits all one repeated character" (0000000000, xxxxxx, all-zero MACs).
 * An identifier that fails stays on the report (the case still shows it); it only links nothing.
 *
 * Validity per kind:
 * - email: the syntax zod checks for emails (one @, dotted domain, alphabetic TLD);
 * - phone: E.164 as Enrich wrote it (libphonenumber parsed and validated it); "raw:…" never links;
 * - device: IMEI 15 digits with a valid Luhn check digit (14 digits without one, and 16-digit IMEISV, pass);
 *   MEID 14 hex (18 decimal); MAC 12 hex; IDFA/AAID/UUID 32 hex; other types at least 6 letters or digits;
 * - ESP account: a non-placeholder account or screen name.
 */
import * as z from 'zod';
import placeholders from '../../data/placeholder-identifiers.json' with { type: 'json' };

const fold = (v: string): string => v.trim().toLowerCase().replace(/\s+/g, ' ');

const ANY = new Set(placeholders.anyKind.map(fold));
const EMAIL_LOCAL = new Set(placeholders.email.localParts.map(fold));
const EMAIL_DOMAIN = new Set(placeholders.email.domains.map(fold));
const PHONE_NATIONAL = new Set(placeholders.phone.nationalNumbers);
const DEVICE = new Set(placeholders.device.values.map(fold));
const ESP = new Set(placeholders.espAccount.values.map(fold));

/** Letters and digits only (any script), lower-cased. */
const alnum = (v: string): string => v.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** A value whose letters and digits are one character, repeated (or that has none at all). */
export function isRepeatedCharacter(v: string): boolean {
  const a = alnum(v);
  if (a.length === 0) return true;
  const first = a[0]!;
  for (let i = 1; i < a.length; i++) if (a[i] !== first) return false;
  return a.length > 1;
}

function isPlaceholder(v: string, own: ReadonlySet<string>): boolean {
  const f = fold(v);
  return ANY.has(f) || own.has(f) || isRepeatedCharacter(f);
}

const EMAIL = z.regexes.email;

/** A lower-cased email that may link reports. */
export function emailIdentifies(email: string): boolean {
  if (email.length > 254 || !EMAIL.test(email)) return false;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  return !ANY.has(email) && !EMAIL_LOCAL.has(local) && !EMAIL_DOMAIN.has(domain) && !isRepeatedCharacter(local);
}

/** An E.164 phone that may link reports; its national part is checked against the placeholders. */
export function phoneIdentifies(e164: string, nationalNumber?: string): boolean {
  if (!/^\+[1-9]\d{6,14}$/.test(e164)) return false;
  const national = nationalNumber ?? (e164.startsWith('+91') ? e164.slice(3) : e164.slice(1));
  return !PHONE_NATIONAL.has(national) && !isRepeatedCharacter(national) && !isRepeatedCharacter(e164.slice(1));
}

/** The Luhn check over a digit string (the last digit is the check digit). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The digit that makes `body` + digit pass the Luhn check (an IMEI's 15th digit). */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return String(d);
  return '0'; // unreachable: one of the ten digits always completes the sum
}

const HEX = /^[0-9a-f]+$/;

/** A device ID ("type:value", type lower-cased) that may link reports. */
export function deviceIdentifies(device: string): boolean {
  const colon = device.indexOf(':');
  const type = alnum(colon < 0 ? 'unknown' : device.slice(0, colon));
  const value = colon < 0 ? device : device.slice(colon + 1);
  if (isPlaceholder(value, DEVICE)) return false;
  const a = alnum(value);
  switch (type) {
    case 'imei':
      return /^\d+$/.test(a) && (a.length === 14 || a.length === 16 || (a.length === 15 && luhnValid(a)));
    case 'meid':
      return (a.length === 14 && HEX.test(a)) || (a.length === 18 && /^\d+$/.test(a));
    case 'mac':
    case 'macaddress':
      return a.length === 12 && HEX.test(a);
    case 'idfa':
    case 'idfv':
    case 'aaid':
    case 'gaid':
    case 'uuid':
    case 'advertisingid':
      return a.length === 32 && HEX.test(a);
    default:
      return a.length >= 6;
  }
}

/** An ESP account ("company:account" or "company:screen:name") whose account part may link reports. */
export function espAccountIdentifies(account: string): boolean {
  const colon = account.indexOf(':');
  let name = colon < 0 ? account : account.slice(colon + 1);
  if (name.startsWith('screen:')) name = name.slice('screen:'.length);
  return name.trim() !== '' && !isPlaceholder(name, ESP);
}
