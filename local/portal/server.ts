/**
 * `tipline serve`'s district portal: the same static portal CloudFront serves (portal/), the same API handler
 * the API's Lambda runs (called in-process behind local-gateway.ts, which does the JWT authorizer's work), the
 * local sign-in, and the email links (/districts/…, /review: without a token a redirect to sign-in, with a
 * valid one the portal). Loopback only, with the portal's strict Content-Security-Policy on every response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { PORTAL_SECURITY_HEADERS, portalContentSecurityPolicy } from '../../shared/portal/security-headers.js';
import { PROJECT_ROOT } from '../paths.js';
import { LOCAL_CLIENT_ID } from '../auth/local-tokens.js';
import { gatewayEvent, verifiedClaims, bearerToken, type ApiEvent } from './local-gateway.js';
import { LocalSignIn, OAuthError } from './local-sign-in.js';
import { DEFAULT_PORTAL_PORT, PORTAL_HOST } from './portal-address.js';

export const PORTAL_DIR = path.join(PROJECT_ROOT, 'portal');
const MAX_BODY_BYTES = 64 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export type ApiHandler = (event: ApiEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface PortalServerOptions {
  dataDir: string;
  api: ApiHandler;
  port?: number;
}

export interface PortalServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The Lambda context a local call gets (the handler reads only its request ID and remaining time). */
function lambdaContext(requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'tipline-api-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:tipline-api-local',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function staticFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const e of await readdir(PORTAL_DIR, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !TYPES[path.extname(e.name)]) continue;
    const full = path.join(e.parentPath, e.name);
    files.set(`/${path.relative(PORTAL_DIR, full).split(path.sep).join('/')}`, full);
  }
  files.set('/', path.join(PORTAL_DIR, 'index.html'));
  return files;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new OAuthError(413, 'too_large', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startPortalServer(opts: PortalServerOptions): Promise<PortalServer> {
  let port = opts.port ?? DEFAULT_PORTAL_PORT;
  const origin = () => `http://${PORTAL_HOST}:${port}`;
  const files = await staticFiles();
  const signIn = new LocalSignIn(opts.dataDir, origin);
  const csp = portalContentSecurityPolicy();

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': csp,
      ...PORTAL_SECURITY_HEADERS,
      'Cache-Control': 'no-store',
      ...extra,
    });
    res.end(body);
  }
  const sendJson = (res: ServerResponse, status: number, value: unknown) => send(res, status, TYPES['.json']!, JSON.stringify(value));
  const redirect = (res: ServerResponse, location: string, status = 302) => send(res, status, 'text/plain; charset=utf-8', '', { Location: location });

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    // The authorizer: no valid token, no call (API Gateway answers 401 the same way, before the function).
    const claims = await verifiedClaims(opts.dataDir, req.headers);
    if (!claims) return sendJson(res, 401, { error: 'unauthorized', message: 'sign in: a valid Bearer token is required' });
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const event = gatewayEvent({ method: req.method ?? 'GET', url, headers: req.headers, body, claims, sourceIp: req.socket.remoteAddress });
    const result = await opts.api(event, lambdaContext(event.requestContext.requestId));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
    const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
    send(res, result.statusCode ?? 200, headers['content-type'] ?? TYPES['.json']!, payload, headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const allowed = new Set([`${PORTAL_HOST}:${port}`, `localhost:${port}`]);
    if (!allowed.has(req.headers.host ?? '')) return sendJson(res, 421, { error: 'misdirected', message: 'misdirected request' });
    const url = new URL(req.url ?? '/', origin());
    const p = url.pathname;
    const method = req.method ?? 'GET';

    if (p.startsWith('/api/')) return api(req, res, url);

    if (p === '/auth/authorize' && method === 'GET') return send(res, 200, TYPES['.html']!, signIn.page(Object.fromEntries(url.searchParams)));
    if (p === '/auth/authorize' && method === 'POST') return redirect(res, signIn.authorize(Object.fromEntries(new URLSearchParams(await readBody(req)))), 303);
    if (p === '/auth/token' && method === 'POST') return sendJson(res, 200, await signIn.token(new URLSearchParams(await readBody(req))));
    if (p === '/auth/logout') {
      const to = url.searchParams.get('logout_uri') ?? '';
      return redirect(res, to.startsWith(`${origin()}/`) ? to : '/');
    }
    if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { error: 'method-not-allowed', message: 'method not allowed' });

    if (p === '/config.json') {
      return sendJson(res, 200, { local: true, auth: { authorizeUrl: '/auth/authorize', tokenUrl: '/auth/token', logoutUrl: '/auth/logout', clientId: LOCAL_CLIENT_ID, scope: 'openid' } });
    }
    // Links from emails: the portal page for a valid token, a refusal for a bad one, sign-in for none.
    if (p === '/review' || /^\/districts\/[^/]+(\/batches\/[^/]+)?$/.test(p)) {
      if (!bearerToken(req.headers)) return redirect(res, `/#${p}${url.search}`);
      if (!(await verifiedClaims(opts.dataDir, req.headers))) return sendJson(res, 401, { error: 'unauthorized', message: 'the token is not valid; sign in again' });
      return send(res, 200, TYPES['.html']!, await readFile(files.get('/')!));
    }
    const file = files.get(p);
    if (file) return send(res, 200, TYPES[path.extname(file)]!, await readFile(file));
    if (p === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    return sendJson(res, 404, { error: 'not-found', message: 'not found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.end();
      if (err instanceof OAuthError) return sendJson(res, err.status, { error: err.code, message: err.message });
      // Nothing of the request or of internals in the answer.
      sendJson(res, 500, { error: 'internal', message: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, PORTAL_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: origin(),
    server,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
    },
  };
}
