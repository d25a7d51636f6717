/** Why a case is P1 or P2, in the words a district officer reads (codes: shared/model/case.ts). */
import type { PriorityReason } from '../model/case.js';

const PRIORITY_REASON_LABELS: Record<PriorityReason, string> = {
  ESCALATED: 'escalated to high priority by the reporting company',
  P1_INCIDENT_TYPE: 'enticement, trafficking, sex tourism or molestation reported',
  SEXTORTION: 'sextortion',
  SADISTIC_EXPLOITATION: 'sadistic online exploitation',
  NCMEC_PRIORITY_1: 'NCMEC priority 1',
  CONFIRMED_ABUSE_MATERIAL: 'abuse material viewed and classified by the company (A1/A2/B1/B2)',
  NCMEC_PRIORITY_2: 'NCMEC priority 2',
};

export function priorityReasonLabel(code: PriorityReason): string {
  return PRIORITY_REASON_LABELS[code] ?? code;
}

/** "sextortion; NCMEC priority 1", or undefined for a case with none recorded. */
export function priorityReasonsText(reasons: readonly PriorityReason[] | undefined): string | undefined {
  return reasons?.length ? reasons.map(priorityReasonLabel).join('; ') : undefined;
}
