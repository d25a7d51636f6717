/** What the access audit calls each request: every route of the API has its action, resource and district. */
import { auditTarget } from '../../../shared/audit/audit-action.js';
import { API_ROUTES } from '../../../shared/cases/api-routes.js';

const C = 'C-00112233aabbccdd';
const B = 'b-0123456789abcdef';

test.each([
  ['GET', `/api/cases/${C}`, '', { action: 'case.read', resource: `case/${C}`, caseId: C }],
  ['GET', `/api/cases/${C}/identifiers`, '', { action: 'case.identifiers', resource: `case/${C}/identifiers`, caseId: C }],
  ['POST', `/api/cases/${C}/status`, '', { action: 'case.update', resource: `case/${C}` }],
  ['GET', '/api/cases', 'status=assigned&district=Indore', { action: 'cases.list', resource: 'cases?district=Indore&status=assigned', district: 'Indore' }],
  ['GET', `/api/batches/${B}/districts/Indore/files/cases.csv`, '', { action: 'file.download', resource: `batch/${B}/district/Indore/cases.csv`, district: 'Indore' }],
  ['GET', `/api/batches/${B}/districts/Agar%20Malwa/files`, '', { action: 'files.list', district: 'Agar Malwa' }],
  ['GET', `/api/batches/${B}/not-actionable`, '', { action: 'hq-lists.read' }],
  ['GET', '/api/nowhere', '', { action: 'api.request', resource: 'GET /api/nowhere' }],
])('%s %s?%s', (method, path, query, expected) => {
  expect(auditTarget(method, path, query)).toMatchObject(expected);
});

test('every route of the API is named (none falls to api.request but /api/me)', () => {
  const fill = (p: string) => p.replace('{caseId}', C).replace('{batchId}', B).replace('{district}', 'Indore').replace('{name}', 'cases.csv');
  const unnamed = API_ROUTES.filter((r) => auditTarget(r.method, fill(r.path)).action === 'api.request').map((r) => `${r.method} ${r.path}`);
  expect(unnamed).toEqual(['GET /api/me', 'POST /api/digest']);
});
