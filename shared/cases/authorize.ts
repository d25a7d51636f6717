/**
 * The one authorisation decision (docs/design.md §9): every route and every CLI command asks here before it
 * reads or changes anything, on AWS and locally alike. Pure: a role, an action and the case it touches.
 *
 * - `hq`: every case, review decisions, reassignment, transfers, the digest.
 * - `district:<Name>`: only cases assigned to that district — read, acknowledge, investigate, close (not as
 *   `transferred`: it asks HQ for the transfer instead).
 * - `auditor`: reads everything, changes nothing.
 * - The portal's downloads follow the districts: HQ and auditors any district's files, a district its own.
 */
import type { LifecycleCase } from './lifecycle.js';
import type { StatusRequest } from './requests.js';
import { Refusal } from './refusal.js';
import { roleName, type Role } from './roles.js';

export type Action =
  | { action: 'list-cases'; district?: string }
  | { action: 'read-case'; kase: LifecycleCase }
  | { action: 'update-status'; kase: LifecycleCase; request: StatusRequest }
  | { action: 'request-transfer'; kase: LifecycleCase }
  | { action: 'list-review' }
  | { action: 'decide-review' }
  | { action: 'read-funnel'; district?: string }
  | { action: 'run-digest' }
  /** The portal's downloads: a district's list and ISP sheets of a batch. */
  | { action: 'read-district-files'; district: string }
  /** The portal's HQ lists of a batch (not actionable, out of state). */
  | { action: 'read-hq-lists' };

const forbid = (role: Role, why: string): never => {
  throw new Refusal('forbidden', `role not allowed: ${roleName(role)} ${why}`);
};

/** Throws a 401 Refusal when the request carries no role. */
export function requireIdentity(role: Role | undefined): asserts role is Role {
  if (!role) throw new Refusal('unauthenticated', 'no identity: sign in (no role in the token\'s groups)');
}

/** Throws a 401 Refusal without a role, a 403 one when the role may not; returns when it may. */
export function authorize(role: Role | undefined, a: Action): asserts role is Role {
  requireIdentity(role);
  if (role.kind === 'hq') return;
  const owns = (kase: LifecycleCase): boolean => role.kind === 'district' && kase.district === role.district && kase.status !== 'in-review';
  switch (a.action) {
    case 'list-cases':
    case 'read-funnel':
      if (role.kind === 'district' && a.district !== undefined && a.district !== role.district) forbid(role, `may not see ${a.district}'s cases`);
      return;
    case 'read-case':
      if (role.kind === 'auditor' || owns(a.kase)) return;
      return forbid(role, 'may only see cases assigned to its district');
    case 'update-status':
      if (role.kind === 'auditor') return forbid(role, 'is read only');
      if (!owns(a.kase)) return forbid(role, 'may only change cases assigned to its district');
      if (a.request.status === 'assigned' || a.request.status === 'in-review' || a.request.transferTo !== undefined || a.request.outcome === 'transferred') {
        return forbid(role, 'may not reassign or transfer a case: ask HQ for a transfer');
      }
      return;
    case 'request-transfer':
      if (role.kind === 'auditor') return forbid(role, 'is read only');
      if (!owns(a.kase)) return forbid(role, 'may only ask to transfer cases assigned to its district');
      return;
    case 'list-review':
      if (role.kind === 'auditor') return;
      return forbid(role, 'may not see the review queue');
    case 'decide-review':
      return forbid(role, 'may not decide review cases (HQ only)');
    case 'run-digest':
      return forbid(role, 'may not run the digest (HQ only)');
    case 'read-district-files':
      if (role.kind === 'auditor' || (role.kind === 'district' && role.district === a.district)) return;
      return forbid(role, `may not read ${a.district}'s files`);
    case 'read-hq-lists':
      if (role.kind === 'auditor') return;
      return forbid(role, "may not read HQ's lists");
  }
}
