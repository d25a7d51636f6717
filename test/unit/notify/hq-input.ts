/** A fixed HQ-summary input: two districts (one fell back), a review case, out-of-state and no-location cases. */
import type { Case } from '../../../shared/model/case.js';
import { DEFAULT_MAX_LISTED, type HqSummaryInput } from '../../../shared/notify/hq-summary.js';
import { hqCaseLists } from '../../../shared/notify/hq-case-lists.js';
import { caseOf, report } from './build-cases.js';

const plainCase = (overrides: Partial<Case>): Case => {
  const { reports: _reports, ...rest } = caseOf({ reports: [report()], ...overrides });
  return rest;
};

/** The fixture's review and not-actionable cases. */
export function hqCases(): Case[] {
  return [
    plainCase({ caseId: 'c-rev1', priority: 'P3', disposition: 'review', reasons: ['UNCONFIRMED_CONTENT'], district: 'Sagar' }),
    plainCase({ caseId: 'c-mh1', disposition: 'not-actionable', district: null, reasons: ['OUT_OF_JURISDICTION'], elsewhere: 'Maharashtra', locationSource: 'address' }),
    plainCase({ caseId: 'c-up1', disposition: 'not-actionable', district: null, reasons: ['OUT_OF_JURISDICTION'], elsewhere: 'Uttar Pradesh', locationSource: 'geo' }),
    plainCase({ caseId: 'c-mh2', disposition: 'not-actionable', district: null, reasons: ['OUT_OF_JURISDICTION'], elsewhere: 'Maharashtra', locationSource: 'estimated', priority: 'P1' }),
    plainCase({ caseId: 'c-none', disposition: 'not-actionable', district: null, reasons: ['NO_LOCATION'], locationSource: null }),
  ];
}

export function hqInput(): HqSummaryInput {
  return {
    batchId: 'b-20261002-0001',
    batchRef: 'NCRB/MP/2026-10-02',
    fileKey: 'incoming/ncrb-2026-10-02.json',
    counts: { received: 12, rejected: 2, valid: 10, duplicates: 1, cases: 8, actionable: 3, review: 1, notActionable: 4 },
    districts: [
      { district: 'Damoh', cases: 1, P1: 0, P2: 1, P3: 0, recipient: 'State Cyber Cell HQ', fellBackToHq: true, reason: 'no recipient configured for district Damoh' },
      { district: 'Indore', cases: 2, P1: 1, P2: 0, P3: 1, recipient: 'Commissioner of Police, Indore', fellBackToHq: false },
    ],
    lists: hqCaseLists(hqCases(), DEFAULT_MAX_LISTED),
    rejected: [
      { position: 'line 4', reportId: '128765431', errors: [{ path: 'report.incidentSummary.incidentDateTime', message: 'required' }] },
      { position: 'line 9', errors: [{ path: 'reportId', message: 'required' }, { path: 'report.incidentSummary.incidentType', message: 'required' }] },
    ],
    rejectedTotal: 2,
    generatedAt: '2026-10-02T11:30:00Z',
  };
}
