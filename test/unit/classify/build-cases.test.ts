import {
  classifyBatch,
  noPriorKnowledge,
  type PriorKnowledge,
} from '../../../shared/classify/build-cases.js';
import { identifierKeys, indexKey } from '../../../shared/classify/identifier-keys.js';
import { RULES_VERSION } from '../../../shared/classify/rules.js';
import type { CaseWithReports } from '../../../shared/model/case.js';
import type { EnrichedReport } from '../../../shared/model/enriched-report.js';
import { NO_IDS, buildReport, ipEvent, shuffled } from './build-report.js';

const run = (reports: EnrichedReport[], prior: PriorKnowledge = noPriorKnowledge(), batchId = 'B2') =>
  classifyBatch(batchId, reports, prior);
const groups = (cases: CaseWithReports[]) => cases.map((c) => c.reportIds).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));

describe('classifyBatch: linking', () => {
  it('links reports sharing an email written in different case', () => {
    const cases = run([
      buildReport('1', { identifiers: { emails: ['same.person@mail.example'] } }),
      buildReport('2', { identifiers: { emails: ['SAME.PERSON@MAIL.EXAMPLE '] } }),
      buildReport('3'),
    ]);
    expect(groups(cases)).toEqual([['1', '2'], ['3']]);
  });

  it('links reports sharing a phone written in different formats', () => {
    const cases = run([
      buildReport('1', { identifiers: { emails: [], phones: ['+919876543210'] } }),
      buildReport('2', { identifiers: { emails: [], phones: ['098765 43210'] } }),
    ]);
    expect(groups(cases)).toEqual([['1', '2']]);
  });

  it('links reports sharing a device ID', () => {
    const cases = run([
      buildReport('1', { identifiers: { devices: ['IMEI:356938035643809'] } }),
      buildReport('2', { identifiers: { devices: ['imei:356938035643809'] } }),
      buildReport('3', { identifiers: { devices: ['IMEI:356938035643810'] } }),
    ]);
    expect(groups(cases)).toEqual([['1', '2'], ['3']]);
  });

  it('links reports sharing an ESP account', () => {
    const cases = run([
      buildReport('1', { identifiers: { espAccounts: ['ExampleChat:u-1'] } }),
      buildReport('2', { identifiers: { espAccounts: ['ExampleChat:u-1'] } }),
      buildReport('3', { identifiers: { espAccounts: ['OtherApp:u-1'] } }),
    ]);
    expect(groups(cases)).toEqual([['1', '2'], ['3']]);
  });

  it('links transitively: A–B by email, B–C by phone', () => {
    const cases = run([
      buildReport('1', { identifiers: { emails: ['a@x.example'] } }),
      buildReport('2', { identifiers: { emails: ['a@x.example'], phones: ['+919876543210'] } }),
      buildReport('3', { identifiers: { emails: ['c@x.example'], phones: ['+919876543210'] } }),
    ]);
    expect(groups(cases)).toEqual([['1', '2', '3']]);
  });

  it('two reports sharing only an IP (and port) stay two cases', () => {
    const ip = [ipEvent('49.36.10.7', { port: 5000, timeUtc: '2026-10-01T10:00:00Z' })];
    const cases = run([buildReport('1', { ipEvents: ip }), buildReport('2', { ipEvents: ip })]);
    expect(groups(cases)).toEqual([['1'], ['2']]);
  });

  it('reports without identifiers each form their own case', () => {
    const cases = run([buildReport('1', { identifiers: NO_IDS }), buildReport('2', { identifiers: NO_IDS })]);
    expect(groups(cases)).toEqual([['1'], ['2']]);
    expect(cases.every((c) => c.disposition === 'not-actionable' && c.reasons.includes('NO_IDENTIFIERS'))).toBe(true);
  });
});

