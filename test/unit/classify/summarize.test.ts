import { classifyBatch, type PriorKnowledge } from '../../../shared/classify/build-cases.js';
import { countByDistrict, countCases, duplicateReportCount } from '../../../shared/classify/summarize.js';
import { NO_IDS, buildReport } from './build-report.js';

describe('countCases / countByDistrict', () => {
  const prior: PriorKnowledge = {
    reports: new Map([
      ['5', { batchId: 'B1', caseId: 'C-old' }],
      ['6', { batchId: 'B1', caseId: 'C-old' }],
    ]),
    identifiers: new Map(),
  };
  const email = { emails: ['s@x.example'] };
  const batch = [
    buildReport('1', { escalated: true }), //                                   actionable P1 Indore
    buildReport('2', { location: { district: 'Bhopal' } }), //                  actionable P2 Bhopal
    buildReport('2', { location: { district: 'Bhopal' } }), //                  in-batch repeat of 2
    buildReport('3', { files: [] }), //                                         review
    buildReport('4', { identifiers: NO_IDS }), //                               not-actionable
    buildReport('5', { identifiers: email }), //                                duplicate (with 6)
    buildReport('6', { identifiers: email }),
    buildReport('7', { ncmecPriority: '2', location: { district: 'Bhopal' }, identifiers: { emails: ['t@x.example'] } }),
    buildReport('6', { identifiers: email }), //                                repeat of an earlier-batch duplicate
  ];
  const cases = classifyBatch('B2', batch, prior);

  it('counts cases by disposition, and duplicate reports (not cases)', () => {
    expect(countCases(cases)).toEqual({ cases: 6, actionable: 3, review: 1, notActionable: 1, duplicateCases: 1, duplicates: 4 });
  });

  it('keeps the conservation law: reports = newly assigned + duplicates', () => {
    const newly = cases.reduce((n, c) => n + c.reportIds.length - c.duplicateReportIds.length, 0);
    expect(newly + countCases(cases).duplicates).toBe(batch.length);
    expect(duplicateReportCount(cases.find((c) => c.reportIds.includes('2'))!)).toBe(1);
  });

  it('counts actionable cases per district by priority', () => {
    expect(countByDistrict(cases)).toEqual({
      Bhopal: { cases: 2, P1: 0, P2: 2, P3: 0 },
      Indore: { cases: 1, P1: 1, P2: 0, P3: 0 },
    });
  });

  it('is empty for no cases', () => {
    expect(countCases([])).toEqual({ cases: 0, actionable: 0, review: 0, notActionable: 0, duplicateCases: 0, duplicates: 0 });
    expect(countByDistrict([])).toEqual({});
  });
});
