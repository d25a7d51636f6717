/**
 * Country values as reports carry them: ISO alpha-2 ("IN"), sometimes alpha-3 or a name ("India", "USA").
 * The schema's pseudo-codes A1 (anonymous proxy), A2 (satellite), O1 (other), AP and EU name no country
 * and are read as absent (REFERENCE §1.8).
 */
import { foldKey } from './place-key.js';

const PSEUDO = new Set(['A1', 'A2', 'O1', 'AP', 'EU']);
const NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
const EXTRA: Record<string, string> = {
  ind: 'IN', bharat: 'IN', usa: 'US', unitedstatesofamerica: 'US', uk: 'GB', uae: 'AE', nepal: 'NP',
  pak: 'PK', bgd: 'BD', lka: 'LK', npl: 'NP', gbr: 'GB', are: 'AE', can: 'CA', aus: 'AU', deu: 'DE',
};

const KNOWN = new Set<string>();
/** Folded English name → alpha-2, built once from ICU's region names. */
const BY_NAME = (() => {
  const map = new Map<string, string>(Object.entries(EXTRA));
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      if (PSEUDO.has(code)) continue;
      const name = NAMES.of(code);
      if (name && name !== code && name !== 'Unknown Region') {
        KNOWN.add(code);
        map.set(foldKey(name), code);
      }
    }
  }
  return map;
})();

const ALPHA2 = /^[A-Za-z]{2}$/;

/** ISO alpha-2 upper-case, or undefined for blank, pseudo-codes and text we cannot read as a country. */
export function normalizeCountry(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.trim();
  if (ALPHA2.test(t)) {
    const code = t.toUpperCase();
    return KNOWN.has(code) ? code : undefined;
  }
  return BY_NAME.get(foldKey(t));
}

const NAME_OF = new Map<string, string>();

/** English name of an alpha-2 code ("NP" → "Nepal"); the code itself when ICU has none. */
export function countryName(code: string): string {
  let name = NAME_OF.get(code);
  if (name === undefined) {
    const icu = NAMES.of(code);
    name = icu && icu !== 'Unknown Region' ? icu : code;
    NAME_OF.set(code, name);
  }
  return name;
}
