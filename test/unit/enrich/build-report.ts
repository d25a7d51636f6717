/** Builds canonical reports for enrichment tests through the real schema, so tests see what Validate emits. */
import { canonicalReportSchema, type CanonicalReport } from '../../../shared/model/canonical-report.js';

export interface ReportParts {
  reportId?: string;
  suspect?: Record<string, unknown>;
  person?: Record<string, unknown>;
  suspects?: Record<string, unknown>[];
  internetDetails?: unknown[];
  ncmecGeolocation?: unknown[];
  companyName?: string;
  fileDetails?: unknown[];
  incidentSummary?: Record<string, unknown>;
}

export function buildReport(parts: ReportParts = {}): CanonicalReport {
  const suspect = { ...(parts.suspect ?? {}), ...(parts.person ? { personOrUserReportedPerson: parts.person } : {}) };
  return canonicalReportSchema.parse({
    reportId: parts.reportId ?? '123456',
    report: {
      incidentSummary: {
        incidentType: 'Child Pornography (possession, manufacture, and distribution)',
        incidentDateTime: '2026-09-30T18:22:11+05:30',
        ...parts.incidentSummary,
      },
      reporter: { companyName: parts.companyName ?? 'ExampleChat' },
      personOrUserReported: parts.suspects ?? [suspect],
      internetDetails: parts.internetDetails,
    },
    fileDetails: parts.fileDetails,
    ncmecGeolocation: parts.ncmecGeolocation,
  });
}

/** A report whose only location evidence is one address. */
export const withAddress = (address: Record<string, unknown>): CanonicalReport => buildReport({ person: { address: [address] } });

/** A report whose only location evidence is the ESP's estimated location. */
export const withEstimated = (estimatedLocation: Record<string, unknown>): CanonicalReport =>
  buildReport({ suspect: { estimatedLocation } });

/** A report whose only location evidence is NCMEC's geolocation of one IP event. */
export const withGeo = (geo: Record<string, unknown>): CanonicalReport =>
  buildReport({
    suspect: { ipCaptureEvent: [{ ipAddress: '49.36.10.7', dateTime: '2026-09-30T18:20:01Z', port: 5000 }] },
    ncmecGeolocation: [{ ipAddress: '49.36.10.7', ...geo }],
  });

/** A report whose only location evidence is cellPhoneIncident coordinates. */
export const withCell = (latitude: number, longitude: number): CanonicalReport =>
  buildReport({ internetDetails: [{ cellPhoneIncident: { latitude, longitude } }] });
