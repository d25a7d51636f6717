/** Deterministic cases and reports for the notify tests: only the fields each test cares about vary. */
import type { CaseWithReports } from '../../../shared/model/case.js';
import type { EnrichedReport, IpEvent } from '../../../shared/model/enriched-report.js';

export function ipEvent(overrides: Partial<IpEvent> = {}): IpEvent {
  return {
    ip: '49.36.10.7',
    version: 4,
    ipClass: 'public',
    eventName: 'Upload',
    time: '2026-09-30T18:20:01Z',
    timeUtc: '2026-09-30T18:20:01Z',
    timeIst: '2026-09-30T23:50:01+05:30',
    port: 51234,
    isp: 'Reliance Jio Infocomm Limited',
    asn: 55836,
    needsPort: false,
    ...overrides,
  };
}

export function report(overrides: Partial<EnrichedReport> = {}): EnrichedReport {
  return {
    reportId: '100000001',
    incidentType: 'Child Pornography (possession, manufacture, and distribution)',
    incidentDateTime: '2026-09-30T18:22:11+05:30',
    incidentDateTimeIst: '2026-09-30T18:22:11+05:30',
    escalated: false,
    reportAnnotations: [],
    reporterCompany: 'ExampleChat',
    files: [{ viewedByEsp: true, industryClassification: 'A1', annotations: [] }],
    identifiers: {
      emails: ['suspect@mail.example'],
      phones: ['+919876543210'],
      devices: ['IMEI:356938035643809'],
      espAccounts: ['examplechat:u-81723', 'examplechat:dark_knight'],
    },
    ipEvents: [ipEvent()],
    location: { status: 'in-mp', district: 'Indore', source: 'address', conflict: false },
    warnings: [],
    ...overrides,
  };
}

export function caseOf(overrides: Partial<CaseWithReports> & { reports: EnrichedReport[] }): CaseWithReports {
  const reportIds = overrides.reports.map((r) => r.reportId).sort();
  return {
    caseId: 'c-0001',
    batchId: 'b-20261002-0001',
    reportIds,
    district: 'Indore',
    priority: 'P2',
    disposition: 'actionable',
    reasons: [],
    locationSource: 'address',
    rulesVersion: 'rules-test',
    linkedCaseIds: [],
    duplicateReportIds: [],
    latestIncidentAt: '2026-09-30T12:52:11Z',
    ...overrides,
  };
}

/** Four Indore cases whose correct order is c-ddd (P1, newest), c-bbb (P1), c-ccc (P2), c-aaa (P3). */
export function indoreCases(): CaseWithReports[] {
  return [
    caseOf({
      caseId: 'c-aaa',
      priority: 'P3',
      locationSource: 'geo',
      latestIncidentAt: '2026-09-20T04:00:00Z',
      reports: [report({ reportId: '100000010', incidentDateTime: '2026-09-20T04:00:00Z', incidentDateTimeIst: '2026-09-20T09:30:00+05:30' })],
    }),
    caseOf({
      caseId: 'c-bbb',
      priority: 'P1',
      priorityReasons: ['P1_INCIDENT_TYPE', 'NCMEC_PRIORITY_1'],
      reasons: ['LINKED_TO_EXISTING_CASE'],
      linkedCaseIds: ['c-old1'],
      latestIncidentAt: '2026-09-28T10:15:00Z',
      reports: [
        report({
          reportId: '100000020',
          incidentType: 'Online Enticement of Children for Sexual Acts',
          incidentDateTime: '2026-09-28T10:15:00Z',
          incidentDateTimeIst: '2026-09-28T15:45:00+05:30',
          ipEvents: [ipEvent({ ip: '106.200.1.9', isp: 'Bharti Airtel Ltd., Telemedia Services', asn: 24560, port: 40001, timeUtc: '2026-09-28T10:14:00Z', timeIst: '2026-09-28T15:44:00+05:30' })],
        }),
        report({ reportId: '100000021', incidentDateTime: '2026-09-27T10:15:00Z', incidentDateTimeIst: '2026-09-27T15:45:00+05:30' }),
      ],
    }),
    caseOf({
      caseId: 'c-ccc',
      priority: 'P2',
      priorityReasons: ['CONFIRMED_ABUSE_MATERIAL'],
      locationSource: 'estimated',
      reasons: ['NEEDS_PORT'],
      latestIncidentAt: '2026-09-30T12:52:11Z',
      reports: [
        report({
          reportId: '100000030',
          warnings: ['NEEDS_PORT'],
          ipEvents: [ipEvent({ ip: '223.182.5.6', isp: 'Bharti Airtel Ltd. AS for GPRS Service', asn: 45609, port: undefined, needsPort: true })],
        }),
      ],
    }),
    caseOf({
      caseId: 'c-ddd',
      priority: 'P1',
      priorityReasons: ['P1_INCIDENT_TYPE'],
      incidentAfterReceipt: ['100000040'],
      locationSource: 'cell',
      latestIncidentAt: '2026-10-01T20:05:00Z',
      reports: [
        report({
          reportId: '100000040',
          receivedAt: '2026-10-01T18:00:00Z',
          incidentType: 'Child Sexual Molestation',
          incidentDateTime: '2026-10-01T20:05:00Z',
          incidentDateTimeIst: '2026-10-02T01:35:00+05:30',
          ipEvents: [],
        }),
      ],
    }),
  ];
}
