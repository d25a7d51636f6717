import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../shared/errors.js';
import { directoryProblems, isPlaceholderAddress, loadRecipientDirectory, recipientFor } from '../../../shared/notify/recipients.js';

const districtNames = (JSON.parse(readFileSync('data/mp-districts.json', 'utf8')) as { name: string }[]).map((d) => d.name);

const override = (districts: Record<string, unknown>): string =>
  JSON.stringify({ hq: { title: 'State Cyber Cell HQ', email: 'hq@cell.example' }, districts });

describe('shipped recipient directory', () => {
  const directory = loadRecipientDirectory();

  it('has a valid recipient for each of the 55 districts, and nothing else', () => {
    expect(districtNames).toHaveLength(55);
    expect(Object.keys(directory.districts).sort()).toEqual([...districtNames].sort());
    for (const name of districtNames) {
      const recipient = recipientFor(directory, name);
      expect(recipient.fellBackToHq).toBe(false);
      expect(recipient.to).toMatch(/^[a-z0-9-]+@mppolice\.example$/);
    }
  });

  it('sends Bhopal and Indore to the Commissioner of Police, with the SP (Rural) as alternate', () => {
    for (const city of ['Bhopal', 'Indore']) {
      const recipient = recipientFor(directory, city);
      expect(recipient.title).toBe(`Commissioner of Police, ${city}`);
      expect(recipient.alternate?.title).toBe(`Superintendent of Police (Rural), ${city}`);
      expect(recipient.alternate?.to).not.toBe(recipient.to);
    }
  });

  it('sends other districts to their SP, without alternate', () => {
    const recipient = recipientFor(directory, 'Agar Malwa');
    expect(recipient).toEqual({ to: 'sp-agar-malwa@mppolice.example', title: 'Superintendent of Police, Agar Malwa', fellBackToHq: false });
  });

  it('matches a district name ignoring case and spacing', () => {
    expect(recipientFor(directory, 'agar-malwa').to).toBe('sp-agar-malwa@mppolice.example');
  });
});

describe('recipient fallback to HQ', () => {
  it('falls back when the district is missing, and says why', () => {
    const directory = loadRecipientDirectory(override({ Sagar: { title: 'SP Sagar', email: 'sp@sagar.example' } }));
    const recipient = recipientFor(directory, 'Damoh');
    expect(recipient).toMatchObject({ to: 'hq@cell.example', title: 'State Cyber Cell HQ', fellBackToHq: true });
    expect(recipient.reason).toContain('no recipient configured for district Damoh');
    expect(recipientFor(directory, 'Sagar')).toMatchObject({ to: 'sp@sagar.example', fellBackToHq: false });
  });

  it.each([['not-an-email'], [''], ['sp@'], ['a b@x.example']])('falls back when the email is invalid (%p)', (email) => {
    const directory = loadRecipientDirectory(override({ Damoh: { title: 'SP Damoh', email } }));
    const recipient = recipientFor(directory, 'Damoh');
    expect(recipient.fellBackToHq).toBe(true);
    expect(recipient.to).toBe('hq@cell.example');
    expect(recipient.reason).toMatch(/invalid/);
  });

  it('falls back when the entry is null', () => {
    const directory = loadRecipientDirectory(override({ Damoh: null }));
    expect(recipientFor(directory, 'Damoh').fellBackToHq).toBe(true);
  });

  it('drops an invalid alternate but keeps the valid primary', () => {
    const directory = loadRecipientDirectory(
      override({ Bhopal: { title: 'CP Bhopal', email: 'cp@bhopal.example', alternate: { title: 'SP (Rural)', email: 'nope' } } }),
    );
    const recipient = recipientFor(directory, 'Bhopal');
    expect(recipient).toEqual({ to: 'cp@bhopal.example', title: 'CP Bhopal', fellBackToHq: false });
  });
});

