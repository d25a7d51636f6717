/**
 * The case API's routes as data (docs/design.md §9.3): the Lambda's router (functions/api/routes.ts) and the
 * HTTP API's route table (infra/constructs/case-api.ts) are both made from this list, so they cannot drift.
 */
export const API_ROUTES = [
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: '/api/cases' },
  { method: 'GET', path: '/api/cases/{caseId}' },
  { method: 'POST', path: '/api/cases/{caseId}/status' },
  { method: 'POST', path: '/api/cases/{caseId}/transfer-request' },
  { method: 'GET', path: '/api/review' },
  { method: 'POST', path: '/api/review/{caseId}' },
  { method: 'GET', path: '/api/districts' },
  { method: 'POST', path: '/api/digest' },
  // The portal's (functions/api/portal-routes.ts): downloads through the API, identifiers, HQ's lists.
  { method: 'GET', path: '/api/cases/{caseId}/identifiers' },
  { method: 'GET', path: '/api/batches/{batchId}/districts/{district}/files' },
  { method: 'GET', path: '/api/batches/{batchId}/districts/{district}/files/{name}' },
  { method: 'GET', path: '/api/batches/{batchId}/not-actionable' },
] as const;

export type ApiRoute = (typeof API_ROUTES)[number];
/** `GET /api/cases`, … — one per route (distributes over the union, so a method stays with its path). */
export type RouteKey = ApiRoute extends infer R ? (R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never) : never;

export const routeKey = (r: ApiRoute): RouteKey => `${r.method} ${r.path}` as RouteKey;
