/**
 * Who is asking, as a role: `hq`, `auditor` or `district:<Name>`. On AWS the role comes from the Cognito
 * groups in the JWT the API's authorizer checked (`hq`, `auditor`, `district-<slug>`); locally `--as ROLE`
 * names it. Pure: the same mapping on AWS, behind the portal's local server and in the CLI.
 */
import districtsJson from '../../data/mp-districts.json' with { type: 'json' };

export type Role = { kind: 'hq' } | { kind: 'auditor' } | { kind: 'district'; district: string };

export const DISTRICT_NAMES: readonly string[] = (districtsJson as { name: string }[]).map((d) => d.name);

/** The group slug of a district: lower case, runs of anything else than letters and digits as one hyphen. */
export function districtSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

const BY_SLUG = new Map(DISTRICT_NAMES.map((name) => [districtSlug(name), name]));

/** The district a name means, spelt as data/mp-districts.json spells it (any case, spaces or hyphens). */
export function districtNamed(name: string): string | undefined {
  return BY_SLUG.get(districtSlug(name));
}

/** `cognito:groups` as API Gateway passes it: an array, or a string like `[hq]` or `[district-indore auditor]`. */
export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
}

/**
 * The role of a set of groups. A user in several groups gets the widest: hq, then a district, then auditor
 * (a district officer who is also an auditor still acts for the district). Unknown groups grant nothing.
 */
export function roleOfGroups(groups: readonly string[]): Role | undefined {
  if (groups.includes('hq')) return { kind: 'hq' };
  const districts = groups.filter((g) => g.startsWith('district-')).map((g) => BY_SLUG.get(g.slice('district-'.length))).filter((d): d is string => !!d);
  // Two districts at once is a misconfigured account: refuse rather than pick one.
  if (districts.length === 1) return { kind: 'district', district: districts[0]! };
  if (districts.length > 1) return undefined;
  if (groups.includes('auditor')) return { kind: 'auditor' };
  return undefined;
}

/** The group a role comes from (what the CLI's `--as` puts into the claims). */
export function groupOfRole(role: Role): string {
  return role.kind === 'district' ? `district-${districtSlug(role.district)}` : role.kind;
}

/** `hq`, `auditor`, `district:<Name>` — the actor written into history. */
export function roleName(role: Role): string {
  return role.kind === 'district' ? `district:${role.district}` : role.kind;
}

/** Parses `--as`: `hq`, `auditor`, `district:Indore` (any case, also `district-indore`). */
export function parseRole(text: string): Role | undefined {
  const t = text.trim();
  if (t.toLowerCase() === 'hq') return { kind: 'hq' };
  if (t.toLowerCase() === 'auditor') return { kind: 'auditor' };
  const m = /^district[:-](.+)$/i.exec(t);
  const district = m ? districtNamed(m[1]!) : undefined;
  return district ? { kind: 'district', district } : undefined;
}
