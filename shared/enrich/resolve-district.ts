/**
 * The district of a report from its evidence, in docs/design.md §5's order (address → cell → estimated → geo):
 * the first evidence that names an MP district decides, and its source is recorded. With no district:
 * if some evidence put the suspect in MP (district unknown), the report has no location (HQ sorts it out,
 * it is not forwarded away); otherwise the first evidence placing the suspect elsewhere makes it
 * out-of-state / out-of-country; no evidence at all is `none`.
 * `conflict` (LOCATION_CONFLICT): two pieces of evidence name different districts, or one puts the
 * suspect in MP and another outside it.
 */
import type { ReportLocation } from '../model/enriched-report.js';
import type { Evidence } from './evidence.js';

export function resolveLocation(evidence: readonly Evidence[]): ReportLocation {
  let decided: Extract<Evidence, { kind: 'district' }> | undefined;
  let firstElsewhere: Extract<Evidence, { kind: 'elsewhere' }> | undefined;
  let inMp = false;
  let conflict = false;
  for (const e of evidence) {
    if (e.kind === 'district') {
      if (decided === undefined) decided = e;
      else if (e.district !== decided.district) conflict = true;
      inMp = true;
    } else if (e.kind === 'mp') {
      inMp = true;
    } else {
      firstElsewhere ??= e;
    }
  }
  if (inMp && firstElsewhere) conflict = true;

  if (decided) return { status: 'in-mp', district: decided.district, source: decided.source, conflict };
  if (inMp || !firstElsewhere) return { status: 'none', district: null, source: null, conflict };
  return {
    status: firstElsewhere.scope === 'state' ? 'out-of-state' : 'out-of-country',
    district: null,
    source: firstElsewhere.source,
    elsewhere: firstElsewhere.where,
    conflict,
  };
}
