/**
 * The audit middleware around the API handler: after the handler has answered (or failed), one event
 * `{ at, actor, action, resource, allowed }` is appended to the audit table, and only then does the response
 * leave. If the event cannot be written the caller gets a 500 and no data: no access goes unrecorded.
 * Used outermost, so it sees the final response of the whole handler (router, error handling included).
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { appendAuditEvent } from '../aws/audit-log.js';
import { getCase } from '../aws/lifecycle-store.js';
import { auditTarget } from './audit-action.js';
import { isRefusal, type AuditEvent } from './audit-event.js';
import { roleOf } from '../cases/identity.js';
import { roleName } from '../cases/roles.js';
import { logger, errorName } from '../logger.js';

type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
/** What the API answers: a status, headers, a JSON body. */
type ApiResult = { statusCode: number; headers?: APIGatewayProxyStructuredResultV2['headers']; body?: string };

export interface AuditOptions {
  append?: (event: AuditEvent) => Promise<void>;
  /** The district of a case named by the request; undefined when unknown. */
  districtOfCase?: (caseId: string) => Promise<string | undefined>;
  now?: () => Date;
}

const AUDIT_FAILED = {
  statusCode: 500,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ error: 'AuditUnavailable', message: 'the access could not be recorded; try again' }),
};

const statusOf = (error: unknown): number => {
  const s = (error as { statusCode?: unknown; status?: unknown } | null)?.statusCode ?? (error as { status?: unknown } | null)?.status;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
};

/**
 * The case's district as an allowed answer shows it (a case view carries `district`, null while in review),
 * so recording a read or a change costs no second read of the case. Undefined when the answer does not show
 * it (a refusal, another shape): then the case is looked up.
 */
function districtShown(response: ApiResult | undefined): string | null | undefined {
  if (!response || response.statusCode < 200 || response.statusCode > 299 || !response.body?.startsWith('{')) return undefined;
  try {
    const district = (JSON.parse(response.body) as { district?: unknown }).district;
    return typeof district === 'string' || district === null ? district : undefined;
  } catch {
    return undefined;
  }
}

export function auditAccess<R extends ApiResult>(opts: AuditOptions = {}): MiddlewareObj<ApiEvent, R> {
  const append = opts.append ?? ((e: AuditEvent) => appendAuditEvent(e));
  const caseDistrict = opts.districtOfCase ?? (async (caseId: string) => (await getCase(caseId))?.district ?? undefined);
  const now = opts.now ?? (() => new Date());

  async function record(event: ApiEvent, status: number, response?: ApiResult): Promise<void> {
    const role = roleOf(event);
    const claims = event.requestContext?.authorizer?.jwt?.claims;
    const user = claims?.username ?? claims?.['cognito:username'] ?? claims?.sub;
    const target = auditTarget(event.requestContext?.http?.method ?? 'GET', event.rawPath ?? '', event.rawQueryString ?? '');
    let district = target.district;
    if (district === undefined && target.caseId) {
      const shown = districtShown(response);
      district = shown === undefined ? await caseDistrict(target.caseId).catch(() => undefined) : shown ?? undefined;
    }
    await append({
      at: now().toISOString(),
      actor: role ? roleName(role) : 'anonymous',
      ...(user !== undefined ? { user: String(user) } : {}),
      action: target.action,
      resource: target.resource,
      allowed: !isRefusal(status),
      status,
      ...(district ? { district } : {}),
    });
  }

  return {
    after: async (request) => {
      try {
        await record(request.event, request.response?.statusCode ?? 200, request.response ?? undefined);
      } catch (err) {
        logger.error('audit event not written; response withheld', { error: errorName(err) });
        request.response = AUDIT_FAILED as unknown as R;
      }
    },
    onError: async (request) => {
      const status = request.response?.statusCode ?? statusOf(request.error);
      try {
        await record(request.event, status);
      } catch (err) {
        logger.error('audit event not written; response withheld', { error: errorName(err) });
        request.response = AUDIT_FAILED as unknown as R;
      }
    },
  };
}

/** The API handler with every request audited. */
export function withAudit<R extends ApiResult>(handler: (event: ApiEvent, context: Context) => Promise<R>, opts: AuditOptions = {}) {
  return middy<ApiEvent, R>().use(auditAccess<R>(opts)).handler(handler);
}
