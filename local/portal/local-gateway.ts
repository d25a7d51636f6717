/**
 * What API Gateway's HTTP API does in front of the API's Lambda, locally: the JWT authorizer (a Bearer token
 * verified with jose against the data dir's key — signature, issuer, audience, expiry — else 401 before the
 * handler runs) and the payload-2.0 event the handler receives, with the claims as the authorizer passes
 * them (an array claim becomes one string, "[a b]", as API Gateway renders it).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { verifyLocalToken } from '../auth/local-tokens.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type JwtClaims = ApiEvent['requestContext']['authorizer']['jwt']['claims'];

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(headers.authorization ?? '');
  return m?.[1];
}

/** The verified claims of the request's token, or undefined (no token, or one that does not verify). */
export async function verifiedClaims(dataDir: string, headers: IncomingHttpHeaders): Promise<JwtClaims | undefined> {
  const token = bearerToken(headers);
  if (!token) return undefined;
  try {
    return asAuthorizerClaims(await verifyLocalToken(dataDir, token));
  } catch {
    return undefined;
  }
}

function asAuthorizerClaims(payload: JWTPayload): JwtClaims {
  const claims: JwtClaims = {};
  for (const [k, v] of Object.entries(payload)) {
    if (v === undefined || v === null) continue;
    claims[k] = Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
  }
  return claims;
}

export function gatewayEvent(opts: {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body?: string;
  claims: JwtClaims;
  sourceIp?: string;
}): ApiEvent {
  const now = new Date();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of opts.url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: opts.url.pathname,
    rawQueryString: opts.url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: opts.claims, scopes: null } },
      domainName: opts.url.host,
      domainPrefix: opts.url.hostname,
      http: { method: opts.method, path: opts.url.pathname, protocol: 'HTTP/1.1', sourceIp: opts.sourceIp ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(opts.body !== undefined && opts.body !== '' ? { body: opts.body } : {}),
    isBase64Encoded: false,
  };
}
