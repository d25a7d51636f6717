/**
 * The case API's routes (docs/design.md §9.3), each thin: parse with zod, call shared/cases/, answer JSON.
 * Exported as a table so other concerns (the portal's audit trail, downloads) can wrap or extend it.
 */
import * as z from 'zod';
import { roleOf, type ApiEvent } from '../../shared/cases/identity.js';
import {
  caseIdSchema, caseListQuerySchema, digestRequestSchema, reviewDecisionSchema, statusRequestSchema, transferRequestSchema,
} from '../../shared/cases/requests.js';
import { decideReview, listCases, listReview, readFunnel, requestTransfer, showCase, updateStatus } from '../../shared/cases/case-service.js';
import { runDigest } from '../../shared/cases/digest.js';
import { authorize } from '../../shared/cases/authorize.js';
import { roleName } from '../../shared/cases/roles.js';
import { Refusal } from '../../shared/cases/refusal.js';
import { API_ROUTES, routeKey, type RouteKey } from '../../shared/cases/api-routes.js';
import { json, type RouteHandler, type Route } from './api-result.js';
import { portalHandlers } from './portal-routes.js';

export { json, type ApiResult, type RouteHandler, type Route } from './api-result.js';

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // Paths and zod's message only: a value may be a note.
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ');
  throw new Refusal('bad-request', `bad ${what}: ${problems}`);
}

function body(event: ApiEvent): unknown {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal('bad-request', 'bad body: not JSON');
  }
}

const caseIdOf = (event: ApiEvent): string => parse(caseIdSchema, event.pathParameters?.caseId, 'caseId');

const HANDLERS: Record<RouteKey, RouteHandler> = {
  'GET /api/me': async (event) => {
    const role = roleOf(event);
    authorize(role, { action: 'read-funnel' });
    return json(200, { role: roleName(role) });
  },
  'GET /api/cases': async (event) => json(200, { cases: await listCases(roleOf(event), parse(caseListQuerySchema, event.queryStringParameters ?? {}, 'query')) }),
  'GET /api/cases/{caseId}': async (event) => json(200, await showCase(caseIdOf(event), roleOf(event))),
  'POST /api/cases/{caseId}/status': async (event) => json(200, await updateStatus(caseIdOf(event), roleOf(event), parse(statusRequestSchema, body(event), 'body'))),
  'POST /api/cases/{caseId}/transfer-request': async (event) => json(200, await requestTransfer(caseIdOf(event), roleOf(event), parse(transferRequestSchema, body(event), 'body'))),
  'GET /api/review': async (event) => json(200, { cases: await listReview(roleOf(event), event.queryStringParameters?.batch) }),
  'POST /api/review/{caseId}': async (event) => json(200, await decideReview(caseIdOf(event), roleOf(event), parse(reviewDecisionSchema, body(event), 'body'))),
  'GET /api/districts': async (event) => json(200, await readFunnel(roleOf(event))),
  'POST /api/digest': async (event) => {
    const role = roleOf(event);
    authorize(role, { action: 'run-digest' });
    const { now } = parse(digestRequestSchema, body(event), 'body');
    return json(200, await runDigest(now ? new Date(now) : new Date()));
  },
  ...portalHandlers,
};

/** The route table @middy/http-router takes (one entry per API_ROUTES entry). */
export const routes: Route[] = API_ROUTES.map((r) => ({ method: r.method, path: r.path, handler: HANDLERS[routeKey(r)] }));