describe('a stored directory (JSON) read at send time', () => {
  it('replaces the shipped directory', () => {
    const directory = loadRecipientDirectory(override({ Indore: { title: 'CP Indore', email: 'cp@indore.example' } }));
    expect(recipientFor(directory, 'Indore').to).toBe('cp@indore.example');
    expect(directory.hq.email).toBe('hq@cell.example');
  });

  it('is ignored when empty', () => {
    expect(recipientFor(loadRecipientDirectory('  '), 'Indore').to).toBe('cp-indore@mppolice.example');
  });

  it('throws a ConfigError when it is not JSON', () => {
    expect(() => loadRecipientDirectory('{ not json')).toThrow(ConfigError);
    expect(() => loadRecipientDirectory('{ not json')).toThrow(/recipient directory is not valid JSON/);
  });

  it('throws when HQ is missing or its email is invalid', () => {
    expect(() => loadRecipientDirectory(JSON.stringify({ districts: {} }))).toThrow(/stored recipient directory.*hq/);
    expect(() => loadRecipientDirectory(JSON.stringify({ hq: { title: 'HQ', email: 'bad' }, districts: {} }))).toThrow(
      /hq\.email/,
    );
  });

  it('throws when a district entry has the wrong shape', () => {
    expect(() => loadRecipientDirectory(override({ Indore: { email: 'cp@indore.example' } }))).toThrow(/districts\.Indore\.title/);
  });
});

describe('what `tipline recipients load` accepts (directoryProblems)', () => {
  const full = (email: (slug: string) => string) => ({
    hq: { title: 'State Cyber Cell HQ', email: email('hq') },
    districts: Object.fromEntries(districtNames.map((d) => [d, { title: `SP ${d}`, email: email(d.toLowerCase().replace(/\W+/g, '-')) }])),
  });
  const real = full((slug) => `sp-${slug}@mppolice.gov.in`);

  it('accepts all 55 districts with valid addresses', () => {
    expect(directoryProblems(real, { demo: false })).toEqual([]);
  });

  it('names the districts missing, and a district that is not one of MP', () => {
    const { Damoh: _d, Sagar: _s, ...rest } = real.districts;
    const problems = directoryProblems({ ...real, districts: { ...rest, Atlantis: { title: 'SP', email: 'sp@atlantis.gov.in' } } }, { demo: false });
    expect(problems).toEqual([
      expect.stringMatching(/2 of 55 districts missing: .*Sagar.*Damoh|2 of 55 districts missing: .*Damoh.*Sagar/),
      expect.stringMatching(/not a Madhya Pradesh district .*Atlantis/),
    ]);
  });

  it('names a bad address or a null district', () => {
    const problems = directoryProblems({ ...real, districts: { ...real.districts, Indore: { title: 'CP', email: 'not-an-address' }, Dhar: null } }, { demo: false });
    expect(problems.join('\n')).toMatch(/districts\.Indore\.email/);
    expect(problems.join('\n')).toMatch(/districts\.Dhar/);
  });

  it('refuses placeholder addresses in production, allows them in a demo', () => {
    const shipped = full((slug) => `sp-${slug}@mppolice.example`);
    expect(directoryProblems(shipped, { demo: false })).toEqual([expect.stringMatching(/placeholder addresses .*hq\.email, districts\.Bhopal\.email/)]);
    expect(directoryProblems(shipped, { demo: true })).toEqual([]);
  });

  it('says what a directory is when given something else (a batch file)', () => {
    expect(directoryProblems([{ reportId: '1' }], { demo: true })).toEqual([expect.stringMatching(/^\(root\): expected an object with "hq"/)]);
  });

  it('knows the reserved domains', () => {
    for (const a of ['a@x.example', 'a@example.com', 'a@mail.example.org', 'a@host.test', 'a@b.invalid', 'a@localhost', '', 'nope']) expect(isPlaceholderAddress(a)).toBe(true);
    for (const a of ['sp-indore@mppolice.gov.in', 'a@example.gov.in', 'a@myexample.com']) expect(isPlaceholderAddress(a)).toBe(false);
  });
});