describe('classifyBatch: case fields', () => {
  it('takes the majority district of its reports and the highest priority', () => {
    const email = { emails: ['s@x.example'] };
    const [c, ...rest] = run([
      buildReport('1', { identifiers: email, location: { district: 'Bhopal', source: 'address' } }),
      buildReport('2', { identifiers: email, location: { district: 'Bhopal', source: 'cell' }, incidentDateTime: '2026-02-01T00:00:00Z' }),
      buildReport('3', { identifiers: email, location: { district: 'Indore' }, incidentDateTime: '2026-12-01T00:00:00Z', escalated: true }),
    ]);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      reportIds: ['1', '2', '3'],
      district: 'Bhopal',
      locationSource: 'address', // report 1 (2026-10-01) is the most recent of the Bhopal reports
      priority: 'P1',
      disposition: 'actionable',
      rulesVersion: RULES_VERSION,
      latestIncidentAt: '2026-12-01T00:00:00.000Z',
      linkedCaseIds: [],
      duplicateReportIds: [],
    });
    expect(c!.reasons).toContain('LOCATION_CONFLICT');
  });

  it('records where an out-of-jurisdiction case points', () => {
    const [c] = run([
      buildReport('1', { location: { status: 'out-of-state', district: null, source: null, elsewhere: 'Maharashtra' } }),
    ]);
    expect(c).toMatchObject({ district: null, disposition: 'not-actionable', reasons: ['OUT_OF_JURISDICTION'], elsewhere: 'Maharashtra' });
  });

  it('gives deterministic case IDs: same batch and reports → same ID; another batch → another ID', () => {
    const reports = [buildReport('1'), buildReport('2')];
    const a = run(reports, noPriorKnowledge(), 'B1');
    const b = run(reports.map((r) => structuredClone(r)), noPriorKnowledge(), 'B1');
    const c = run(reports, noPriorKnowledge(), 'B9');
    expect(a.map((x) => x.caseId)).toEqual(b.map((x) => x.caseId));
    expect(a[0]!.caseId).toMatch(/^C-[0-9a-f]{16}$/);
    expect(new Set(a.map((x) => x.caseId)).size).toBe(2);
    expect(c.map((x) => x.caseId)).not.toEqual(a.map((x) => x.caseId));
  });

  it('sorts cases by case ID and reports by report ID (numerically)', () => {
    const email = { emails: ['s@x.example'] };
    const cases = run([buildReport('10', { identifiers: email }), buildReport('9', { identifiers: email }), buildReport('5')]);
    expect(cases.map((c) => c.caseId)).toEqual([...cases.map((c) => c.caseId)].sort());
    const linked = cases.find((c) => c.reportIds.length === 2)!;
    expect(linked.reportIds).toEqual(['9', '10']);
    expect(linked.reports.map((r) => r.reportId)).toEqual(['9', '10']);
  });

  it('returns no cases for an empty batch', () => {
    expect(run([])).toEqual([]);
  });
});

describe('classifyBatch: duplicates', () => {
  it('a report ID repeated in the batch joins one case, listed once, every occurrence kept', () => {
    const first = buildReport('7', { identifiers: { emails: ['a@x.example'] } });
    const again = buildReport('7', { identifiers: { emails: ['b@x.example'] } });
    const cases = run([first, buildReport('8', { identifiers: { emails: ['b@x.example'] } }), again]);
    expect(cases).toHaveLength(1);
    expect(cases[0]!.reportIds).toEqual(['7', '8']);
    expect(cases[0]!.reports).toHaveLength(3);
    expect(cases[0]!.duplicateReportIds).toEqual([]);
    expect(cases[0]!.disposition).toBe('actionable');
  });

  it('a report assigned by an earlier batch is a duplicate; a case of only such reports is `duplicate`', () => {
    const prior: PriorKnowledge = { reports: new Map([['1', { batchId: 'B1', caseId: 'C-old' }]]), identifiers: new Map() };
    const cases = run([buildReport('1', { escalated: true }), buildReport('2')], prior);
    const dup = cases.find((c) => c.reportIds[0] === '1')!;
    expect(dup).toMatchObject({ disposition: 'duplicate', duplicateReportIds: ['1'], linkedCaseIds: ['C-old'] });
    expect(dup.reasons).toContain('DUPLICATE_REPORT');
    expect(cases.find((c) => c.reportIds[0] === '2')!.disposition).toBe('actionable');
  });

  it('a case mixing a duplicate and a new report is decided normally and lists the duplicate', () => {
    const prior: PriorKnowledge = { reports: new Map([['1', { batchId: 'B1', caseId: 'C-old' }]]), identifiers: new Map() };
    const email = { emails: ['s@x.example'] };
    const [c] = run([buildReport('1', { identifiers: email }), buildReport('2', { identifiers: email })], prior);
    expect(c).toMatchObject({
      disposition: 'actionable',
      duplicateReportIds: ['1'],
      linkedCaseIds: ['C-old'],
      reasons: ['LINKED_TO_EXISTING_CASE'],
    });
  });

  it('a registry entry from this same batch is not a duplicate: a re-run reproduces the cases', () => {
    const reports = [buildReport('1'), buildReport('2', { identifiers: { phones: ['+919876543210'] } })];
    const firstRun = run(reports, noPriorKnowledge(), 'B2');
    const prior: PriorKnowledge = { reports: new Map(), identifiers: new Map() };
    for (const c of firstRun) {
      for (const id of c.reportIds) prior.reports.set(id, { batchId: 'B2', caseId: c.caseId });
      for (const r of c.reports) {
        for (const k of identifierKeys(r)) prior.identifiers.set(indexKey(k), { caseId: c.caseId, district: 'Dewas', batchId: 'B2' });
      }
    }
    expect(run(reports, prior, 'B2')).toEqual(firstRun);
  });
});

