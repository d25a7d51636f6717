/**
 * The case API's Lambda (API Gateway HTTP API, payload 2.0, JWT authorizer): @middy/http-router over the
 * route table, and one error mapping — a Refusal is its status with `{ error, message }`, anything else a
 * 500 that says nothing of the request. Locally the CLI and the portal's server call this same handler.
 */
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { routes, json, type ApiResult, type Route } from './routes.js';
import { withAudit } from '../../shared/audit/audit-middleware.js';
import { Refusal } from '../../shared/cases/refusal.js';
import type { ApiEvent } from '../../shared/cases/identity.js';
import { errorName, logger } from '../../shared/logger.js';

export { routes };

/** Any error as the API's answer; only the error's name is logged (a message may quote input). */
export function errorResult(err: unknown): ApiResult {
  if (err instanceof Refusal) return json(err.status, { error: err.code, message: err.message });
  const status = (err as { statusCode?: number }).statusCode;
  if (status === 404) return json(404, { error: 'not-found', message: 'no such route' });
  if (status === 405) return json(405, { error: 'method-not-allowed', message: 'method not allowed' });
  logger.error('api request failed', { error: errorName(err) });
  return json(500, { error: 'internal', message: 'internal error' });
}

/** The handler over a route table (the portal may pass the table with its own routes added). */
export function apiHandler(table: Route[] = routes) {
  const router = httpRouterHandler(table as unknown as Parameters<typeof httpRouterHandler>[0]) as unknown as (e: ApiEvent, c: Context) => Promise<ApiResult>;
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    try {
      return await router(event, context);
    } catch (err) {
      return errorResult(err);
    }
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}

/**
 * The deployed handler: the lifecycle's routes and the portal's (downloads, identifiers, HQ lists), every
 * request recorded in the audit trail before its answer leaves (shared/audit/audit-middleware.ts).
 */
export const handler = withAudit(apiHandler());
