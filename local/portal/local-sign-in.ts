/**
 * The local stand-in for the hosted sign-in: the same OAuth 2.0 authorization-code flow with PKCE the portal
 * runs against Cognito, with "choose a role" in place of a password and MFA. /auth/authorize shows the choice
 * and redirects back with a one-time code (a minute, single use); /auth/token exchanges it, checking the PKCE
 * verifier, for a token signed by the data dir's key (local-tokens.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { ROLES } from '../../shared/auth/sign-in-groups.js';
import { esc } from '../../shared/notify/escape.js';
import { LOCAL_CLIENT_ID, issueLocalToken } from '../auth/local-tokens.js';

const CODE_TTL_MS = 60_000;

interface PendingCode {
  role: string;
  challenge: string;
  redirectUri: string;
  expires: number;
}

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface AuthorizeParams {
  client_id?: string;
  redirect_uri?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  response_type?: string;
}

const base64url = (buf: Buffer): string => buf.toString('base64url');

export class LocalSignIn {
  private readonly codes = new Map<string, PendingCode>();

  constructor(private readonly dataDir: string, private readonly origin: () => string) {}

  /** The request must come from this portal's client, back to this portal, with a S256 challenge. */
  check(params: AuthorizeParams): Required<Pick<AuthorizeParams, 'redirect_uri' | 'code_challenge'>> & { state: string } {
    if (params.response_type !== undefined && params.response_type !== 'code') throw new OAuthError(400, 'unsupported_response_type', 'response_type must be code');
    if (params.client_id !== LOCAL_CLIENT_ID) throw new OAuthError(400, 'invalid_client', 'unknown client_id');
    const redirect = params.redirect_uri ?? '';
    if (!redirect.startsWith(`${this.origin()}/`)) throw new OAuthError(400, 'invalid_request', 'redirect_uri must be this portal');
    if (!params.code_challenge || params.code_challenge_method !== 'S256') throw new OAuthError(400, 'invalid_request', 'PKCE (code_challenge, S256) is required');
    return { redirect_uri: redirect, code_challenge: params.code_challenge, state: params.state ?? '' };
  }

  /** The "choose a role" page; every value written into it is escaped. */
  page(params: AuthorizeParams): string {
    const p = this.check(params);
    const hidden = Object.entries({ client_id: LOCAL_CLIENT_ID, redirect_uri: p.redirect_uri, state: p.state, code_challenge: p.code_challenge, code_challenge_method: 'S256', response_type: 'code' })
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join('\n');
    const options = ROLES.map((r) => `<option value="${esc(r)}">${esc(r)}</option>`).join('\n');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — Tipline portal (local)</title><link rel="stylesheet" href="/app.css"></head>
<body><main id="main" class="signin">
<h1>Sign in to the Tipline portal</h1>
<p class="note">Local sign-in: choose who you are. On AWS this is the hosted sign-in with a password and a one-time code.</p>
<form method="post" action="/auth/authorize">
${hidden}
<label for="role">Role</label>
<select id="role" name="role" required>${options}</select>
<button type="submit">Sign in</button>
</form></main></body></html>`;
  }

  /** The role chosen: a one-time code, and where to send the browser with it. */
  authorize(params: AuthorizeParams & { role?: string }): string {
    const p = this.check(params);
    if (!params.role || !ROLES.includes(params.role)) throw new OAuthError(400, 'invalid_request', 'choose a role');
    const code = randomUUID();
    this.codes.set(code, { role: params.role, challenge: p.code_challenge, redirectUri: p.redirect_uri, expires: Date.now() + CODE_TTL_MS });
    const target = new URL(p.redirect_uri);
    target.searchParams.set('code', code);
    if (p.state) target.searchParams.set('state', p.state);
    return target.toString();
  }

  /** The token endpoint: code + verifier → access token (as Cognito answers: access_token, id_token, expires_in). */
  async token(form: URLSearchParams): Promise<Record<string, string | number>> {
    if (form.get('grant_type') !== 'authorization_code') throw new OAuthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code');
    const code = form.get('code') ?? '';
    const pending = this.codes.get(code);
    this.codes.delete(code); // single use, even when the rest is wrong
    if (!pending || pending.expires < Date.now()) throw new OAuthError(400, 'invalid_grant', 'unknown or expired code');
    if (form.get('client_id') !== LOCAL_CLIENT_ID || form.get('redirect_uri') !== pending.redirectUri) throw new OAuthError(400, 'invalid_grant', 'client or redirect_uri does not match');
    const verifier = form.get('code_verifier') ?? '';
    if (base64url(createHash('sha256').update(verifier).digest()) !== pending.challenge) throw new OAuthError(400, 'invalid_grant', 'PKCE verification failed');
    const issued = await issueLocalToken(this.dataDir, pending.role);
    const expiresIn = Math.round((Date.parse(issued.expiresAt) - Date.now()) / 1000);
    return { access_token: issued.token, id_token: issued.token, token_type: 'Bearer', expires_in: expiresIn };
  }
}
