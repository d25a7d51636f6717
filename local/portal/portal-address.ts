/**
 * Where `tipline serve` puts the portal: loopback, on a fixed default port, so the links in every locally
 * sent email (PORTAL_URL) work whenever a serve runs — `tipline run` sends mail with the same links.
 */
export const PORTAL_HOST = '127.0.0.1';
export const DEFAULT_PORTAL_PORT = 8643;

export const localPortalUrl = (port: number = DEFAULT_PORTAL_PORT): string => `http://${PORTAL_HOST}:${port}`;
