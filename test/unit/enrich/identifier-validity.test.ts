import {
  deviceIdentifies,
  emailIdentifies,
  espAccountIdentifies,
  isRepeatedCharacter,
  luhnCheckDigit,
  luhnValid,
  phoneIdentifies,
} from '../../../shared/enrich/identifier-validity.js';
import { normalizePhone } from '../../../shared/enrich/phone.js';
import { asciiDigits } from '../../../shared/enrich/unicode-digits.js';
import placeholders from '../../../data/placeholder-identifiers.json' with { type: 'json' };

describe('identifier validity (docs/design.md §5 "Identifiers")', () => {
  it('accepts real-looking emails and refuses bad syntax and placeholders', () => {
    for (const ok of ['raj.k9@mail.example', 'a@x.example', 'sonu_99+tag@gmail.com']) expect(emailIdentifies(ok)).toBe(true);
    for (const bad of ['x@@bad', 'n/a', 'none', '@mail.example', 'raj@', 'raj@localhost', 'a b@mail.example']) {
      expect(emailIdentifies(bad)).toBe(false);
    }
    for (const placeholder of ['test@gmail.com', 'noreply@esp.example', 'someone@example.com', 'none@none.com', 'xxxx@mail.example']) {
      expect(emailIdentifies(placeholder)).toBe(false);
    }
  });

  it('links only E.164 phones that are not placeholders or one repeated digit', () => {
    expect(phoneIdentifies('+919732952977')).toBe(true);
    expect(phoneIdentifies('+447911123456')).toBe(true);
    for (const bad of ['raw:0000000000', '+910000000000', '+911234567890', '+919999999999', '9732952977', '']) {
      expect(phoneIdentifies(bad)).toBe(false);
    }
  });

  it('checks the IMEI Luhn digit, and the length and form of other device IDs', () => {
    expect(luhnValid('356938035643809')).toBe(true);
    expect(luhnValid('356938035643808')).toBe(false);
    expect(luhnCheckDigit('35693803564380')).toBe('9');
    expect(deviceIdentifies('imei:356938035643809')).toBe(true);
    expect(deviceIdentifies('imei:35-693803-564380-9')).toBe(true);
    expect(deviceIdentifies('imei:356938035643808')).toBe(false);
    expect(deviceIdentifies('imei:000000000000000')).toBe(false);
    expect(deviceIdentifies('imei:123456789012345')).toBe(false);
    expect(deviceIdentifies('mac:3c:5a:b4:01:02:03')).toBe(true);
    expect(deviceIdentifies('mac:00:00:00:00:00:00')).toBe(false);
    expect(deviceIdentifies('mac:3c:5a:b4')).toBe(false);
    expect(deviceIdentifies('idfa:6d92078a-8246-4ba4-ae5b-76104861e7dc')).toBe(true);
    expect(deviceIdentifies('idfa:00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(deviceIdentifies('unknown:n/a')).toBe(false);
    expect(deviceIdentifies('unknown:AB12CD34')).toBe(true);
  });

  it('refuses placeholder ESP accounts and screen names, keeping real ones', () => {
    expect(espAccountIdentifies('examplechat:u-81723')).toBe(true);
    expect(espAccountIdentifies('examplechat:screen:neo_99')).toBe(true);
    for (const bad of ['examplechat:unknown', 'examplechat:N/A', 'examplechat:screen:null', 'examplechat:0000', 'examplechat:  ']) {
      expect(espAccountIdentifies(bad)).toBe(false);
    }
  });

  it('treats a value of one repeated letter or digit as a placeholder, separators ignored', () => {
    expect(isRepeatedCharacter('00:00:00:00')).toBe(true);
    expect(isRepeatedCharacter('xxxxxx')).toBe(true);
    expect(isRepeatedCharacter('---')).toBe(true);
    expect(isRepeatedCharacter('a')).toBe(false);
    expect(isRepeatedCharacter('ab')).toBe(false);
  });

  it('reads the placeholder lists from data/placeholder-identifiers.json', () => {
    expect(placeholders.anyKind).toEqual(expect.arrayContaining(['n/a', 'none', 'null', 'unknown']));
    for (const value of placeholders.anyKind) {
      expect(emailIdentifies(value)).toBe(false);
      expect(espAccountIdentifies(`esp:${value}`)).toBe(false);
    }
  });
});

describe('Unicode digits', () => {
  it('reads Devanagari, Bengali, Arabic-Indic and full-width digits as ASCII', () => {
    expect(asciiDigits('९८७६५४३२१०')).toBe('9876543210');
    expect(asciiDigits('৯৭৩২৯৫২৯৭৭')).toBe('9732952977');
    expect(asciiDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(asciiDigits('９７３２９５２９７７')).toBe('9732952977');
    expect(asciiDigits('+91 97329-52977 x')).toBe('+91 97329-52977 x');
  });

  it('parses a phone written in Devanagari digits instead of dropping them', () => {
    expect(normalizePhone('९७३२९५२९७७')).toBe('+919732952977');
    expect(normalizePhone('+९१ ९७३२९ ५२९७७')).toBe('+919732952977');
    expect(normalizePhone('९७३२९५२९७७', '+९१')).toBe('+919732952977');
  });
});

describe('plausibility in Enrich', () => {
  it('warns IMPLAUSIBLE_DATE for an incident more than a day after receivedAt, strips control characters, reads Devanagari phones', async () => {
    const { readFileSync } = await import('node:fs');
    const { readAll } = await import('../ingest/helpers.js');
    const { enrichReport } = await import('../../../shared/enrich/enrich-report.js');
    const { records } = await readAll(readFileSync(new URL('../../fixtures/hostile/implausible-values.jsonl', import.meta.url)), 'implausible-values.jsonl');
    const enriched = new Map(records.flatMap((r) => (r.ok ? [[r.report.reportId, enrichReport(r.report)] as const] : [])));
    expect(enriched.get('950000011')!.warnings).toContain('IMPLAUSIBLE_DATE');
    expect(enriched.get('950000012')!.warnings).not.toContain('IMPLAUSIBLE_DATE');
    expect(enriched.get('950000009')!.identifiers.phones).toEqual(['+919732952977']);
    const text = JSON.stringify(records);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(text).toContain('"address":"12 MG Road"');
  });
});
