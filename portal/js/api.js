// The API, with the session's Bearer token. A 401 means the session is over: sign in again.
import { session, forget } from './auth.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `request failed (${status})`);
    this.status = status;
    this.code = code;
  }
}
export class SignInNeeded extends Error {}

export async function api(path, { method = 'GET', body } = {}) {
  const s = session();
  if (!s) throw new SignInNeeded();
  const headers = { Authorization: `Bearer ${s.token}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  if (res.status === 401) {
    forget();
    throw new SignInNeeded();
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.error, data.message);
  return data;
}

export const enc = encodeURIComponent;
