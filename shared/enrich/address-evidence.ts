/**
 * Evidence from the suspect's postal addresses (first in docs/design.md §5's order). An address counts for MP when
 * its state says Madhya Pradesh (nonUsaState, or `state` read the same way), or, with no readable state, its
 * PIN is 45xxxx–48xxxx, or the city/street text itself ends in ", MP" / "Madhya Pradesh". The district comes
 * from the city, else from the comma-separated parts of the street line (exact names only). An address whose
 * country, state or Indian PIN says elsewhere is out-of-country / out-of-state evidence. The state is read
 * before the PIN: a typed state is more deliberate than a PIN that may be a typo.
 */
import type { Address, CanonicalReport } from '../model/canonical-report.js';
import { countryName, normalizeCountry } from './country.js';
import type { Evidence } from './evidence.js';
import { gazetteerKeys, matchPlace } from './gazetteer.js';
import { matchIndianState, parsePin } from './indian-state.js';
import { placeKey } from './place-key.js';

const PIN_IN_TEXT = /(?:^|\D)([1-8]\d{2}\s?\d{3})(?!\d)/;

/** A district named by one of the comma-separated parts of a street line, last part first. */
function districtInStreet(line: string): string | undefined {
  const names = gazetteerKeys();
  const parts = line.split(/[,\n;]/);
  for (let i = parts.length - 1; i >= 0; i--) {
    const { key } = placeKey(parts[i] as string);
    const district = key ? names.get(key) : undefined;
    if (district) return district;
  }
  return undefined;
}

function fromAddress(a: Address): Evidence | undefined {
  const country = normalizeCountry(a.country);
  if (country !== undefined && country !== 'IN') {
    return { source: 'address', kind: 'elsewhere', scope: 'country', where: countryName(country) };
  }
  const city = a.city ? matchPlace(a.city) : undefined;
  const lastPart = a.address?.split(/[,\n;]/).pop()?.replace(/\d/g, '');
  const street = lastPart ? placeKey(lastPart) : undefined;
  const state = matchIndianState(a.nonUsaState) ?? matchIndianState(a.state) ?? matchIndianState(lastPart);
  const pin = parsePin(a.zipCode) ?? (a.address ? parsePin(PIN_IN_TEXT.exec(a.address)?.[1]) : undefined);

  let inMp: boolean;
  if (state) inMp = state.isMp;
  else if (pin && (pin.isMp || country === 'IN')) inMp = pin.isMp;
  else if (city?.mentionsMp || street?.mentionsMp) inMp = true;
  else return undefined;

  if (!inMp) {
    const where = state?.name ?? pin?.state ?? 'India (PIN outside Madhya Pradesh)';
    return { source: 'address', kind: 'elsewhere', scope: 'state', where };
  }
  const district = city?.district ?? (a.address ? districtInStreet(a.address) : undefined);
  return district ? { source: 'address', kind: 'district', district } : { source: 'address', kind: 'mp' };
}

export function addressEvidence(report: CanonicalReport): Evidence[] {
  const found: Evidence[] = [];
  for (const suspect of report.report.personOrUserReported ?? []) {
    for (const a of suspect.personOrUserReportedPerson?.address ?? []) {
      const e = fromAddress(a);
      if (e) found.push(e);
    }
  }
  return found;
}
