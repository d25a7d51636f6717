/**
 * A loopback HTTP proxy in front of one emulator. It forwards every request unchanged (headers included,
 * so SigV4 signatures still match) and, for the fraction the decider picks, answers instead with that
 * service's own throttling / 5xx error — the shape the AWS SDK classifies as retryable. In front of SES it
 * can also refuse sends with `MessageRejected`, which no retry changes.
 */
import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { FaultService } from './parse-faults.js';

export interface FaultProxy {
  service: FaultService;
  endpoint: string;
  stats: { requests: number; faults: number };
  stop(): Promise<void>;
}

interface ServiceError {
  status: number;
  headers: OutgoingHttpHeaders;
  body: string;
}

/** The real error each service answers when it sheds load. */
export function serviceError(service: FaultService, pick: number): ServiceError {
  const requestId = randomUUID();
  switch (service) {
    case 'dynamodb': {
      const type = pick < 0.5 ? 'ThrottlingException' : 'ProvisionedThroughputExceededException';
      const message = type === 'ThrottlingException'
        ? 'Rate of requests exceeds the allowed throughput.'
        : 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.';
      return {
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }),
      };
    }
    case 's3':
      return {
        status: 503,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>${requestId}</RequestId></Error>`,
      };
    case 'ses':
      return {
        status: 429,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException', 'x-amzn-requestid': requestId },
        body: JSON.stringify({ message: 'Maximum sending rate exceeded.' }),
      };
  }
}

/** What SES answers a send it refuses (HTTP 400, not retryable), e.g. in the sandbox or from an unverified sender. */
export function sesRejection(): ServiceError {
  const requestId = randomUUID();
  return {
    status: 400,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected', 'x-amzn-requestid': requestId },
    body: JSON.stringify({ message: 'Email address is not verified. The following identities failed the check in region AP-SOUTH-1 (injected by TIPLINE_FAULTS ses-reject)' }),
  };
}

/** SES v2 SendEmail: the only request `ses-reject` refuses. */
const isSesSend = (req: IncomingMessage) => req.method === 'POST' && (req.url ?? '').split('?')[0] === '/v2/email/outbound-emails';

export async function startFaultProxy(service: FaultService, target: string, shouldFail: () => boolean, shouldReject: () => boolean = () => false): Promise<FaultProxy> {
  const upstream = new URL(target);
  const stats = { requests: 0, faults: 0 };
  let pick = 0;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    const reject = service === 'ses' && isSesSend(req) && shouldReject();
    if (reject || shouldFail()) {
      stats.faults++;
      const error = reject ? sesRejection() : serviceError(service, (pick = (pick + 0.5) % 1));
      // Read (and drop) the request body before answering, as a server would.
      req.resume();
      req.on('end', () => {
        const body = req.method === 'HEAD' ? '' : error.body;
        res.writeHead(error.status, { ...error.headers, 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
      return;
    }
    const headers = { ...req.headers };
    // 100-continue is the proxy's business (node answers it); never signed, so safe to drop.
    delete headers.expect;
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: upstream error: ${err.message}`);
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    service,
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    async stop() {
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
    },
  };
}
