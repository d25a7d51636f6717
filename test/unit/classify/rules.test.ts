import type { EnrichedReport } from '../../../shared/model/enriched-report.js';
import type { Priority } from '../../../shared/model/case.js';
import {
  RULES_VERSION,
  caseLocation as caseLocationOfFacts,
  casePriority as casePriorityOfFacts,
  decideDisposition,
  reportPriority,
  casePriorityReasons,
  incidentAfterReceipt,
  type CaseLocation,
  type LinkedCase,
} from '../../../shared/classify/rules.js';
import { reportFacts } from '../../../shared/classify/report-facts.js';
import { NO_IDS, buildReport, ipEvent } from './build-report.js';

// The case-level rules read each report's facts (report-facts.ts); these take whole reports, as the tests do.
const facts = (reports: EnrichedReport[]) => reports.map((r) => reportFacts(r));
const casePriority = (reports: EnrichedReport[]) => casePriorityOfFacts(facts(reports));
const caseLocation = (reports: EnrichedReport[], linked?: LinkedCase[]) => caseLocationOfFacts(facts(reports), linked);

/** A report that triggers nothing: P3 (no viewed classified file, unrated). */
const plain = (o: Parameters<typeof buildReport>[1] = {}): EnrichedReport =>
  buildReport('1', { files: [{ viewedByEsp: false, annotations: [] }], ...o });

const inIndore: CaseLocation = { district: 'Indore', locationSource: 'address', outOfJurisdiction: false, conflict: false };

function decide(reports: EnrichedReport[], o: Partial<Parameters<typeof decideDisposition>[0]> = {}) {
  return decideDisposition({
    reports: facts(reports),
    priority: casePriority(reports),
    location: caseLocation(reports),
    allDuplicates: false,
    linked: false,
    ...o,
  });
}

describe('RULES_VERSION', () => {
  it('is a non-empty string', () => {
    expect(RULES_VERSION).toMatch(/\S/);
  });
});

describe('reportPriority: P1 triggers, each on its own', () => {
  it('the baseline report is P3', () => {
    expect(reportPriority(plain())).toBe('P3');
  });
  it('escalateToHighPriority present', () => {
    expect(reportPriority(plain({ escalated: true }))).toBe('P1');
  });
  it.each([
    'Online Enticement of Children for Sexual Acts',
    'Child Sex Trafficking',
    'Child Sex Tourism',
    'Child Sexual Molestation',
  ] as const)('incident type %s', (incidentType) => {
    expect(reportPriority(plain({ incidentType }))).toBe('P1');
  });
  it.each(['sextortion', 'sadisticOnlineExploitation'])('annotation %s', (a) => {
    expect(reportPriority(plain({ reportAnnotations: [a] }))).toBe('P1');
  });
  it('other annotations do not raise priority', () => {
    expect(reportPriority(plain({ reportAnnotations: ['infant', 'generativeAi'] }))).toBe('P3');
  });
  it("NCMEC priority '1' (and only that value)", () => {
    expect(reportPriority(plain({ ncmecPriority: '1' }))).toBe('P1');
    expect(reportPriority(plain({ ncmecPriority: ' 1 ' }))).toBe('P1');
    expect(reportPriority(plain({ ncmecPriority: 'E' }))).toBe('P3');
  });
  it('P1 beats P2 evidence', () => {
    expect(reportPriority(buildReport('1', { escalated: true }))).toBe('P1');
  });
});

describe('priority reasons: each P1 and P2 case says why', () => {
  const reasons = (reports: EnrichedReport[]) => casePriorityReasons(facts(reports), casePriority(reports));
  it.each([
    [{ escalated: true }, ['ESCALATED']],
    [{ incidentType: 'Child Sex Trafficking' as const }, ['P1_INCIDENT_TYPE']],
    [{ reportAnnotations: ['Sextortion'] }, ['SEXTORTION']],
    [{ reportAnnotations: ['sadisticOnlineExploitation'] }, ['SADISTIC_EXPLOITATION']],
    [{ ncmecPriority: '1' }, ['NCMEC_PRIORITY_1']],
    [{ ncmecPriority: '2' }, ['NCMEC_PRIORITY_2']],
    [{ files: [{ viewedByEsp: true, industryClassification: 'A2', annotations: [] }] }, ['CONFIRMED_ABUSE_MATERIAL']],
    [{}, []],
  ] as const)('%j gives %j', (o, expected) => {
    expect(reasons([plain(o as Parameters<typeof plain>[0])])).toEqual(expected);
  });
  it("a case lists the reasons of its own level from every report, in code order, and not the lower level's", () => {
    const p1 = plain({ ncmecPriority: '1', files: [{ viewedByEsp: true, industryClassification: 'A1', annotations: [] }] });
    const p1b = plain({ escalated: true });
    const p2 = plain({ ncmecPriority: '2' });
    expect(reasons([p1, p2, p1b])).toEqual(['ESCALATED', 'NCMEC_PRIORITY_1']);
    expect(reasons([p2, plain()])).toEqual(['NCMEC_PRIORITY_2']);
  });
  it('every P1 and P2 report has at least one reason, and the reasons decide the priority', () => {
    for (const o of [{ escalated: true }, { ncmecPriority: '2' }, { reportAnnotations: ['sextortion'] }, {}]) {
      const r = plain(o);
      const p = reportPriority(r);
      expect([p, casePriorityReasons(facts([r]), p).length > 0]).toEqual([p, p !== 'P3']);
    }
  });
});

