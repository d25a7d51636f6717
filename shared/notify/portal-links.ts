/**
 * Where emails point: pages of the signed-in portal (PORTAL_URL), never an object in a bucket. The district
 * digest links to the district's page for its batch, the HQ summary to the review queue. Both paths answer a
 * browser without a session with a redirect to sign-in, and nothing else.
 */
const base = (portalUrl: string): string => portalUrl.replace(/\/+$/, '');

export const districtBatchLink = (portalUrl: string, district: string, batchId: string): string =>
  `${base(portalUrl)}/districts/${encodeURIComponent(district)}/batches/${encodeURIComponent(batchId)}`;

export const reviewQueueLink = (portalUrl: string, batchId?: string): string =>
  `${base(portalUrl)}/review${batchId ? `?batch=${encodeURIComponent(batchId)}` : ''}`;

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i;

/** What the link needs, said in the email: a sign-in, and for a local portal a running `tipline serve`. */
export function portalSignInNote(portalUrl: string): string {
  const signIn = 'The link needs you to sign in with your portal account (multi-factor); it shows nothing without it.';
  return LOOPBACK.test(portalUrl) ? `${signIn} This is a local portal: the link works while \`tipline serve\` runs on this machine.` : signIn;
}
