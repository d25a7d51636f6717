/**
 * Assign: write a district's actionable cases as assignments. Re-running writes nothing new.
 */
import type { AssignResult, DistrictTaskInput } from '../model/workflow.js';
import type { CaseWithReports } from '../model/case.js';
import { readAllJsonLines } from '../aws/object-store.js';
import { writeAssignments } from '../aws/assignments.js';
import { resource } from '../config.js';
import { withoutReports } from './classify-cases.js';

export async function assignDistrict({ work }: DistrictTaskInput): Promise<AssignResult> {
  const cases = await readAllJsonLines<CaseWithReports>(resource('WORK_BUCKET'), work.casesKey);
  const { written, alreadyPresent } = await writeAssignments(cases.map(withoutReports));
  return { district: work.district, written, alreadyPresent };
}
