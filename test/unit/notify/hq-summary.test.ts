import { renderHqSummary } from '../../../shared/notify/hq-summary.js';
import { hqCases, hqInput } from './hq-input.js';
import { hqCaseLists } from '../../../shared/notify/hq-case-lists.js';

/** The text lines of one section, from its heading to the next blank line. */
function section(text: string, heading: RegExp): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('renderHqSummary', () => {
  const email = renderHqSummary(hqInput());

  it('puts totals and the fallback in the subject', () => {
    expect(email.subject).toBe(
      '[Tipline] HQ summary — batch b-20261002-0001: 12 received, 3 actionable, 1 review, 4 not actionable, 2 rejected, 1 district fell back to HQ',
    );
  });

  it('gives totals that add up on their face (duplicates shown where they are counted), actionable by priority', () => {
    const totals = section(email.text, /^TOTALS$/);
    expect(totals).toContain('Received: 12 = 10 valid + 2 rejected');
    expect(totals).toContain('Valid: 10 reports, of which 1 duplicates (already assigned in an earlier batch)');
    expect(totals).toContain('Cases: 8 = 3 actionable + 1 review + 4 not actionable + 0 duplicate');
    expect(totals).toContain('Actionable: 3 (P1 1, P2 1, P3 1)');
    expect(totals).toContain('Not actionable: 4 = 3 out of state + 1 other');
    // Every "a = b + c …" line adds up.
    for (const line of totals.filter((l) => l.includes(' = '))) {
      const [whole, parts] = line.split(' = ');
      const sum = parts!.split(' + ').reduce((n, p) => n + Number(/^\d+/.exec(p)![0]), 0);
      expect([line, Number(/\d+/.exec(whole!)![0])]).toEqual([line, sum]);
    }
    expect(totals.join('\n')).not.toContain('WARNING');
  });

  it('warns when received is not valid + rejected', () => {
    const input = hqInput();
    const broken = renderHqSummary({ ...input, counts: { ...input.counts, received: 13 } });
    const dup = renderHqSummary({ ...input, counts: { ...input.counts, cases: input.counts.cases + 2 } });
    expect(dup.text).toContain(`+ 2 duplicate`);
    expect(broken.text).toContain('WARNING: received (13) is not valid + rejected (12)');
  });

  it('lists districts that fell back to HQ, with the reason, and marks them in the district list', () => {
    expect(section(email.text, /^DISTRICTS THAT FELL BACK TO HQ/)).toEqual([
      'DISTRICTS THAT FELL BACK TO HQ (1)',
      'These districts have no valid recipient; their digests were sent to HQ. Forward them and fix the recipient directory.',
      'Damoh: no recipient configured for district Damoh',
    ]);
    expect(section(email.text, /^DISTRICTS \(/)).toEqual([
      'DISTRICTS (2)',
      'Indore: 2 cases (P1 1, P2 0, P3 1) → Commissioner of Police, Indore',
      'Damoh: 1 case (P1 0, P2 1, P3 0) → HQ (fallback: no recipient configured for district Damoh)',
    ]);
    expect(email.html).toContain('Districts that fell back to HQ (1)');
  });

  it('has no fallback section when every district had its recipient', () => {
    const input = hqInput();
    const clean = renderHqSummary({ ...input, districts: input.districts.filter((d) => !d.fellBackToHq) });
    expect(clean.text).not.toContain('FELL BACK');
    expect(clean.subject).not.toContain('fell back');
  });

  it('groups out-of-state cases by where they point, for forwarding, apart from other not-actionable ones', () => {
    expect(section(email.text, /^OUT OF STATE/)).toEqual([
      'OUT OF STATE, FOR FORWARDING (3)',
      'Evidence places these suspects outside Madhya Pradesh. Forward them to the jurisdiction shown.',
      'Maharashtra (2 cases):',
      '  c-mh2 [P1] no district — outside Madhya Pradesh — 1 report',
      '  c-mh1 [P2] no district — outside Madhya Pradesh — 1 report',
      'Uttar Pradesh (1 case):',
      '  c-up1 [P2] no district — outside Madhya Pradesh — 1 report',
    ]);
    expect(section(email.text, /^NOT ACTIONABLE \(/)).toEqual([
      'NOT ACTIONABLE (1)',
      'c-none [P2] no district — no usable location — 1 report',
    ]);
  });

  it('lists the review queue and rejected records with their errors', () => {
    expect(section(email.text, /^REVIEW QUEUE/)).toContain('c-rev1 [P3] Sagar — content not viewed by the ESP — 1 report');
    expect(section(email.text, /^REJECTED RECORDS/)).toEqual([
      'REJECTED RECORDS (2)',
      'line 4 report 128765431 — report.incidentSummary.incidentDateTime: required',
      'line 9 — reportId: required; report.incidentSummary.incidentType: required',
    ]);
  });

  it('cuts long lists with "and N more"', () => {
    const input = hqInput();
    const many = Array.from({ length: 8 }, (_, i) => ({ ...hqCases()[0]!, caseId: `c-r${i}` }));
    const cut = renderHqSummary({ ...input, lists: hqCaseLists(many, 3), rejectedTotal: 40, maxListed: 3 });
    const review = section(cut.text, /^REVIEW QUEUE/);
    expect(review.filter((l) => l.startsWith('c-r'))).toHaveLength(3);
    expect(review).toContain('and 5 more (see summary file)');
    expect(section(cut.text, /^REJECTED RECORDS/)).toContain('and 38 more (see rejected records file)');
    expect(cut.html).toContain('and 5 more (see summary file)');
  });

  it('escapes hostile values from reports and keeps them on one line', () => {
    const input = hqInput();
    const hostile = renderHqSummary({
      ...input,
      batchRef: '<script>alert(1)</script>',
      lists: hqCaseLists([{ ...hqCases()[1]!, elsewhere: '"><img src=x onerror=alert(1)>\nGoa' }], 50),
      rejected: [{ position: 'line 2', reportId: '<b>1</b>', errors: [{ path: 'x', message: 'unknown incident type "<script>"' }] }],
    });
    expect(hostile.html).not.toMatch(/<script|<img|<b>/);
    expect(hostile.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Goa (1 case):');
    // A rejected record's text is never shown, quoted or not: the message keeps its rule, the quote is cut.
    expect(hostile.html).toContain('unknown incident type &quot;…&quot;');
    expect(hostile.text).not.toContain('<b>1</b>');
    expect(hostile.text).toContain('"><img src=x onerror=alert(1)> Goa (1 case):');
  });
});

describe('renderHqSummary with the portal', () => {
  const url = 'https://portal.tipline.example/review?batch=b-20261002-0001';
  const email = renderHqSummary({ ...hqInput(), reviewUrl: url });

  it('links to the review queue in the portal, in both versions, and says the link needs a sign-in', () => {
    expect(email.text).toContain(url);
    expect(email.html).toContain(`href="https://portal.tipline.example/review?batch=b-20261002-0001"`);
    expect(email.text).toContain('The link needs you to sign in');
  });

  it('sends the reader of a cut review list to the portal, not to a file', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ ...hqCases()[0]!, caseId: `c-r${i}` }));
    const cut = renderHqSummary({ ...hqInput(), reviewUrl: url, lists: hqCaseLists(many, 3) });
    expect(cut.text).toContain('and 5 more (see the review queue in the portal)');
  });
});