describe('incident dated after the report was received', () => {
  it('is flagged only when both times parse and the incident is later', () => {
    const at = (incident: string, receivedAt?: string) => plain({ incidentDateTime: incident, incidentDateTimeIst: incident, receivedAt });
    expect(incidentAfterReceipt(at('2026-10-02T00:00:00Z', '2026-10-01T00:00:00Z'))).toBe(true);
    expect(incidentAfterReceipt(at('2026-09-30T00:00:00Z', '2026-10-01T00:00:00Z'))).toBe(false);
    expect(incidentAfterReceipt(at('2026-10-02T00:00:00Z'))).toBe(false);
    expect(incidentAfterReceipt(at('2026-10-02T00:00:00Z', 'not a time'))).toBe(false);
  });
});

describe('reportPriority: P2 triggers', () => {
  it.each(['A1', 'A2', 'B1', 'B2', 'b2'])('child pornography with a file viewed by the ESP, classified %s', (c) => {
    expect(reportPriority(plain({ files: [{ viewedByEsp: true, industryClassification: c, annotations: [] }] }))).toBe(
      'P2',
    );
  });
  it('needs the file to be viewed', () => {
    expect(reportPriority(plain({ files: [{ viewedByEsp: false, industryClassification: 'A1', annotations: [] }] }))).toBe(
      'P3',
    );
  });
  it('needs an A1/A2/B1/B2 classification on the viewed file itself', () => {
    const files = [
      { viewedByEsp: true, annotations: [] },
      { viewedByEsp: false, industryClassification: 'A1', annotations: [] },
    ];
    expect(reportPriority(plain({ files }))).toBe('P3');
  });
  it('needs the child pornography incident type', () => {
    expect(reportPriority(buildReport('1', { incidentType: 'Misleading Domain Name' }))).toBe('P3');
  });
  it("NCMEC priority '2'", () => {
    expect(reportPriority(plain({ ncmecPriority: '2' }))).toBe('P2');
  });
  it("NCMEC priority '3' is P3", () => {
    expect(reportPriority(plain({ ncmecPriority: '3' }))).toBe('P3');
  });
});

describe('casePriority', () => {
  it.each<[Priority[], Priority]>([
    [['P3', 'P3'], 'P3'],
    [['P3', 'P2'], 'P2'],
    [['P2', 'P1', 'P3'], 'P1'],
  ])('%j → %s', (ps, expected) => {
    const reports = ps.map((p) =>
      p === 'P1' ? plain({ escalated: true }) : p === 'P2' ? plain({ ncmecPriority: '2' }) : plain(),
    );
    expect(casePriority(reports)).toBe(expected);
  });
});

