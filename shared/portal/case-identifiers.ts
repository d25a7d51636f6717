/**
 * A case's identifiers for the portal's case page: from the district's case file of its batch (the only place
 * they are kept, encrypted in the work bucket), read only after the caller has been allowed to read the case.
 * Identifiers, IP events (for ISP requests), report IDs and incident types; nothing else of the reports.
 */
import { readJsonLines } from '../aws/object-store.js';
import { resource } from '../config.js';
import { keys } from '../storage/keys.js';
import type { CaseWithReports } from '../model/case.js';
import { incidentTypeLabel } from '../notify/labels.js';

export interface CaseIdentifiers {
  caseId: string;
  reportIds: string[];
  incidentTypes: string[];
  identifiers: { emails: string[]; phones: string[]; devices: string[]; espAccounts: string[] };
  ipEvents: { ip: string; port?: number; at?: string; isp?: string }[];
}

const unique = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** The case's identifiers, or undefined when its district file does not hold it (review, not actionable). */
export async function caseIdentifiers(caseId: string, batchId: string, district: string): Promise<CaseIdentifiers | undefined> {
  let found: CaseWithReports | undefined;
  try {
    for await (const kase of readJsonLines<CaseWithReports>(resource('WORK_BUCKET'), keys.districtCases(batchId, district))) {
      if (kase.caseId === caseId) {
        found = kase;
        break;
      }
    }
  } catch (err) {
    if ((err as Error).name === 'NoSuchKey') return undefined;
    throw err;
  }
  if (!found) return undefined;
  const reports = found.reports;
  return {
    caseId,
    reportIds: found.reportIds,
    incidentTypes: unique(reports.map((r) => incidentTypeLabel(r.incidentType))),
    identifiers: {
      emails: unique(reports.flatMap((r) => r.identifiers.emails)),
      phones: unique(reports.flatMap((r) => r.identifiers.phones)),
      devices: unique(reports.flatMap((r) => r.identifiers.devices)),
      espAccounts: unique(reports.flatMap((r) => r.identifiers.espAccounts)),
    },
    ipEvents: reports.flatMap((r) =>
      r.ipEvents.filter((e) => e.ipClass === 'public').map((e) => ({ ip: e.ip, port: e.port, at: e.timeUtc ?? e.time, isp: e.isp }))),
  };
}
