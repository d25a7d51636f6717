/**
 * Notify for one district, with S3, DynamoDB and SES mocked (aws-sdk-client-mock): it reads the district's
 * cases, writes the full list and one request sheet per ISP — exactly the CSVs the renderers make, as UTF-8,
 * under the district's keys, with the manifest of them the portal offers — and emails the recipient once with
 * a link to the district's page in the portal, never a link to an object.
 */
import { Readable } from 'node:stream';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { notifyDistrict } from '../../../shared/pipeline/notify-district.js';
import { renderDistrictListCsv, renderIspSheets } from '../../../shared/notify/district-list-csv.js';
import { keys } from '../../../shared/storage/keys.js';
import { resetConfig } from '../../../shared/config.js';
import { resetClients } from '../../../shared/aws/clients.js';
import { logger } from '../../../shared/logger.js';
import { indoreCases } from '../notify/build-cases.js';

const s3 = mockClient(S3Client);
const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const conditionFailed = Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

const batch = { batchId: 'b-0123456789abcdef', bucket: 'ingest', key: 'incoming/batch.json', size: 1, registeredAt: '2026-10-02T00:00:00Z' };
const work = { district: 'Indore', casesKey: keys.districtCases(batch.batchId, 'Indore'), cases: 4, P1: 2, P2: 1, P3: 1 };
const cases = indoreCases();

beforeAll(() => {
  Object.assign(process.env, {
    WORK_BUCKET: 'work',
    BATCHES_TABLE: 'batches',
    SES_SENDER: 'tipline@cybercell.example',
    HQ_EMAIL: 'hq@cybercell.example',
    // A demo deployment with no stored directory: the shipped one (shared/aws/recipient-store.ts).
    TIPLINE_DEMO: 'true',
    SES_RATE_PER_SECOND: '1000',
    AWS_REGION: 'ap-south-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
  });
  resetConfig();
  resetClients();
  logger.setLogLevel('SILENT');
});

beforeEach(() => {
  s3.reset();
  ddb.reset();
  ses.reset();
  // A new stream per read: the district's cases file, one case a line.
  s3.on(GetObjectCommand, { Bucket: 'work', Key: work.casesKey }).callsFake(() => ({
    Body: Readable.from([cases.map((c) => `${JSON.stringify(c)}\n`).join('')]),
  }));
  s3.on(PutObjectCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
});

const text = (body: unknown): string => Buffer.from(body as Uint8Array).toString('utf8');

test('writes the full list and each ISP sheet as the renderers make them, UTF-8 with a BOM', async () => {
  const result = await notifyDistrict({ batch, work });
  const puts = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
  const sheets = renderIspSheets(cases);
  expect(puts.map((p) => p.Key)).toEqual([
    keys.districtList(batch.batchId, 'Indore'),
    ...sheets.map((sheet) => keys.ispSheet(batch.batchId, 'Indore', sheet.slug)),
    keys.districtFiles(batch.batchId, 'Indore'),
  ]);
  const manifest = JSON.parse(text(puts.at(-1)!.Body)) as { files: { name: string; kind: string; rows: number }[] };
  expect(manifest.files.map((f) => keys.districtFile(batch.batchId, 'Indore', f.name))).toEqual(puts.slice(0, -1).map((p) => p.Key));
  expect(manifest.files[0]).toEqual({ name: 'cases.csv', kind: 'list', rows: cases.length });
  for (const put of puts.slice(0, -1)) {
    expect(put.Bucket).toBe('work');
    expect(put.ContentType).toBe('text/csv; charset=utf-8');
  }
  expect(text(puts[0]!.Body)).toBe(renderDistrictListCsv(cases));
  expect(puts.slice(1, -1).map((p) => text(p.Body))).toEqual(sheets.map((sheet) => sheet.csv));
  expect([...Buffer.from(puts[0]!.Body as Uint8Array).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(result).toEqual({ district: 'Indore', recipient: expect.any(String), fellBackToHq: false, sent: true, delivery: 'sent', listKey: keys.districtList(batch.batchId, 'Indore') });
});

test('emails the recipient once, with one link: the district page for the batch in the portal', async () => {
  process.env.PORTAL_URL = 'https://portal.tipline.example';
  resetConfig();
  await notifyDistrict({ batch, work });
  delete process.env.PORTAL_URL;
  resetConfig();
  const sends = ses.commandCalls(SendEmailCommand);
  expect(sends).toHaveLength(1);
  const { Text, Html } = sends[0]!.args[0].input.Content!.Simple!.Body!;
  const links = [...Text!.Data!.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
  expect(links).toEqual([`https://portal.tipline.example/districts/Indore/batches/${batch.batchId}`]);
  for (const body of [Text!.Data!, Html!.Data!]) expect(body).not.toMatch(/X-Amz-|\.csv|amazonaws/);
  // The ledger: the claim, then the mark.
  expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':pending': 'PENDING' });
  expect(ddb.commandCalls(UpdateCommand)[1]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':s': 'SENT', ':m': 'm-1' });
});

test('a retry after the email went sends nothing more', async () => {
  ddb.on(UpdateCommand).rejects(conditionFailed);
  ddb.on(GetCommand).resolves({ Item: { sk: 'EMAIL#DISTRICT#Indore', state: 'SENT', claimedAt: '2026-12-01T00:00:00.000Z' } });
  const result = await notifyDistrict({ batch, work });
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  expect(result).toMatchObject({ sent: false, delivery: 'already-sent' });
});
