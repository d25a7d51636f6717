/**
 * The local admin page (docs/design.md §7 `tipline serve`): a small loopback-only HTTP server with a JSON API over
 * the same run views the CLI prints, and one static page (vanilla JS, inline SVG charts, no external
 * resources) under a strict Content-Security-Policy. Rejected records are always masked here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFilter, listRuns, rejectedRecords, showRun, findExecution, RunNotFoundError, type RunStore } from '../../shared/runs/run-store.js';
import { executionObject, type ExecutionLike } from '../../shared/runs/run-view.js';
import { logLinesFor, storedMail, storedMailHtml } from '../run-artifacts.js';

export const ADMIN_HOST = '127.0.0.1';
export const DEFAULT_ADMIN_PORT = 8642;

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface AdminServerOptions {
  store: RunStore;
  port?: number;
  mailViewerUrl?: string;
  /** Executions still running, as far as they have got. */
  live?: () => Promise<ExecutionLike[]>;
  /** The data dir: its stored mail and Lambda log lines (local/run-artifacts.ts). */
  dataDir?: string;
}

export interface AdminServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, csp = CONTENT_SECURITY_POLICY): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  res.end(body);
}
const sendJson = (res: ServerResponse, status: number, value: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));

export async function startAdminServer(opts: AdminServerOptions): Promise<AdminServer> {
  let port = opts.port ?? DEFAULT_ADMIN_PORT;
  const allowedHosts = () => new Set([`${ADMIN_HOST}:${port}`, `localhost:${port}`]);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Loopback only, and no DNS rebinding: the Host header must name this server.
    if (!allowedHosts().has(req.headers.host ?? '')) return sendJson(res, 421, { error: 'misdirected request' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    const url = new URL(req.url ?? '/', `http://${ADMIN_HOST}:${port}`);
    const pathname = url.pathname;

    const asset = STATIC[pathname];
    if (asset) return send(res, 200, asset.type, await readFile(path.join(STATIC_DIR, asset.file)));
    if (pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');

    if (pathname === '/api/info') return sendJson(res, 200, { mailViewerUrl: opts.mailViewerUrl ?? null, source: opts.store.source });
    if (pathname === '/api/runs') {
      const q = url.searchParams;
      const filter = { status: q.get('status') || undefined, since: q.get('since') || undefined, until: q.get('until') || undefined, file: q.get('file') || undefined };
      try {
        checkFilter(filter);
      } catch (err) {
        return sendJson(res, 400, { error: (err as Error).message });
      }
      return sendJson(res, 200, await listRuns(opts.store, 200, filter));
    }
    if (pathname === '/api/live') return sendJson(res, 200, (await opts.live?.()) ?? []);
    if (pathname === '/api/mail') return sendJson(res, 200, opts.dataDir ? await storedMail(opts.dataDir) : []);
    const mail = /^\/mail\/([A-Za-z0-9_.-]{1,200})$/.exec(pathname);
    if (mail) {
      const html = opts.dataDir ? await storedMailHtml(opts.dataDir, mail[1]!) : undefined;
      if (html === undefined) return sendJson(res, 404, { error: 'no such message' });
      // Our own rendered email: inline styles only, no script, no network, and sandboxed besides.
      return send(res, 200, 'text/html; charset=utf-8', html, "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'none'");
    }
    const m = /^\/api\/runs\/([A-Za-z0-9_.:-]{1,200})(\/rejected|\/emails|\/logs)?$/.exec(pathname);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      try {
        if (!m[2]) return sendJson(res, 200, await showRun(opts.store, id));
        const execution = await findExecution(opts.store, id);
        const batchId = executionObject(execution).batchId;
        if (m[2] === '/emails') return sendJson(res, 200, batchId && opts.dataDir ? (await storedMail(opts.dataDir)).filter((e) => e.batchId === batchId) : []);
        if (m[2] === '/logs') return sendJson(res, 200, batchId && opts.dataDir ? await logLinesFor(opts.dataDir, batchId) : { total: 0, lines: [] });
        if (!batchId) return sendJson(res, 200, { batchId: null, rejectedKey: null, records: [], masked: true });
        const result = await rejectedRecords(opts.store, batchId).catch((err: unknown) => {
          if (err instanceof RunNotFoundError) return { batchId, rejectedKey: null, records: [] };
          throw err;
        });
        return sendJson(res, 200, { ...result, masked: true });
      } catch (err) {
        if (err instanceof RunNotFoundError) return sendJson(res, 404, { error: err.message });
        throw err;
      }
    }
    return sendJson(res, 404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // No internals (paths, identifiers) in the response.
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ADMIN_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${ADMIN_HOST}:${port}/`,
    server,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
    },
  };
}
