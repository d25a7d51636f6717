/**
 * Builds the API Gateway HTTP API (payload 2.0) event the case API's handler takes, with the claims a JWT
 * authorizer would pass. For callers that stand in for API Gateway on this machine: the CLI (`--as ROLE`,
 * claims for that role, no token) and the portal's local server (claims of the token it verified).
 */
import { randomUUID } from 'node:crypto';
import type { ApiEvent } from './identity.js';
import { groupOfRole, roleName, type Role } from './roles.js';

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** The path with its parameters filled in, e.g. /api/cases/C-0123456789abcdef. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Verified claims; none means an unauthenticated request (the handler answers 401). */
  claims?: Record<string, string | number | boolean | string[]>;
}

/** The claims Cognito would put in a token for a user in this role's group (as API Gateway passes them). */
export function claimsForRole(role: Role, username = roleName(role)): Record<string, string> {
  return { sub: `local:${username}`, username, 'cognito:groups': `[${groupOfRole(role)}]` };
}

export function apiEvent(req: ApiRequest): ApiEvent {
  const query = Object.fromEntries(Object.entries(req.query ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
  const rawQueryString = new URLSearchParams(query).toString();
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: req.path,
    rawQueryString,
    headers: { 'content-type': 'application/json' },
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: req.method, path: req.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'tipline' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: req.claims ? { principalId: '', integrationLatency: 0, jwt: { claims: req.claims, scopes: [] } } : (undefined as never),
    },
  } as ApiEvent;
}