describe('classifyBatch: cross-batch linking', () => {
  const priorWith = (key: string, district: string | null, batchId = 'B1'): PriorKnowledge => ({
    reports: new Map(),
    identifiers: new Map([[indexKey(key), { caseId: 'C-earlier', district, batchId }]]),
  });

  it('a case sharing an identifier with an earlier case is linked and goes to its district', () => {
    const reports = [buildReport('1', { identifiers: { phones: ['9876543210'] }, location: { district: 'Indore' } })];
    const [c] = run(reports, priorWith('phone:+919876543210', 'Sagar'));
    expect(c).toMatchObject({ district: 'Sagar', linkedCaseIds: ['C-earlier'], disposition: 'actionable' });
    expect(c!.reasons).toEqual(expect.arrayContaining(['LINKED_TO_EXISTING_CASE', 'LOCATION_CONFLICT']));
  });

  it('a linked case gets a district even when its own reports have none', () => {
    const reports = [buildReport('1', { identifiers: { emails: ['s@x.example'] }, location: { status: 'none', district: null, source: null } })];
    const [c] = run(reports, priorWith('email:s@x.example', 'Sagar'));
    expect(c).toMatchObject({ district: 'Sagar', disposition: 'actionable' });
  });

  it('a linked earlier case without a district keeps the case’s own', () => {
    const [c] = run([buildReport('1', { identifiers: { emails: ['s@x.example'] } })], priorWith('email:s@x.example', null));
    expect(c).toMatchObject({ district: 'Indore', linkedCaseIds: ['C-earlier'] });
    expect(c!.reasons).toEqual(['LINKED_TO_EXISTING_CASE']);
  });

  it('links the whole case, through any one report’s identifier', () => {
    const email = { emails: ['s@x.example'] };
    const cases = run(
      [buildReport('1', { identifiers: email }), buildReport('2', { identifiers: { ...email, devices: ['IMEI:356938035643809'] } })],
      priorWith('device:imei:356938035643809', 'Rewa'),
    );
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ district: 'Rewa', linkedCaseIds: ['C-earlier'] });
  });

  it('an index entry of this same batch is not a link', () => {
    const [c] = run([buildReport('1', { identifiers: { emails: ['s@x.example'] } })], priorWith('email:s@x.example', 'Sagar', 'B2'));
    expect(c).toMatchObject({ district: 'Indore', linkedCaseIds: [], reasons: [] });
  });

  it('an unrelated index entry links nothing', () => {
    const [c] = run([buildReport('1')], priorWith('email:someone-else@x.example', 'Sagar'));
    expect(c).toMatchObject({ district: 'Indore', linkedCaseIds: [] });
  });
});

describe('classifyBatch: input order never matters', () => {
  // A batch with chains, repeats, an IP-only pair, ties, cross-batch duplicates and links.
  const batch: EnrichedReport[] = [];
  for (let i = 0; i < 60; i++) {
    const suspect = i % 13;
    batch.push(
      buildReport(String(1000 + i), {
        identifiers: {
          emails: i % 3 === 0 ? [`s${suspect}@x.example`] : [],
          phones: i % 3 === 1 ? [`+9198765${String(suspect).padStart(5, '0')}`] : [],
          devices: i % 3 === 2 ? [`IMEI:${suspect}`] : [],
          espAccounts: i % 7 === 0 ? [`App:${i % 4}`] : [],
        },
        location: { district: ['Indore', 'Bhopal', 'Gwalior'][i % 3]!, source: 'geo' },
        incidentDateTime: `2026-10-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z`,
        escalated: i % 11 === 0,
        files: [{ viewedByEsp: i % 5 !== 0, industryClassification: 'A1', annotations: [] }],
        ipEvents: [ipEvent('49.36.10.7')],
      }),
    );
  }
  batch.push(structuredClone(batch[4]!), buildReport('1004', { identifiers: { emails: ['late@x.example'] } }));
  const prior: PriorKnowledge = {
    reports: new Map([['1010', { batchId: 'B1', caseId: 'C-dup' }]]),
    identifiers: new Map([[indexKey('email:s5@x.example'), { caseId: 'C-link', district: 'Rewa', batchId: 'B1' }]]),
  };

  it('gives identical cases for several shuffles', () => {
    const expected = run(batch, prior);
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.length).toBeLessThan(batch.length);
    expect(expected.some((c) => c.linkedCaseIds.includes('C-link'))).toBe(true);
    expect(expected.some((c) => c.duplicateReportIds.includes('1010'))).toBe(true);
    for (const seed of [1, 2, 3, 42, 2026]) expect(run(shuffled(batch, seed), prior)).toEqual(expected);
  });

  it('puts every input report in exactly one case', () => {
    const cases = run(batch, prior);
    expect(cases.reduce((n, c) => n + c.reports.length, 0)).toBe(batch.length);
    const ids = cases.flatMap((c) => c.reportIds);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(batch.map((r) => r.reportId)));
  });
});
