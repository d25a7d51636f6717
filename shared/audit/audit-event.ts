/**
 * An audit event: who (the role, and the signed-in user) did what to which resource, when, and whether it
 * was allowed. One is written for every API request that reaches the API's handler — every read of a case,
 * every download, allowed or refused — before the response leaves (docs/design.md §8).
 */
export interface AuditEvent {
  /** ISO time the request was answered. */
  at: string;
  /** The role: `hq`, `auditor`, `district:<Name>`, or `anonymous` when the request carried no identity. */
  actor: string;
  /** The signed-in user (Cognito username or sub); never a report value. */
  user?: string;
  /** e.g. `case.read`, `file.download`, `cases.list` (audit-action.ts). */
  action: string;
  /** e.g. `case/<caseId>`, `batch/<batchId>/district/<District>/cases.csv`. */
  resource: string;
  /** False when the request was refused for who made it (401, 403). */
  allowed: boolean;
  /** The HTTP status answered. */
  status: number;
  /** The district whose data the resource is, when known (what `tipline audit --district` matches, with the actor). */
  district?: string;
}

/** Refused for who asked: no identity, or a role that may not. */
export const isRefusal = (status: number): boolean => status === 401 || status === 403;

/** Events that concern a district: its data, or its officers' requests. */
export function concernsDistrict(event: AuditEvent, district: string): boolean {
  const d = district.toLowerCase();
  return event.district?.toLowerCase() === d || event.actor.toLowerCase() === `district:${d}`;
}
