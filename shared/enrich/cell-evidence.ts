/**
 * Evidence from cellPhoneIncident coordinates: the district whose HQ is nearest, if within 50 km.
 * A point with no HQ within 50 km is not evidence either way: without district polygons we cannot tell
 * a remote corner of MP from a neighbouring state, so it neither places the suspect in MP nor outside it.
 */
import type { CanonicalReport } from '../model/canonical-report.js';
import type { Evidence } from './evidence.js';
import { nearestDistrictHq } from './gazetteer.js';

export function cellEvidence(report: CanonicalReport): Evidence[] {
  const found: Evidence[] = [];
  for (const detail of report.report.internetDetails ?? []) {
    const cell = detail.cellPhoneIncident;
    if (cell?.latitude === undefined || cell.longitude === undefined) continue;
    const near = nearestDistrictHq(cell.latitude, cell.longitude);
    if (near) found.push({ source: 'cell', kind: 'district', district: near.district });
  }
  return found;
}
