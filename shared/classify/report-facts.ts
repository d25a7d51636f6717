/**
 * What Classify needs of one report, worked out once when the report is read: its time, its location, its
 * own priority and the few yes/no facts the disposition rules ask of it. Its linking keys are kept apart
 * (`BatchFacts`): they outlive the facts, since the index is written after the cases are built. A batch of
 * a million reports fits in memory this way; holding every enriched report (IP events, files, free text)
 * would take several GB. The rules that produce each fact live in rules.ts.
 */
import type { EnrichedReport, ReportLocation } from '../model/enriched-report.js';
import { identifierKeys } from './identifier-keys.js';
import type { ReportFacts } from './facts.js';
import { hasInvestigativeIdentifier, hasViewedFile, incidentAfterReceipt, incidentMs, isViralReport, priorityFromBits, priorityReasonBits } from './rules.js';

/** Shares equal location objects between reports: a batch has a few hundred distinct locations. */
export class LocationInterner {
  private readonly known = new Map<string, ReportLocation>();

  intern(loc: ReportLocation): ReportLocation {
    const id = `${loc.status}|${loc.district}|${loc.source}|${loc.elsewhere}|${loc.conflict}`;
    const known = this.known.get(id);
    if (known) return known;
    this.known.set(id, loc);
    return loc;
  }
}

export type { ReportFacts };

export function reportFacts(r: EnrichedReport, locations?: LocationInterner): ReportFacts {
  const timeMs = incidentMs(r);
  const priorityBits = priorityReasonBits(r);
  return {
    reportId: r.reportId,
    timeMs,
    ...(timeMs === Number.NEGATIVE_INFINITY ? { incidentDateTime: r.incidentDateTime } : {}),
    priority: priorityFromBits(priorityBits),
    priorityBits,
    afterReceipt: incidentAfterReceipt(r, timeMs),
    location: locations ? locations.intern(r.location) : r.location,
    investigative: hasInvestigativeIdentifier(r),
    viewedFile: hasViewedFile(r),
    viral: isViralReport(r),
    needsPort: r.warnings.includes('NEEDS_PORT') || r.ipEvents.some((e) => e.needsPort),
    locationConflict: r.warnings.includes('LOCATION_CONFLICT') || r.location.conflict,
    ...(r.warnings.includes('IMPLAUSIBLE_DATE') ? { implausibleDate: true } : {}),
  };
}

/**
 * A batch's reports as Classify holds them: by input position, each report's facts and, apart, its linking
 * keys (identifier-keys.ts). `classifyFacts` consumes `facts` (see there); the keys stay for the index.
 * Each report's keys are held as one JSON text: as an array of built strings they took about 480 bytes a
 * report, as JSON about 120 (and JSON keeps any character a hostile screen name may hold).
 */
export interface BatchFacts {
  facts: (ReportFacts | undefined)[];
  keysJson: string[];
}

/** Adds one report to the batch. */
export function addReport(batch: BatchFacts, r: EnrichedReport, locations?: LocationInterner): void {
  batch.facts.push(reportFacts(r, locations));
  batch.keysJson.push(JSON.stringify(identifierKeys(r)));
}

/** The linking keys of the report at `index`. */
export function linkingKeys(batch: Pick<BatchFacts, 'keysJson'>, index: number): string[] {
  return JSON.parse(batch.keysJson[index]!) as string[];
}
