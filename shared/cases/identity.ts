/**
 * The caller's role from an API Gateway HTTP API (v2) event, taken only from the claims its JWT authorizer
 * verified (`requestContext.authorizer.jwt.claims`): `cognito:groups` gives the role; nothing from headers,
 * query or body is trusted for identity.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { parseGroups, roleOfGroups, type Role } from './roles.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export function roleOf(event: ApiEvent): Role | undefined {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims) return undefined;
  return roleOfGroups(parseGroups(claims['cognito:groups']));
}
