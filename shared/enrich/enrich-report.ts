/**
 * The Enrich step for one valid report (docs/design.md §5): normalised identifiers, IP events ready for a
 * subscriber request, and the district with the evidence source that decided it. Pure: the gazetteer and
 * operator tables are data loaded once at module scope (static JSON imports, so esbuild bundles them).
 */
import type { CanonicalReport } from '../model/canonical-report.js';
import type { EnrichedFile, EnrichedReport, ReportWarning } from '../model/enriched-report.js';
import { addressEvidence } from './address-evidence.js';
import { cellEvidence } from './cell-evidence.js';
import { estimatedEvidence } from './estimated-evidence.js';
import { geoEvidence } from './geo-evidence.js';
import { extractIdentifiers } from './identifiers.js';
import { buildIpEvents } from './ip-events.js';
import { utcAndIst } from './ist-time.js';
import { resolveLocation } from './resolve-district.js';
import { dateProblem, latestPlausible, NO_LATER } from '../model/plausibility.js';

/** An incident or IP event more than a day after NCMEC received the report (docs/design.md §4 "Plausibility"). */
function afterReceived(report: CanonicalReport): boolean {
  const latest = latestPlausible(report.receivedAt);
  if (latest === NO_LATER) return false; // no receivedAt: the schema's fixed bounds already held
  const late = (t: string | undefined): boolean => t !== undefined && dateProblem(t, latest.ms, latest.what) !== undefined;
  return (
    late(report.report.incidentSummary.incidentDateTime) ||
    (report.report.personOrUserReported ?? []).some((s) => (s.ipCaptureEvent ?? []).some((e) => late(e.dateTime)))
  );
}

export function enrichReport(report: CanonicalReport): EnrichedReport {
  const summary = report.report.incidentSummary;
  const sightings = buildIpEvents(report);
  const ipEvents = sightings.events;
  const location = resolveLocation([
    ...addressEvidence(report),
    ...cellEvidence(report),
    ...estimatedEvidence(report),
    ...geoEvidence(sightings),
  ]);
  const warnings: ReportWarning[] = [];
  if (ipEvents.some((e) => e.needsPort)) warnings.push('NEEDS_PORT');
  if (location.conflict) warnings.push('LOCATION_CONFLICT');
  if (afterReceived(report)) warnings.push('IMPLAUSIBLE_DATE');

  const files: EnrichedFile[] = (report.fileDetails ?? []).map((f) => ({
    fileId: f.fileId,
    industryClassification: f.industryClassification?.toUpperCase(),
    viewedByEsp: f.fileViewedByEsp === true,
    publiclyAvailable: f.publiclyAvailable,
    annotations: f.fileAnnotations ?? [],
  }));

  return {
    reportId: report.reportId,
    receivedAt: report.receivedAt,
    ncmecPriority: report.ncmecPriority,
    referral: report.referral,
    incidentType: summary.incidentType,
    incidentDateTime: summary.incidentDateTime,
    incidentDateTimeIst: utcAndIst(summary.incidentDateTime)?.ist ?? summary.incidentDateTime,
    escalated: summary.escalateToHighPriority !== undefined,
    reportAnnotations: summary.reportAnnotations ?? [],
    batchedReason: report.report.batchedReport?.reason,
    reporterCompany: report.report.reporter?.companyName,
    platform: summary.platform,
    files,
    identifiers: extractIdentifiers(report),
    ipEvents,
    location,
    warnings,
  };
}
