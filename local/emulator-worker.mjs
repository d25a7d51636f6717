// The emulators run in a worker thread, so S3, DynamoDB and SES work on the second core while the
// handlers run on the first. Plain JavaScript: a worker does not inherit the TypeScript loader.
//
// None of the emulators listens on a port of its own. Each loopback port is a gate (emulator-guard.mjs)
// that lets through only requests signed with the data dir's local credentials, and hands them to the
// emulator's request handler in this thread.
import { EventEmitter } from 'node:events';
import { mkdtempSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';
import { browserOrigin, isLoopbackHost, refuse, signatureVerifier, viewerRequest } from './emulator-guard.mjs';

const HOST = '127.0.0.1';
const MAX_BODY = 16 * 1024 * 1024;
const { s3Dir, ddbDir, mailDir, ports, credentials, region } = workerData;

const listen = (server, port) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve(server.address().port));
  });

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    let size = 0;
    req.on('data', (part) => {
      size += part.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else parts.push(part);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/**
 * A gate on a loopback port: loopback Host, no browser origin, a valid signature (`viewer` may let some
 * unsigned browser reads through instead), then `pass(req, res, body)`. With `readsBody` the body is read
 * first (its hash is part of the signature); S3 signs a payload hash header instead, so its body streams on.
 */
function gate(service, { readsBody, viewer, pass }) {
  const verify = signatureVerifier({ service, region, credentials });
  let port = 0;
  const server = createServer((req, res) => {
    (async () => {
      if (!isLoopbackHost(req)) return refuse(res, service, 'Host is not a loopback address');
      const fromBrowser = browserOrigin(req);
      if (fromBrowser) return refuse(res, service, fromBrowser);
      const body = readsBody ? await readBody(req) : undefined;
      if (!(viewer && viewerRequest(req, port))) {
        const why = await verify(req, body);
        if (why) return refuse(res, service, why);
      }
      pass(req, res, body);
    })().catch((err) => {
      if (!res.headersSent) refuse(res, service, err?.message ?? 'bad request');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  return {
    server,
    async listen(wanted) {
      port = await listen(server, wanted ?? 0);
      return port;
    },
  };
}

// ── S3 ───────────────────────────────────────────────────────────────────────────────────────────
// s3rver checks signatures itself against its registry of keys: it knows only this data dir's pair.
// Loaded on the first S3 request, as SES is below: s3rver (koa and its middleware) takes this thread ~150 ms,
// and a lifecycle command on a warm data dir never calls S3. The request's body waits, unread, meanwhile.
let s3Handler;
const loadS3 = () =>
  (s3Handler ??= Promise.all([import('s3rver'), import('s3rver/lib/models/account.js')]).then(([s3rverModule, accountModule]) => {
    const S3rver = s3rverModule.default;
    const AWSAccount = accountModule.default;
    AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
    AWSAccount.DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
    const s3 = new S3rver({ directory: s3Dir, silent: true, vhostBuckets: false });
    s3.on('event', (event) => parentPort.postMessage({ type: 's3-event', event }));
    return s3.callback();
  }));
const s3Gate = gate('s3', {
  readsBody: false,
  pass: (req, res) =>
    loadS3().then(
      (handle) => handle(req, res),
      (err) => {
        res.statusCode = 503;
        res.end(`the S3 emulator did not start: ${err?.message ?? err}`);
      },
    ),
});

// ── DynamoDB ─────────────────────────────────────────────────────────────────────────────────────
// dynalite reads the request as a stream; the gate has read it already, so it gets the same bytes again.
// Its server listens only on a socket in a private directory (0700), so that close() also closes LevelDB.
const privateDir = mkdtempSync(path.join(tmpdir(), 'tipline-emulators-'));
const ddb = dynalite({ path: ddbDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
await new Promise((resolve, reject) => {
  ddb.once('error', reject);
  ddb.listen(path.join(privateDir, 'dynamodb.sock'), resolve);
});
const ddbGate = gate('dynamodb', {
  readsBody: true,
  pass: (req, res, body) => {
    const replay = Object.assign(new EventEmitter(), { headers: req.headers, method: req.method, url: req.url, socket: req.socket });
    ddb.emit('request', replay, res);
    if (body.length > 0) replay.emit('data', body);
    replay.emit('end');
  },
});

// ── SES ──────────────────────────────────────────────────────────────────────────────────────────
// SES is needed only when mail is sent, and its server (express, nodemailer, handlebars) takes this thread
// about 300 ms to load — during which S3 and DynamoDB, served by this same thread, would wait. So it is
// loaded on the first request. Its own listener goes on a socket in the private directory, closed at once.
let sesServer;
let store;
const loadSes = () =>
  (sesServer ??= Promise.all([import('aws-ses-v2-local'), import('aws-ses-v2-local/dist/store.js')]).then(async ([sesModule, storeModule]) => {
    // aws-ses-v2-local is CommonJS with `exports.default`.
    const startSes = sesModule.default.default ?? sesModule.default;
    store = storeModule.default ?? storeModule;
    const server = await startSes({ host: undefined, port: path.join(privateDir, 'ses.sock') });
    await new Promise((resolve) => server.close(resolve));
    return server;
  }));

// The mail store: each message is written to <data dir>/mail the moment SES accepts it, before the sender
// hears back — so a crash right after a send still leaves its copy. Names sort in sending order.
const savedMail = new Set();
let mailSeq = 0;
mkdirSync(mailDir, { recursive: true });
function saveNewMail() {
  for (const email of store.getStoreReadonly().emails) {
    if (savedMail.has(email.messageId)) continue;
    savedMail.add(email.messageId);
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    const base = path.join(mailDir, `${stamp}-${String(mailSeq++).padStart(4, '0')}-${email.messageId}`);
    // Written whole, then renamed: a crash mid-write never leaves half a message under a message's name.
    if (email.body?.html) writeAtomically(`${base}.html`, email.body.html);
    writeAtomically(`${base}.json`, JSON.stringify(email, null, 1));
  }
}
function writeAtomically(file, text) {
  writeFileSync(`${file}.partial`, text);
  renameSync(`${file}.partial`, file);
}
const SENDS = new Set(['/v2/email/outbound-emails', '/v2/email/outbound-bulk-emails', '/']);

const sesGate = gate('ses', {
  readsBody: true,
  viewer: true,
  pass: (req, res, body) => {
    loadSes().then(
      (ses) => {
        if (body.length > 0) {
          // The body is read (its hash is signed); the app's body parser sees a finished request and skips.
          try {
            req.body = JSON.parse(body.toString('utf-8'));
          } catch {
            return refuse(res, 'ses', 'the body is not JSON');
          }
        }
        if (req.method === 'POST' && SENDS.has((req.url ?? '').split('?')[0])) {
          const end = res.end;
          res.end = function (...args) {
            if (res.statusCode === 200) saveNewMail();
            return end.apply(this, args);
          };
        }
        ses.emit('request', req, res);
      },
      (err) => {
        res.statusCode = 503;
        res.end(`the SES emulator did not start: ${err?.message ?? err}`);
      },
    );
  },
});

const [s3Port, ddbPort, sesPort] = await Promise.all([s3Gate.listen(ports.s3), ddbGate.listen(ports.dynamodb), sesGate.listen(ports.ses)]);

const close = (server) =>
  new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections();
  });

parentPort.on('message', async (message) => {
  if (message?.type !== 'stop') return;
  await Promise.all([close(s3Gate.server), close(ddbGate.server), close(sesGate.server)]);
  await new Promise((resolve) => ddb.close(resolve));
  await sesServer?.catch(() => undefined);
  rmSync(privateDir, { recursive: true, force: true });
  parentPort.postMessage({ type: 'stopped' });
});

parentPort.postMessage({ type: 'ready', ports: { s3: s3Port, dynamodb: ddbPort, ses: sesPort } });