describe('decideDisposition', () => {
  it('actionable: P2 in an MP district with identifiers and viewed content, no reasons', () => {
    expect(decide([buildReport('1')])).toEqual({ disposition: 'actionable', reasons: [] });
  });

  it('duplicate when every report was already assigned', () => {
    expect(decide([buildReport('1', { escalated: true })], { allDuplicates: true })).toEqual({
      disposition: 'duplicate',
      reasons: ['DUPLICATE_REPORT'],
    });
  });

  it('not-actionable OUT_OF_JURISDICTION when evidence places the suspect outside MP (even P1)', () => {
    const r = buildReport('1', {
      escalated: true,
      location: { status: 'out-of-state', district: null, source: null, elsewhere: 'Maharashtra' },
    });
    expect(decide([r])).toEqual({ disposition: 'not-actionable', reasons: ['OUT_OF_JURISDICTION'] });
  });

  it('not-actionable NO_LOCATION when there is no evidence at all', () => {
    const r = buildReport('1', { location: { status: 'none', district: null, source: null } });
    expect(decide([r])).toEqual({ disposition: 'not-actionable', reasons: ['NO_LOCATION'] });
  });

  it('not-actionable NO_IDENTIFIERS: no email, phone, device, ESP account or public IP', () => {
    const r = buildReport('1', {
      identifiers: NO_IDS,
      ipEvents: [ipEvent('10.1.2.3', { ipClass: 'private' }), ipEvent('100.64.1.2', { ipClass: 'cgnat' })],
    });
    expect(decide([r])).toEqual({ disposition: 'not-actionable', reasons: ['NO_IDENTIFIERS'] });
  });

  it.each([
    ['a public IP event', { ipEvents: [ipEvent('49.36.10.7')] }],
    ['a phone', { identifiers: { ...NO_IDS, phones: ['+919876543210'] } }],
    ['a device', { identifiers: { ...NO_IDS, devices: ['IMEI:356938035643809'] } }],
    ['an ESP account', { identifiers: { ...NO_IDS, espAccounts: ['ExampleChat:u-1'] } }],
  ])('%s alone is an investigative identifier', (_label, o) => {
    const r = buildReport('1', { identifiers: NO_IDS, ...o });
    expect(decide([r]).disposition).toBe('actionable');
  });

  it('P1 with an MP district is actionable even with no identifiers and no viewed file', () => {
    const r = plain({ escalated: true, identifiers: NO_IDS });
    expect(decide([r])).toEqual({ disposition: 'actionable', reasons: [] });
  });

  it('lists every not-actionable reason that applies', () => {
    const r = buildReport('1', { identifiers: NO_IDS, location: { status: 'none', district: null, source: null } });
    expect(decide([r]).reasons).toEqual(['NO_LOCATION', 'NO_IDENTIFIERS']);
  });

  it('review UNCONFIRMED_CONTENT: not P1 and no file viewed by the ESP', () => {
    expect(decide([plain()])).toEqual({ disposition: 'review', reasons: ['UNCONFIRMED_CONTENT'] });
    expect(decide([plain({ files: [] })])).toEqual({ disposition: 'review', reasons: ['UNCONFIRMED_CONTENT'] });
  });

  it('one viewed file anywhere in the case confirms it', () => {
    expect(decide([plain(), buildReport('2')]).disposition).toBe('actionable');
  });

  it('P1 is never reviewed for unconfirmed content', () => {
    expect(decide([plain({ reportAnnotations: ['sextortion'] })]).disposition).toBe('actionable');
  });

  it('review VIRAL_BATCH: batchedReason VIRAL_POTENTIAL_MEME', () => {
    expect(decide([buildReport('1', { batchedReason: 'VIRAL_POTENTIAL_MEME' })])).toEqual({
      disposition: 'review',
      reasons: ['VIRAL_BATCH'],
    });
  });

  it('review VIRAL_BATCH: every file annotated viral or potentialMeme', () => {
    const files = [
      { viewedByEsp: true, industryClassification: 'A1', annotations: ['viral'] },
      { viewedByEsp: true, annotations: ['potentialMeme'] },
    ];
    expect(decide([buildReport('1', { files })])).toEqual({ disposition: 'review', reasons: ['VIRAL_BATCH'] });
  });

  it('a non-viral file or a non-viral report in the case keeps it actionable', () => {
    const mixedFiles = [
      { viewedByEsp: true, annotations: ['viral'] },
      { viewedByEsp: true, industryClassification: 'A1', annotations: [] },
    ];
    expect(decide([buildReport('1', { files: mixedFiles })]).disposition).toBe('actionable');
    const viral = buildReport('1', { batchedReason: 'VIRAL_POTENTIAL_MEME' });
    expect(decide([viral, buildReport('2')]).disposition).toBe('actionable');
  });

  it('a P1 viral report is actionable', () => {
    expect(decide([buildReport('1', { batchedReason: 'VIRAL_POTENTIAL_MEME', escalated: true })]).disposition).toBe(
      'actionable',
    );
  });

  describe('warnings never change the disposition', () => {
    it('NEEDS_PORT from a report warning or an IP event', () => {
      const w = decide([buildReport('1', { warnings: ['NEEDS_PORT'] })]);
      expect(w).toEqual({ disposition: 'actionable', reasons: ['NEEDS_PORT'] });
      const e = decide([plain({ ipEvents: [ipEvent('106.1.2.3', { needsPort: true, port: undefined })] })]);
      expect(e).toEqual({ disposition: 'review', reasons: ['UNCONFIRMED_CONTENT', 'NEEDS_PORT'] });
    });
    it('LOCATION_CONFLICT from a report', () => {
      const r = buildReport('1', { warnings: ['LOCATION_CONFLICT'] });
      expect(decide([r])).toEqual({ disposition: 'actionable', reasons: ['LOCATION_CONFLICT'] });
    });
    it('LINKED_TO_EXISTING_CASE', () => {
      expect(decide([buildReport('1')], { linked: true })).toEqual({
        disposition: 'actionable',
        reasons: ['LINKED_TO_EXISTING_CASE'],
      });
    });
    it('on a duplicate too', () => {
      const r = decide([buildReport('1', { warnings: ['NEEDS_PORT'] })], { allDuplicates: true, linked: true });
      expect(r).toEqual({ disposition: 'duplicate', reasons: ['DUPLICATE_REPORT', 'NEEDS_PORT', 'LINKED_TO_EXISTING_CASE'] });
    });
  });

  it('takes the location it is given (a linked case can supply the district)', () => {
    const r = buildReport('1', { location: { status: 'none', district: null, source: null } });
    expect(decide([r], { location: inIndore }).disposition).toBe('actionable');
  });
});

