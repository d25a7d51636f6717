// The gate in front of each local emulator (docs/design.md §8, local services): only the local runtime gets
// in. A request must
//   - name a loopback host (no DNS rebinding),
//   - not come from a browser page (no Origin header, no CORS preflight, no HTML form POST),
//   - carry a valid AWS Signature V4 made with this data dir's local credentials, for this service and
//     region, within 15 minutes (an Authorization header, or a presigned URL's query, still unexpired).
// The SES emulator's mail viewer (GET /, /store, /get-emlContent) is opened by a browser, so it needs no
// signature but gets the admin page's checks instead: the Host must name this very server, GET only.
// Plain JavaScript: it runs in the emulator worker, which does not load TypeScript.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_SKEW_MS = 15 * 60_000;
const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded|text\/plain)\b/i;
const VIEWER_PATHS = new Set(['/', '/store', '/get-emlContent', '/health-check']);

/** node:crypto in the shape @smithy/signature-v4 expects of a hash constructor. */
class Sha256 {
  constructor(secret) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data) {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

const hostOf = (req) => {
  const host = req.headers.host ?? '';
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  return m ? { name: m[1].toLowerCase(), port: m[2] } : undefined;
};

function parseQuery(search) {
  const query = {};
  for (const [k, v] of new URLSearchParams(search)) {
    if (k in query) query[k] = [].concat(query[k], v);
    else query[k] = v;
  }
  return query;
}

/** x-amz-date / X-Amz-Date (yyyymmddThhmmssZ) → Date. */
function amzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

const sameHex = (a, b) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Checks one service's requests. `service` is the signing name (s3, dynamodb, ses); `verify(req, body)`
 * resolves to undefined when the request may pass, or to the reason it may not.
 */
export function signatureVerifier({ service, region, credentials }) {
  const signer = new SignatureV4({
    credentials,
    region,
    service,
    sha256: Sha256,
    // S3 signs the path as sent; the other services sign it URI-encoded once more.
    uriEscapePath: service !== 's3',
    applyChecksum: false,
  });
  const scopeOk = (credential) => {
    const [keyId, , scopeRegion, scopeService, terminator] = (credential ?? '').split('/');
    if (keyId !== credentials.accessKeyId) return 'unknown access key (not this data dir\'s local credentials)';
    if (scopeRegion !== region || scopeService !== service || terminator !== 'aws4_request') return `credential scope is not ${region}/${service}`;
    return undefined;
  };

  return async function verify(req, body) {
    const url = new URL(req.url ?? '/', 'http://local');
    const query = parseQuery(url.search);
    const auth = req.headers.authorization;
    const base = { method: req.method, protocol: 'http:', hostname: hostOf(req)?.name ?? '', path: url.pathname, body };

    if (auth) {
      const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(auth);
      if (!m) return 'not an AWS Signature V4 Authorization header';
      const scope = scopeOk(m[1]);
      if (scope) return scope;
      const date = amzDate(req.headers['x-amz-date']);
      if (!date || Math.abs(Date.now() - date.getTime()) > MAX_SKEW_MS) return 'x-amz-date missing or more than 15 minutes off';
      const signedHeaders = m[2].split(';');
      if (!signedHeaders.includes('host')) return 'host is not a signed header';
      const headers = {};
      for (const name of signedHeaders) {
        if (req.headers[name] === undefined) return `signed header ${name} is missing`;
        headers[name] = String(req.headers[name]);
      }
      // Without x-amz-content-sha256 (every service but S3) the payload is hashed: the body was read for it.
      if (headers['x-amz-content-sha256'] === undefined && body === undefined) return 'unsigned payload';
      const signed = await signer.sign({ ...base, headers, query }, { signingDate: date, signableHeaders: new Set(signedHeaders) });
      const expected = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization ?? '')?.[1] ?? '';
      return sameHex(expected, m[3]) ? undefined : 'signature does not match';
    }

    if (query['X-Amz-Signature']) {
      if (query['X-Amz-Algorithm'] !== 'AWS4-HMAC-SHA256') return 'not an AWS Signature V4 presigned URL';
      const scope = scopeOk(query['X-Amz-Credential']);
      if (scope) return scope;
      const date = amzDate(query['X-Amz-Date']);
      const expires = Number(query['X-Amz-Expires']);
      if (!date || !Number.isInteger(expires) || expires <= 0) return 'presigned URL without a date or expiry';
      if (Date.now() > date.getTime() + expires * 1000 || date.getTime() - Date.now() > MAX_SKEW_MS) return 'presigned URL expired';
      const signedHeaders = String(query['X-Amz-SignedHeaders'] ?? '').split(';').filter(Boolean);
      const headers = {};
      for (const name of signedHeaders) {
        if (req.headers[name] === undefined) return `signed header ${name} is missing`;
        headers[name] = String(req.headers[name]);
      }
      const rest = { ...query };
      for (const k of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature']) delete rest[k];
      // The payload hash travels in the query; as a header (named as in the query) the signer uses it and
      // hoists it back where it was.
      if (rest['X-Amz-Content-Sha256'] !== undefined) {
        headers['X-Amz-Content-Sha256'] = rest['X-Amz-Content-Sha256'];
        delete rest['X-Amz-Content-Sha256'];
      }
      const presigned = await signer.presign({ ...base, headers, query: rest }, { signingDate: date, expiresIn: expires, signableHeaders: new Set(signedHeaders) });
      return sameHex(String(presigned.query['X-Amz-Signature'] ?? ''), query['X-Amz-Signature']) ? undefined : 'signature does not match';
    }
    return 'request is not signed';
  };
}

/** Why a browser-made request is refused, or undefined. */
export function browserOrigin(req) {
  if (req.headers.origin !== undefined) return 'requests from web pages (Origin header) are refused';
  if (req.method === 'OPTIONS') return 'CORS preflight refused';
  if (req.method === 'POST' && FORM_TYPES.test(req.headers['content-type'] ?? '')) return 'form posts are refused';
  return undefined;
}

/** The mail viewer's check (as the admin page's): Host names this very server, GET/HEAD only. */
export function viewerRequest(req, port) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '/').split('?')[0];
  if (!VIEWER_PATHS.has(path)) return false;
  const host = hostOf(req);
  return !!host && (host.name === '127.0.0.1' || host.name === 'localhost') && host.port === String(port);
}

export const isLoopbackHost = (req) => {
  const host = hostOf(req);
  return !!host && LOOPBACK.has(host.name);
};

/** The refusal each service would send: its own error shape, 403. */
export function refuse(res, service, reason) {
  // Read (and drop) what the client is still sending, so it gets the answer rather than a broken pipe.
  res.req?.resume();
  const message = `local ${service} emulator: ${reason}. Only the local tipline runtime may use it.`;
  if (service === 's3') {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${message.replace(/[<>&]/g, ' ')}</Message></Error>`;
    res.writeHead(403, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  } else {
    const body = service === 'dynamodb'
      ? JSON.stringify({ __type: 'com.amazon.coral.service#UnrecognizedClientException', message })
      : JSON.stringify({ message });
    res.writeHead(403, {
      'content-type': service === 'dynamodb' ? 'application/x-amz-json-1.0' : 'application/json',
      'x-amzn-errortype': 'AccessDeniedException',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }
}
