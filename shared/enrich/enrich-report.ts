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
