/**
 * The linking keys of a report (docs/design.md §5 "Cases"): emails, phones, device IDs and ESP accounts, typed and
 * namespaced so an email can never collide with a screen name. IPs are never keys: under carrier-grade NAT
 * thousands of unrelated subscribers share one address. Only identifiers that identify become keys: valid for
 * their kind and not a placeholder (enrich/identifier-validity.ts); the others stay on the report, linking nothing.
 *
 * Enrich already normalises identifiers; the keys re-canonicalise cheaply anyway, because a key that is not
 * canonical fails silently (two reports of one suspect stay two cases).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { EnrichedReport } from '../model/enriched-report.js';
import { deviceIdentifies, emailIdentifies, espAccountIdentifies, phoneIdentifies } from '../enrich/identifier-validity.js';
import { asciiDigits } from '../enrich/unicode-digits.js';
import { sha256Hex } from './sha256.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/** E.164 for a phone; the fast path keeps libphonenumber out of the common (already normalised) case. */
export function canonicalPhone(raw: string): string | null {
  if (E164.test(raw)) return raw;
  if (raw.startsWith('raw:')) return null; // Enrich could not parse it either
  const compact = asciiDigits(raw).replace(/[\s().\-/]/g, '');
  if (E164.test(compact)) return compact;
  const digits = compact.replace(/\D/g, '');
  if (digits.length < 6) return null;
  const parsed = parsePhoneNumberFromString(compact.startsWith('00') ? `+${compact.slice(2)}` : compact, 'IN');
  // A number that does not parse to a valid E.164 identifies nobody for certain: it links nothing.
  return parsed?.isValid() ? parsed.number : null;
}

/** `company:account` with the company folded (ESP names vary in case), the account kept as given. */
function canonicalEspAccount(raw: string): string {
  const s = raw.trim();
  const colon = s.indexOf(':');
  return colon < 0 ? s : `${s.slice(0, colon).trim().toLowerCase()}:${s.slice(colon + 1).trim()}`;
}

/** The report's linking keys, unique, in a stable order: `email:`, `phone:`, `device:`, `esp:`. */
export function identifierKeys(report: EnrichedReport): string[] {
  const { emails, phones, devices, espAccounts } = report.identifiers;
  // A plain array, not a Set: a report has a handful of keys, and this runs for every report of a batch.
  const keys: string[] = [];
  const add = (key: string): void => {
    if (!keys.includes(key)) keys.push(key);
  };
  for (const e of emails) {
    const v = e.trim().toLowerCase();
    if (v && emailIdentifies(v)) add(`email:${v}`);
  }
  for (const p of phones) {
    const v = canonicalPhone(p);
    if (v && phoneIdentifies(v)) add(`phone:${v}`);
  }
  for (const d of devices) {
    // IMEIs are digits; MACs, UUIDs and advertising IDs are hex whose case means nothing.
    const v = d.trim().toLowerCase();
    if (v && !v.endsWith(':') && deviceIdentifies(v)) add(`device:${v}`);
  }
  for (const a of espAccounts) {
    const v = canonicalEspAccount(a);
    if (v && !v.endsWith(':') && espAccountIdentifies(v)) add(`esp:${v}`);
  }
  return keys;
}

/** The identifier index's key: SHA-256 hex of the identifier key, so the index holds no raw identifier. */
export function indexKey(identifierKey: string): string {
  return sha256Hex(identifierKey);
}
