/**
 * The API's handler as deployed (functions/api/handler.ts: the lifecycle's routes, the portal's routes, the
 * audit middleware) with S3 and DynamoDB mocked: every portal route answered for every role — 401 without an
 * identity, 403 for another district, 200 for HQ, auditors and the district itself — and one audit event per
 * request, allowed or refused, written before the answer leaves.
 */
import { Readable } from 'node:stream';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { handler } from '../../../functions/api/handler.js';
import { gatewayEvent, type JwtClaims } from '../../../local/portal/local-gateway.js';
import { keys } from '../../../shared/storage/keys.js';
import { resetConfig } from '../../../shared/config.js';
import { resetClients } from '../../../shared/aws/clients.js';
import { logger } from '../../../shared/logger.js';
import { caseOf, report } from '../notify/build-cases.js';
import type { AuditEvent } from '../../../shared/audit/audit-event.js';

const s3 = mockClient(S3Client);
/** A GetObject body as the SDK gives it: a stream that can also be read whole. */
const body = (text: string) => Object.assign(Readable.from([text]), { transformToString: async () => text });
const ddb = mockClient(DynamoDBDocumentClient);

const BATCH = 'b-0123456789abcdef';
const CASE_ID = 'C-00112233aabbccdd';
const indoreCase = caseOf({ caseId: CASE_ID, batchId: BATCH, reports: [report()] });
const manifest = { batchId: BATCH, district: 'Indore', files: [{ name: 'cases.csv', kind: 'list', rows: 1 }, { name: 'isp-reliance-jio-infocomm-limited.csv', kind: 'isp', isp: 'Reliance Jio Infocomm Limited', rows: 1 }] };
const lifecycleItem = {
  pk: `CASE#${CASE_ID}`, sk: 'CASE', caseId: CASE_ID, batchId: BATCH, priority: 'P2', status: 'assigned', district: 'Indore', placedIn: 'Indore',
  version: 1, createdAt: '2026-10-02T00:00:00Z', overdue: false, history: [{ version: 1, at: '2026-10-02T00:00:00Z', actor: 'system', from: null, to: 'assigned', kind: 'created' }],
};

const ROLES: Record<string, JwtClaims> = {
  none: {},
  hq: { 'cognito:groups': '[hq]', username: 'hq-officer', sub: 's-hq' },
  auditor: { 'cognito:groups': '[auditor]', username: 'auditor-1', sub: 's-au' },
  indore: { 'cognito:groups': '[district-indore]', username: 'sp-indore', sub: 's-in' },
  bhopal: { 'cognito:groups': '[district-bhopal]', username: 'cp-bhopal', sub: 's-bh' },
};

const context = { awsRequestId: 'test', getRemainingTimeInMillis: () => 25_000 } as unknown as Context;

async function call(role: keyof typeof ROLES, path: string) {
  const url = new URL(`http://portal.test${path}`);
  const res = await handler(gatewayEvent({ method: 'GET', url, headers: {}, claims: ROLES[role]! }), context);
  return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') as Record<string, unknown>, raw: res.body ?? '' };
}

const audited = (): AuditEvent[] =>
  ddb.commandCalls(PutCommand).filter((c) => c.args[0].input.TableName === 'audit').map((c) => c.args[0].input.Item as unknown as AuditEvent);

beforeAll(() => {
  Object.assign(process.env, {
    WORK_BUCKET: 'work', LIFECYCLE_TABLE: 'lifecycle', AUDIT_TABLE: 'audit', CASES_TABLE: 'cases',
    AWS_REGION: 'ap-south-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret',
  });
  resetConfig();
  resetClients();
  logger.setLogLevel(process.env.DEBUG_TEST ? 'DEBUG' : 'SILENT');
});

beforeEach(() => {
  s3.reset();
  ddb.reset();
  s3.on(GetObjectCommand, { Key: keys.districtFiles(BATCH, 'Indore') }).callsFake(() => ({ Body: body(JSON.stringify(manifest)) }));
  s3.on(GetObjectCommand, { Key: keys.districtFiles(BATCH, 'Bhopal') }).rejects(Object.assign(new Error('no such key'), { name: 'NoSuchKey' }));
  s3.on(GetObjectCommand, { Key: keys.districtCases(BATCH, 'Indore') }).callsFake(() => ({ Body: body(`${JSON.stringify(indoreCase)}\n`) }));
  s3.on(GetObjectCommand, { Key: keys.allCases(BATCH) }).callsFake(() => ({
    Body: body(`${JSON.stringify({ ...indoreCase, caseId: 'C-aaaa000000000001', district: null, disposition: 'not-actionable', reasons: ['OUT_OF_JURISDICTION'], elsewhere: 'Maharashtra', reports: undefined })}\n`),
  }));
  ddb.on(GetCommand).callsFake((input: { TableName?: string; Key?: Record<string, unknown> }) =>
    input.TableName === 'lifecycle' && input.Key?.pk === `CASE#${CASE_ID}` ? { Item: lifecycleItem } : {});
  ddb.on(PutCommand).resolves({});
});

