import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { normalizePhone } from '../../../shared/enrich/phone.js';

describe('normalizePhone', () => {
  it.each([
    ['+91 98765 43210', undefined],
    ['+91-98765-43210', undefined],
    ['(+91) 98765 43210', undefined],
    ['098765 43210', undefined],
    ['09876543210', undefined],
    ['9876543210', undefined],
    ['98765-43210', undefined],
    ['0091 98765 43210', undefined],
    ['919876543210', undefined],
    ['9876543210', '+91'],
    ['9876543210', '91'],
    ['09876543210', '+91'],
    ['+919876543210', '+91'],
    ['919876543210', '+91'], // calling code repeated in the number despite the schema rule
    ['+91 9876543210', '+1'], // an explicit "+" wins over the attribute
  ])('%s (calling code %s) → +919876543210', (value, cc) => {
    expect(normalizePhone(value, cc)).toBe('+919876543210');
  });

  it.each([
    ['0755 255 1234', undefined, '+917552551234'], // Bhopal landline with trunk 0
    ['+1 650-253-0000', undefined, '+16502530000'],
    ['6502530000', '+1', '+16502530000'],
    ['+977 1-4411111', undefined, '+97714411111'],
  ])('%s (%s) → %s', (value, cc, e164) => {
    expect(normalizePhone(value, cc)).toBe(e164);
  });

  it('keeps numbers libphonenumber rejects as raw digits, and drops near-empty ones', () => {
    expect(normalizePhone('1234567')).toBe('raw:1234567');
    expect(normalizePhone('12-34-56-78-90-12-34')).toBe('raw:12345678901234');
    expect(normalizePhone('12345')).toBeUndefined();
    expect(normalizePhone('n/a')).toBeUndefined();
  });

  it('gives the same answer as libphonenumber for Indian mobile numbers (the fast path)', () => {
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const forms = [(n: string) => n, (n: string) => `0${n}`, (n: string) => `+91 ${n.slice(0, 5)} ${n.slice(5)}`, (n: string) => `91${n}`];
    for (let i = 0; i < 2000; i++) {
      const national = String(1 + (next() % 9)) + String(next() % 1e9).padStart(9, '0');
      const text = forms[i % forms.length]!(national);
      const lib = parsePhoneNumberFromString(text.replace(/\s/g, ''), { defaultCountry: 'IN' });
      const expected = lib?.isValid() ? lib.number : undefined;
      const got = normalizePhone(text);
      if (expected) expect(got).toBe(expected);
      else expect(got?.startsWith('raw:')).toBe(true);
    }
  });
});
