/**
 * Assign: write a district's actionable cases as assignments and open their lifecycle records. Re-running
 * writes nothing new.
 */
import type { AssignResult, DistrictTaskInput } from '../model/workflow.js';
import type { CaseWithReports } from '../model/case.js';
import { readJsonLines } from '../aws/object-store.js';
import { withoutReports, type Case } from '../model/case.js';
import { writeAssignments } from '../aws/assignments.js';
import { resource } from '../config.js';
import { createRecords, initialRecord } from '../cases/create-cases.js';
import { dueHours } from '../cases/due-time.js';

export async function assignDistrict({ batch, work }: DistrictTaskInput): Promise<AssignResult> {
  // Cases only: a big district's reports are dropped as each line is read.
  const cases: Case[] = [];
  for await (const kase of readJsonLines<CaseWithReports>(resource('WORK_BUCKET'), work.casesKey)) cases.push(withoutReports(kase));
  const { written, alreadyPresent } = await writeAssignments(cases);
  // Each case starts its lifecycle `assigned` (docs/design.md §9); a retry finds the records and adds nothing.
  const at = new Date().toISOString();
  await createRecords(batch.batchId, work.district, cases.map((c) => initialRecord(c, at, dueHours())));
  return { district: work.district, written, alreadyPresent };
}
