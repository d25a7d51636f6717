/**
 * The portal's Content-Security-Policy and security headers: one definition for CloudFront's response headers
 * policy and for `tipline serve`'s portal. Scripts, styles and images only from the portal itself (no inline
 * script or style, no eval), requests only to the portal (its API is under /api on the same origin) and to the
 * sign-in service's token endpoint; no framing, no plugins, no base or form targets elsewhere.
 */
export function portalContentSecurityPolicy(signInOrigins: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src ${["'self'", ...signInOrigins].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The other headers both portals send with every response. */
export const PORTAL_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};
