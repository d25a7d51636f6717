/**
 * What an API request does, for the audit trail: the action and the resource, from the method and path.
 * Every route of the API has a name here; a request outside them is `api.request` on its path.
 */
export interface AuditTarget {
  action: string;
  resource: string;
  /** The district the path names (downloads); a case's district is looked up (audit-middleware.ts). */
  district?: string;
  caseId?: string;
}

const seg = '([^/]+)';
const ROUTES: { method: string; pattern: RegExp; target: (m: string[], query: URLSearchParams) => AuditTarget }[] = [
  { method: 'GET', pattern: /^\/api\/cases$/, target: (_m, q) => ({ action: 'cases.list', resource: withQuery('cases', q), district: q.get('district') ?? undefined }) },
  { method: 'GET', pattern: new RegExp(`^/api/cases/${seg}$`), target: ([id]) => ({ action: 'case.read', resource: `case/${id}`, caseId: id }) },
  { method: 'GET', pattern: new RegExp(`^/api/cases/${seg}/identifiers$`), target: ([id]) => ({ action: 'case.identifiers', resource: `case/${id}/identifiers`, caseId: id }) },
  { method: 'POST', pattern: new RegExp(`^/api/cases/${seg}/status$`), target: ([id]) => ({ action: 'case.update', resource: `case/${id}`, caseId: id }) },
  { method: 'POST', pattern: new RegExp(`^/api/cases/${seg}/transfer-request$`), target: ([id]) => ({ action: 'case.transfer-request', resource: `case/${id}`, caseId: id }) },
  { method: 'GET', pattern: /^\/api\/review$/, target: (_m, q) => ({ action: 'review.list', resource: withQuery('review', q) }) },
  { method: 'POST', pattern: new RegExp(`^/api/review/${seg}$`), target: ([id]) => ({ action: 'review.decide', resource: `case/${id}`, caseId: id }) },
  { method: 'GET', pattern: /^\/api\/districts$/, target: () => ({ action: 'districts.read', resource: 'districts' }) },
  { method: 'GET', pattern: new RegExp(`^/api/batches/${seg}/not-actionable$`), target: ([batch]) => ({ action: 'hq-lists.read', resource: `batch/${batch}/not-actionable` }) },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/batches/${seg}/districts/${seg}/files$`),
    target: ([batch, district]) => ({ action: 'files.list', resource: `batch/${batch}/district/${district}`, district }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/batches/${seg}/districts/${seg}/files/${seg}$`),
    target: ([batch, district, file]) => ({ action: 'file.download', resource: `batch/${batch}/district/${district}/${file}`, district }),
  },
];

function withQuery(base: string, query: URLSearchParams): string {
  const parts = [...query.entries()].filter(([, v]) => v !== '').sort(([a], [b]) => a.localeCompare(b));
  return parts.length > 0 ? `${base}?${new URLSearchParams(parts).toString()}` : base;
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The action and resource of a request; path segments decoded, bounded in length. */
export function auditTarget(method: string, rawPath: string, rawQuery = ''): AuditTarget {
  const query = new URLSearchParams(rawQuery);
  for (const route of ROUTES) {
    if (route.method !== method.toUpperCase()) continue;
    const m = route.pattern.exec(rawPath);
    if (m) return route.target(m.slice(1).map((s) => decode(s).slice(0, 200)), query);
  }
  return { action: 'api.request', resource: `${method.toUpperCase()} ${rawPath.slice(0, 300)}` };
}
