/**
 * Assign: write a district's actionable cases as assignments. Re-running writes nothing new.
 */
import type { AssignResult, DistrictTaskInput } from '../model/workflow.js';
import type { CaseWithReports } from '../model/case.js';
import { readJsonLines } from '../aws/object-store.js';
import type { Case } from '../model/case.js';
import { writeAssignments } from '../aws/assignments.js';
import { resource } from '../config.js';
import { withoutReports } from './classify-cases.js';

export async function assignDistrict({ work }: DistrictTaskInput): Promise<AssignResult> {
  // Cases only: a big district's reports are dropped as each line is read.
  const cases: Case[] = [];
  for await (const kase of readJsonLines<CaseWithReports>(resource('WORK_BUCKET'), work.casesKey)) cases.push(withoutReports(kase));
  const { written, alreadyPresent } = await writeAssignments(cases);
  return { district: work.district, written, alreadyPresent };
}
