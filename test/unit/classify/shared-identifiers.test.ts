import { classifyBatch, noPriorKnowledge } from '../../../shared/classify/build-cases.js';
import { NO_IDS, buildReport, shuffled } from './build-report.js';

const DISTRICTS = ['Indore', 'Bhopal', 'Gwalior', 'Jabalpur', 'Dewas', 'Rewa'];
const groups = (cases: ReturnType<typeof classifyBatch>): string[][] => cases.map((c) => c.reportIds).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));

describe('shared identifiers (SHARED_IDENTIFIER)', () => {
  it('placeholder identifiers link nobody: each report is its own case in its own district', () => {
    const reports = DISTRICTS.map((district, i) =>
      buildReport(String(i + 1), {
        identifiers: { emails: ['n/a', 'x@@bad'], phones: ['raw:0000000000', '+910000000000'], devices: ['imei:000000000000000'], espAccounts: ['esp:unknown'] },
        location: { district },
      }),
    );
    const cases = classifyBatch('B1', reports, noPriorKnowledge());
    expect(groups(cases)).toEqual(DISTRICTS.map((_, i) => [String(i + 1)]));
    expect(cases.map((c) => c.district).sort()).toEqual([...DISTRICTS].sort());
    // A placeholder is no investigative identifier either.
    expect(cases.every((c) => c.reasons.includes('NO_IDENTIFIERS'))).toBe(true);
  });

  it('a valid identifier on reports in more than 3 districts links nothing and flags each case; the reports keep it', () => {
    const shop = '+919732952977';
    const reports = DISTRICTS.slice(0, 4).map((district, i) => buildReport(String(i + 1), { identifiers: { ...NO_IDS, emails: [`u${i}@mail.example`], phones: [shop] }, location: { district } }));
    const cases = classifyBatch('B1', reports, noPriorKnowledge());
    expect(groups(cases)).toEqual([['1'], ['2'], ['3'], ['4']]);
    for (const c of cases) {
      expect(c.reasons).toContain('SHARED_IDENTIFIER');
      expect(c.disposition).toBe('actionable');
      expect(c.reports[0]!.identifiers.phones).toEqual([shop]);
    }
  });

  it('up to 3 districts still link, and the threshold is configurable', () => {
    const reports = DISTRICTS.slice(0, 3).map((district, i) => buildReport(String(i + 1), { identifiers: { ...NO_IDS, phones: ['+919732952977'] }, location: { district } }));
    const linked = classifyBatch('B1', reports, noPriorKnowledge());
    expect(groups(linked)).toEqual([['1', '2', '3']]);
    expect(linked[0]!.reasons).not.toContain('SHARED_IDENTIFIER');
    const strict = classifyBatch('B1', reports, noPriorKnowledge(), { maxIdentifierDistricts: 2 });
    expect(groups(strict)).toEqual([['1'], ['2'], ['3']]);
  });

  it('many reports in one district share an identifier freely, and other identifiers still link', () => {
    const reports = [
      ...['1', '2', '3', '4', '5'].map((id) => buildReport(id, { identifiers: { ...NO_IDS, phones: ['+919732952977'] }, location: { district: 'Indore' } })),
      ...DISTRICTS.slice(1, 5).map((district, i) =>
        buildReport(String(10 + i), { identifiers: { ...NO_IDS, emails: ['help@esp.example', i < 2 ? 'same@mail.example' : `o${i}@mail.example`] }, location: { district } }),
      ),
    ];
    const cases = classifyBatch('B1', reports, noPriorKnowledge());
    expect(groups(cases)).toEqual([['1', '2', '3', '4', '5'], ['10', '11'], ['12'], ['13']]);
  });

  it('gives the same cases whatever the input order', () => {
    const reports = DISTRICTS.flatMap((district, i) => [
      buildReport(String(i * 2 + 1), { identifiers: { ...NO_IDS, phones: ['+919732952977'], emails: [`p${i % 2}@mail.example`] }, location: { district } }),
      buildReport(String(i * 2 + 2), { identifiers: { ...NO_IDS, emails: [`p${i % 2}@mail.example`] }, location: { district: 'Sagar' } }),
    ]);
    const expected = classifyBatch('B1', reports, noPriorKnowledge()).map(({ reports: _r, ...c }) => c);
    for (let seed = 1; seed <= 20; seed++) {
      expect(classifyBatch('B1', shuffled(reports, seed), noPriorKnowledge()).map(({ reports: _r, ...c }) => c)).toEqual(expected);
    }
  });
});
