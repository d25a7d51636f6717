/**
 * Folding of place names to matching keys. Names arrive typed by people and exported by tools:
 * "INDORE", " gwalior ", "Khandwa (East Nimar)", "Bhopal, M.P.", "Distt. Sehore", "Ashok Nagar".
 * The key keeps only ASCII letters and digits, so case, spacing and punctuation never matter.
 */

/** Letters and digits only, lower-case, diacritics removed: the key every name table is indexed by. */
export function foldKey(text: string): string {
  let s = text.toLowerCase();
  // Only pay for Unicode decomposition when there is something non-ASCII to decompose.
  if (/[^\x00-\x7f]/.test(s)) s = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return s.replace(/[^a-z0-9]/g, '');
}

export interface PlaceKey {
  /** The folded name without state suffixes, parentheticals or "district" words; '' when nothing is left. */
  key: string;
  /** The text itself said Madhya Pradesh (", MP", "(M.P.)", "Madhya Pradesh"). */
  mentionsMp: boolean;
}

const MP_KEYS = new Set(['mp', 'madhyapradesh']);
// A trailing state, country, PIN or "district"/"city" word, after a separator (or alone).
const TRAILER = /(?:^|[\s,./:;-]+)(madhya\s*pradesh|m\s*\.?\s*p\s*\.?|india|bharat|district|distt\.?|dist\.?|city|\d{3}\s?\d{3})\s*\.?$/;
const LEADER = /^(?:district|distt\.?|dist\.?|city)[\s.:,-]+/;
const PAREN = /\(([^)]*)\)/g;

/** Strips what is not the place name itself: "Khandwa (East Nimar)" → khandwa, "Indore, MP" → indore. */
export function placeKey(text: string): PlaceKey {
  let mentionsMp = false;
  let s = text.toLowerCase().trim();
  if (s.includes('(')) {
    let inner = '';
    s = s.replace(PAREN, (_m, group: string) => {
      const folded = foldKey(group);
      if (MP_KEYS.has(folded)) mentionsMp = true;
      else inner ||= group;
      return ' ';
    }).trim();
    // "(Indore)" alone: the parenthesis was the name.
    if (!foldKey(s) && inner) s = inner.trim();
  }
  for (let m = TRAILER.exec(s); m; m = TRAILER.exec(s)) {
    if (MP_KEYS.has(foldKey(m[1] ?? ''))) mentionsMp = true;
    s = s.slice(0, m.index);
  }
  s = s.replace(LEADER, '');
  return { key: foldKey(s), mentionsMp };
}
