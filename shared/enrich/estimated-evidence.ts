/** Evidence from the ESP's estimatedLocation of each suspect (country, region, city; see regionalEvidence). */
import type { CanonicalReport } from '../model/canonical-report.js';
import { regionalEvidence, type Evidence } from './evidence.js';

export function estimatedEvidence(report: CanonicalReport): Evidence[] {
  const found: Evidence[] = [];
  for (const suspect of report.report.personOrUserReported ?? []) {
    const est = suspect.estimatedLocation;
    if (!est) continue;
    const e = regionalEvidence('estimated', { country: est.countryCode, region: est.region, city: est.city });
    if (e) found.push(e);
  }
  return found;
}
