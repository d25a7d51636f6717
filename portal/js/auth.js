// Sign-in: OAuth 2.0 authorization code with PKCE against the sign-in service /config.json names (Cognito's
// hosted sign-in on AWS; `tipline serve`'s local sign-in). The access token lives in this tab's sessionStorage
// only, and is sent as a Bearer token to the API.

const SESSION = 'tipline.session';
const PENDING = 'tipline.pkce';

let configPromise;
export function portalConfig() {
  configPromise ??= fetch('/config.json', { cache: 'no-store' }).then((r) => {
    if (!r.ok) throw new Error('the portal configuration could not be loaded');
    return r.json();
  });
  return configPromise;
}

const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomText = (n = 32) => b64url(crypto.getRandomValues(new Uint8Array(n)));
const redirectUri = () => `${location.origin}/`;

export function session() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null');
    if (s && s.token && s.expiresAt > Date.now() + 10_000) return s;
  } catch { /* a broken entry is no session */ }
  sessionStorage.removeItem(SESSION);
  return null;
}

export function forget() {
  sessionStorage.removeItem(SESSION);
}

/** To the sign-in page; `returnTo` is the portal route to come back to. */
export async function beginSignIn(returnTo) {
  const { auth } = await portalConfig();
  const verifier = randomText(48);
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = randomText(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(auth.authorizeUrl, location.origin);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: auth.clientId, redirect_uri: redirectUri(), scope: auth.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Back from sign-in with ?code=…&state=…: exchange the code; returns the route to show, or null. */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', '/');
  if (!pending || pending.state !== params.get('state')) throw new Error('sign-in could not be completed (state mismatch); sign in again');
  const { auth } = await portalConfig();
  const res = await fetch(new URL(auth.tokenUrl, location.origin), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri(), client_id: auth.clientId, code_verifier: pending.verifier }),
  });
  if (!res.ok) throw new Error('sign-in failed; sign in again');
  const tokens = await res.json();
  sessionStorage.setItem(SESSION, JSON.stringify({ token: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000 }));
  return pending.returnTo || '#/';
}

export async function signOut() {
  const { auth } = await portalConfig();
  forget();
  const url = new URL(auth.logoutUrl, location.origin);
  url.search = new URLSearchParams({ client_id: auth.clientId, logout_uri: redirectUri() }).toString();
  location.assign(url.toString());
}
