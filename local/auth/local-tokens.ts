/**
 * Local sign-in tokens: JWTs shaped like a Cognito access token (sub, username, cognito:groups, client_id,
 * token_use) signed with the data dir's key, so the API sees the same claims as behind API Gateway's JWT
 * authorizer on AWS. Signing and verification are jose's; nothing here parses a token by hand.
 */
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { groupForRole } from '../../shared/auth/sign-in-groups.js';
import { SIGNING_ALG, localSigningKey } from './signing-key.js';

export const LOCAL_ISSUER = 'urn:tipline:local-sign-in';
export const LOCAL_CLIENT_ID = 'tipline-portal-local';
/** An hour, as Cognito's default access-token validity. */
export const LOCAL_TOKEN_TTL_SECONDS = 3600;

export interface LocalToken {
  token: string;
  role: string;
  group: string;
  expiresAt: string;
}

export async function issueLocalToken(dataDir: string, role: string, opts: { ttlSeconds?: number; now?: Date } = {}): Promise<LocalToken> {
  const { role: canonical, group } = groupForRole(role);
  const key = await localSigningKey(dataDir);
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const exp = now + (opts.ttlSeconds ?? LOCAL_TOKEN_TTL_SECONDS);
  const token = await new SignJWT({
    'cognito:groups': [group],
    username: `local-${group}`,
    client_id: LOCAL_CLIENT_ID,
    token_use: 'access',
    scope: 'openid',
  })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_CLIENT_ID)
    .setSubject(`local:${group}`)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(key.privateKey);
  return { token, role: canonical, group, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The claims of a valid local token (signature, issuer, audience, expiry checked); throws otherwise. */
export async function verifyLocalToken(dataDir: string, token: string): Promise<JWTPayload> {
  const key = await localSigningKey(dataDir);
  const { payload } = await jwtVerify(token, key.publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_CLIENT_ID, algorithms: [SIGNING_ALG] });
  return payload;
}