describe('caseLocation', () => {
  const at = (id: string, district: string | null, time: string, o: Parameters<typeof buildReport>[1] = {}) =>
    buildReport(id, {
      incidentDateTime: time,
      location: district
        ? { status: 'in-mp', district, source: 'geo' }
        : { status: 'out-of-state', district: null, source: null, elsewhere: 'Maharashtra' },
      ...o,
    });

  it('majority district wins over a more recent minority', () => {
    const loc = caseLocation([
      at('1', 'Bhopal', '2026-01-01T00:00:00Z'),
      at('2', 'Bhopal', '2026-01-02T00:00:00Z'),
      at('3', 'Indore', '2026-12-01T00:00:00Z'),
    ]);
    expect(loc).toMatchObject({ district: 'Bhopal', locationSource: 'geo', conflict: true });
  });

  it('tie: the most recent report decides (compared as instants, not text)', () => {
    const loc = caseLocation([
      at('1', 'Bhopal', '2026-03-01T10:00:00Z'),
      // 06:00+05:30 = 00:30Z, earlier than 10:00Z although its text sorts later
      at('2', 'Indore', '2026-03-01T06:00:00+05:30'),
    ]);
    expect(loc.district).toBe('Bhopal');
    const loc2 = caseLocation([at('1', 'Bhopal', '2026-03-01T10:00:00Z'), at('2', 'Indore', '2026-03-01T16:00:00+05:30')]);
    expect(loc2.district).toBe('Indore');
  });

  it('a report with a district outweighs out-of-state ones, with a conflict', () => {
    const loc = caseLocation([at('1', null, '2026-01-01T00:00:00Z'), at('2', 'Gwalior', '2026-01-01T00:00:00Z')]);
    expect(loc).toMatchObject({ district: 'Gwalior', outOfJurisdiction: false, conflict: true });
  });

  it('no district: out of jurisdiction with where it points', () => {
    const loc = caseLocation([at('1', null, '2026-01-01T00:00:00Z')]);
    expect(loc).toEqual({
      district: null,
      locationSource: null,
      outOfJurisdiction: true,
      conflict: false,
      elsewhere: 'Maharashtra',
    });
  });

  it('a linked earlier case overrides the district (deconfliction) and flags a conflict', () => {
    const loc = caseLocation([at('1', 'Indore', '2026-01-01T00:00:00Z')], [{ caseId: 'C-old', district: 'Dewas' }]);
    expect(loc).toMatchObject({ district: 'Dewas', locationSource: null, conflict: true });
  });

  it('a linked case gives a district to a case without one', () => {
    const loc = caseLocation([at('1', null, '2026-01-01T00:00:00Z')], [{ caseId: 'C-old', district: 'Dewas' }]);
    expect(loc).toMatchObject({ district: 'Dewas', outOfJurisdiction: false });
    expect(loc.elsewhere).toBeUndefined();
  });

  it('a linked case without a district changes nothing', () => {
    const loc = caseLocation([at('1', 'Indore', '2026-01-01T00:00:00Z')], [{ caseId: 'C-old', district: null }]);
    expect(loc).toMatchObject({ district: 'Indore', conflict: false });
  });

  it('linked cases disagreeing: majority, then this case’s own district', () => {
    const own = [at('1', 'Ujjain', '2026-01-01T00:00:00Z')];
    expect(
      caseLocation(own, [
        { caseId: 'a', district: 'Dewas' },
        { caseId: 'b', district: 'Ujjain' },
      ]).district,
    ).toBe('Ujjain');
    expect(
      caseLocation(own, [
        { caseId: 'a', district: 'Dewas' },
        { caseId: 'b', district: 'Dewas' },
        { caseId: 'c', district: 'Ujjain' },
      ]).district,
    ).toBe('Dewas');
  });
});
