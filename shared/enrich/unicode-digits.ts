/**
 * Decimal digits of any script (Devanagari ०-९, Bengali, Arabic-Indic, full-width, …) as ASCII 0-9, so a
 * phone written in Hindi parses instead of losing its digits. Unicode lays each script's digits out as a run
 * of ten code points from zero (the mathematical digits as five such runs back to back), so a digit's value
 * is its distance from the start of its run of decimal digits, modulo ten.
 */
const DECIMAL = /\p{Nd}/u;
const NON_ASCII_DIGIT = /[^\x00-\x7f]/;

function digitValue(cp: number): number {
  let start = cp;
  while (start > 0 && DECIMAL.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

const cache = new Map<number, string>();

/** The text with every Unicode decimal digit replaced by its ASCII digit; other characters unchanged. */
export function asciiDigits(text: string): string {
  if (!NON_ASCII_DIGIT.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || !DECIMAL.test(ch)) {
      out += ch;
      continue;
    }
    let d = cache.get(cp);
    if (d === undefined) cache.set(cp, (d = String(digitValue(cp))));
    out += d;
  }
  return out;
}
