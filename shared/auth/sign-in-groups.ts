/**
 * The sign-in groups (Cognito user pool groups, and the group of a local token): `hq`, `auditor`, and
 * `district-<slug>` for each of the 55 districts. The user pool creates exactly these; `tipline token --as ROLE`
 * puts one of them in its token. Groups and roles map both ways in shared/cases/roles.ts.
 */
import { DISTRICT_NAMES, groupOfRole, parseRole, roleName, type Role } from '../cases/roles.js';

const ALL_ROLES: Role[] = [{ kind: 'hq' }, { kind: 'auditor' }, ...DISTRICT_NAMES.map((district): Role => ({ kind: 'district', district }))];

/** Every group the user pool has, HQ and auditor first. */
export const SIGN_IN_GROUPS: readonly string[] = ALL_ROLES.map(groupOfRole);

/** Every role one can sign in as: `hq`, `auditor`, `district:<Name>`. */
export const ROLES: readonly string[] = ALL_ROLES.map(roleName);

export class UnknownRoleError extends Error {
  override readonly name = 'UnknownRoleError';
}

/** The role and group of a role as written by a person (`hq`, `auditor`, `district:Indore`, any case). */
export function groupForRole(text: string): { role: string; group: string } {
  const role = parseRole(text);
  if (!role) throw new UnknownRoleError(`unknown role "${text.trim()}": use hq, auditor or district:<District> (one of the 55 MP districts, e.g. district:Indore)`);
  return { role: roleName(role), group: groupOfRole(role) };
}