const ROUTES = {
  files: `/api/batches/${BATCH}/districts/Indore/files`,
  download: `/api/batches/${BATCH}/districts/Indore/files/cases.csv`,
  identifiers: `/api/cases/${CASE_ID}/identifiers`,
  case: `/api/cases/${CASE_ID}`,
  notActionable: `/api/batches/${BATCH}/not-actionable`,
};
// Who may: the district's own data for HQ, auditors and Indore; HQ's lists for HQ and auditors only.
const EXPECTED: Record<keyof typeof ROUTES, Record<keyof typeof ROLES, number>> = {
  files: { none: 401, hq: 200, auditor: 200, indore: 200, bhopal: 403 },
  download: { none: 401, hq: 200, auditor: 200, indore: 200, bhopal: 403 },
  identifiers: { none: 401, hq: 200, auditor: 200, indore: 200, bhopal: 403 },
  case: { none: 401, hq: 200, auditor: 200, indore: 200, bhopal: 403 },
  notActionable: { none: 401, hq: 200, auditor: 200, indore: 403, bhopal: 403 },
};

describe.each(Object.keys(ROUTES) as (keyof typeof ROUTES)[])('%s', (route) => {
  it.each(Object.keys(ROLES) as (keyof typeof ROLES)[])('answers %s as the role allows, and audits it', async (role) => {
    const res = await call(role, ROUTES[route]);
    expect(res.status).toBe(EXPECTED[route][role]);
    if (res.status >= 400) {
      expect(res.body).toEqual({ error: expect.any(String), message: expect.any(String) });
      expect(res.raw).not.toMatch(/suspect@mail\.example|\+919876543210|49\.36\.10\.7/);
    }
    const events = audited();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ allowed: res.status !== 401 && res.status !== 403, status: res.status, actor: role === 'none' ? 'anonymous' : expect.any(String) });
    const put = ddb.commandCalls(PutCommand).find((c) => c.args[0].input.TableName === 'audit')!.args[0].input;
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
  });
});

test('a download is a presigned GET of five minutes at most of the named file, never a listing', async () => {
  const res = await call('indore', ROUTES.download);
  const url = new URL(String(res.body.url));
  expect(decodeURIComponent(url.pathname)).toContain(keys.districtList(BATCH, 'Indore'));
  expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
  expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  expect(audited()[0]).toMatchObject({ actor: 'district:Indore', user: 'sp-indore', action: 'file.download', resource: `batch/${BATCH}/district/Indore/cases.csv`, district: 'Indore', allowed: true });
});

test('a file the manifest does not name is not found, whatever the key would be', async () => {
  for (const name of ['summary.json', '..%2F..%2Fcases%2Fall.jsonl', 'files.json']) {
    const res = await call('hq', `/api/batches/${BATCH}/districts/Indore/files/${name}`);
    expect(res.status).toBe(404);
  }
});

test("the case's identifiers come from its district file, to those who may read the case", async () => {
  const res = await call('indore', ROUTES.identifiers);
  expect(res.body).toMatchObject({ caseId: CASE_ID, identifiers: { emails: ['suspect@mail.example'], phones: ['+919876543210'] } });
  expect(res.body.ipEvents).toEqual([{ ip: '49.36.10.7', port: 51234, at: '2026-09-30T18:20:01Z', isp: 'Reliance Jio Infocomm Limited' }]);
});

test('a refused read of a case is audited with the case\'s district, so the district sees who tried', async () => {
  await call('bhopal', ROUTES.case);
  expect(audited()[0]).toMatchObject({ actor: 'district:Bhopal', action: 'case.read', resource: `case/${CASE_ID}`, district: 'Indore', allowed: false, status: 403 });
});

test("an allowed read of a case is audited with the district its answer shows, without reading the case again", async () => {
  const res = await call('indore', ROUTES.case);
  expect(res.status).toBe(200);
  expect(audited()[0]).toMatchObject({ actor: 'district:Indore', action: 'case.read', district: 'Indore', allowed: true });
  expect(ddb.commandCalls(GetCommand).filter((c) => c.args[0].input.Key?.pk === `CASE#${CASE_ID}`)).toHaveLength(1);
});

test('when the audit event cannot be written, the caller gets a 500 and no data', async () => {
  ddb.on(PutCommand, { TableName: 'audit' }).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
  const res = await call('indore', ROUTES.identifiers);
  expect(res.status).toBe(500);
  expect(res.raw).not.toContain('suspect@mail.example');
  expect(res.body.error).toBe('AuditUnavailable');
});
