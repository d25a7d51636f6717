/** Groups → role, as API Gateway passes `cognito:groups` (a bracketed string) or as an array. */
import { districtSlug, parseGroups, parseRole, roleName, roleOfGroups, groupOfRole, DISTRICT_NAMES } from '../../../shared/cases/roles.js';

it('reads the claim in API Gateway\'s string form and as an array', () => {
  expect(parseGroups('[hq]')).toEqual(['hq']);
  expect(parseGroups('[district-indore auditor]')).toEqual(['district-indore', 'auditor']);
  expect(parseGroups(['district-agar-malwa'])).toEqual(['district-agar-malwa']);
  expect(parseGroups(undefined)).toEqual([]);
});

it('maps hq, auditor and district-<slug> to roles; hq wins, then one district, then auditor', () => {
  expect(roleOfGroups(['hq', 'auditor'])).toEqual({ kind: 'hq' });
  expect(roleOfGroups(['auditor', 'district-indore'])).toEqual({ kind: 'district', district: 'Indore' });
  expect(roleOfGroups(['district-agar-malwa'])).toEqual({ kind: 'district', district: 'Agar Malwa' });
  expect(roleOfGroups(['auditor'])).toEqual({ kind: 'auditor' });
});

it('grants nothing for unknown groups, unknown districts or two districts at once', () => {
  expect(roleOfGroups([])).toBeUndefined();
  expect(roleOfGroups(['admin', 'district-atlantis'])).toBeUndefined();
  expect(roleOfGroups(['district-indore', 'district-bhopal'])).toBeUndefined();
});

it('round-trips every district through its group and its --as name', () => {
  expect(DISTRICT_NAMES).toHaveLength(55);
  for (const name of DISTRICT_NAMES) {
    const role = { kind: 'district' as const, district: name };
    expect(groupOfRole(role)).toBe(`district-${districtSlug(name)}`);
    expect(roleOfGroups(parseGroups(`[${groupOfRole(role)}]`))).toEqual(role);
    expect(parseRole(roleName(role))).toEqual(role);
  }
  expect(parseRole('district:nowhere')).toBeUndefined();
});
