import { readFileSync } from 'node:fs';
import { digestCase, renderDistrictDigest } from '../../../shared/notify/district-digest.js';
import { caseOf, indoreCases, ipEvent, report } from './build-cases.js';
import { indoreDigestInput } from './digest-input.js';

const EXPECTED_TEXT = 'test/fixtures/notify/district-digest-indore.txt';

describe('renderDistrictDigest', () => {
  const email = renderDistrictDigest(indoreDigestInput());

  it('renders the plain-text version exactly as the expected file', () => {
    expect(email.text).toBe(readFileSync(EXPECTED_TEXT, 'utf8'));
  });

  it('puts the counts by priority and the batch in the subject', () => {
    expect(email.subject).toBe('[Tipline] Indore: 4 actionable cases (P1 2, P2 1, P3 1) — batch b-20261002-0001');
  });

  it('lists P1 first, then P2, then P3, newest incident first within a priority, in both versions', () => {
    const order = ['c-ddd', 'c-bbb', 'c-ccc', 'c-aaa'];
    for (const body of [email.text, email.html]) {
      const positions = order.map((id) => body.indexOf(id));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
  });

  it('puts the links above the case cards, in both versions', () => {
    expect(email.text.indexOf('https://')).toBeGreaterThan(0);
    expect(email.text.indexOf('https://')).toBeLessThan(email.text.indexOf('c-ddd'));
    expect(email.html.indexOf('<a href=')).toBeGreaterThan(0);
    expect(email.html.indexOf('<a href=')).toBeLessThan(email.html.indexOf('c-ddd'));
  });

  it('says in words why each P1 and P2 case has its priority, and flags incidents dated after receipt', () => {
    const card = (body: string, id: string) => body.slice(body.indexOf(id), body.indexOf('\n\n', body.indexOf(id)));
    expect(card(email.text, 'c-bbb')).toMatch(/Why P1: +enticement, trafficking, sex tourism or molestation reported; NCMEC priority 1/);
    expect(card(email.text, 'c-ccc')).toMatch(/Why P2: +abuse material viewed and classified/);
    expect(card(email.text, 'c-aaa')).not.toContain('Why');
    expect(email.html).toContain('Why P2: <strong>abuse material viewed and classified by the company (A1/A2/B1/B2)</strong>');
    expect(card(email.text, 'c-ddd')).toContain('incident dated after the report was received (1 report): check the date');
    expect(card(email.text, 'c-bbb')).not.toContain('after the report was received');
  });

  it('orders independently of the input order', () => {
    const reversed = renderDistrictDigest({ ...indoreDigestInput(), cases: indoreCases().reverse().map(digestCase) });
    expect(reversed.text).toBe(email.text);
  });

  it('keeps identifiers, names and IPs out of both bodies', () => {
    for (const body of [email.text, email.html, email.subject]) {
      expect(body).not.toContain('suspect@mail.example');
      expect(body).not.toContain('9876543210');
      expect(body).not.toContain('dark_knight');
      expect(body).not.toContain('u-81723');
      expect(body).not.toContain('356938035643809');
      expect(body).not.toMatch(/\b49\.36\.10\.7\b|\b223\.182\.5\.6\b|\b106\.200\.1\.9\b/);
    }
  });

  it('links to the district page for the batch in the portal, never to an object, and uses no external resources or images', () => {
    expect(email.html).toContain('href="https://portal.tipline.example/districts/Indore/batches/b-20261002-0001"');
    expect(email.text).toContain('https://portal.tipline.example/districts/Indore/batches/b-20261002-0001');
    for (const body of [email.text, email.html]) expect(body).not.toMatch(/X-Amz-|amazonaws\.com|\.csv\b/);
    expect(email.text).toContain('The link needs you to sign in');
    expect(email.html).not.toMatch(/<img|<script|<link|<style|src=|url\(/i);
    expect(email.html).toContain('name="viewport"');
  });

  it('says when there is no P1 case and no ISP sheet', () => {
    const plain = renderDistrictDigest({
      ...indoreDigestInput(),
      cases: [caseOf({ caseId: 'c-one', priority: 'P3', reports: [report({ ipEvents: [] })] })].map(digestCase),
      ispSheets: [],
    });
    expect(plain.subject).toBe('[Tipline] Indore: 1 actionable case (P1 0, P2 0, P3 1) — batch b-20261002-0001');
    expect(plain.text).toContain('There is no P1 case in this batch.');
    expect(plain.text).toContain('No ISP request sheet');
  });

  it('cuts a long list after P1s and says how many more are in the full list', () => {
    const cases = Array.from({ length: 7 }, (_, i) =>
      caseOf({ caseId: `c-${i}`, priority: i < 2 ? 'P1' : 'P3', reports: [report({ reportId: `20000000${i}` })] }),
    );
    const cut = renderDistrictDigest({ ...indoreDigestInput(), cases: cases.map(digestCase), maxListed: 3 });
    expect(cut.text).toContain('c-0');
    expect(cut.text).toContain('c-1');
    expect(cut.text).toContain('and 4 more (see the full list in the portal)');
    expect(cut.html).toContain('and 4 more (see the full list in the portal)');
    expect(cut.subject).toContain('7 actionable cases (P1 2, P2 0, P3 5)');
  });
});

describe('renderDistrictDigest with hostile report values', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const IMG = '"><img src=x onerror=alert(1)>';
  const hostile = caseOf({
    caseId: `c-${IMG}`,
    reports: [
      report({
        identifiers: { emails: [], phones: [], devices: [], espAccounts: [`examplechat:${SCRIPT}`, `examplechat:${IMG}`] },
        ipEvents: [ipEvent({ isp: `Evil ${SCRIPT} ${IMG}` })],
      }),
    ],
  });
  const email = renderDistrictDigest({
    ...indoreDigestInput(),
    district: `Indore${SCRIPT}`,
    batchRef: IMG,
    cases: [digestCase(hostile)],
    ispSheets: [{ isp: `Evil ${SCRIPT} ${IMG}`, rows: 1 }],
    portalUrl: 'javascript:alert(1)',
  });

  it('never lets the raw markup through', () => {
    expect(email.html).not.toContain('<script');
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toMatch(/onerror=alert\(1\)>/);
  });

  it('shows the hostile case ID and batch reference escaped', () => {
    expect(email.html).toContain('c-&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(email.html).toContain('(ref &quot;&gt;&lt;img src=x onerror=alert(1)&gt;)');
  });

  it('shows the hostile ISP name escaped', () => {
    expect(email.html).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps the hostile screen name out of the body altogether', () => {
    expect(email.html).not.toContain('examplechat');
    expect(email.text).not.toContain('examplechat');
  });

  it('does not make a non-http URL clickable', () => {
    expect(email.html).not.toContain('javascript:');
    expect(email.html).not.toMatch(/href="(?!https?:)/);
  });

  it('keeps the subject on one line', () => {
    const injected = renderDistrictDigest({ ...indoreDigestInput(), district: 'Indore\r\nBcc: x@evil.example' });
    expect(injected.subject).not.toMatch(/[\r\n]/);
  });
});
