/**
 * `tipline resend --aws`: the deployed stack's outputs name the table, the bucket and the sender, and the same
 * shared code (shared/pipeline/resend-unsent.ts) sends each refused message once — claimed by a conditional
 * write, marked as delayed — and leaves a sent or freshly claimed slot alone. AWS is mocked
 * (aws-sdk-client-mock): the SDK calls are what a deployed stack would get.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { resendCommand } from '../../../cli/commands/resend.js';
import { resendUnsent } from '../../../shared/pipeline/resend-unsent.js';
import { DELAYED_TAG } from '../../../shared/notify/repeat-marker.js';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const ses = mockClient(SESv2Client);
const BATCH = 'b-0123456789abcdef';
const email = { subject: '[Tipline] Indore: 2 actionable cases', html: '<div>x</div>', text: 'x' };
const slot = (name: string, state: string, extra: Record<string, unknown> = {}) => ({
  pk: `BATCH#${BATCH}`, sk: `EMAIL#${name}`, state, recipient: 'sp@x.example', claimedAt: '2026-12-01T00:00:00.000Z', ...extra,
});

let dir: string;
let outputs: string;
let stdout: string[];
const write = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tipline-resend-'));
  outputs = path.join(dir, 'outputs.json');
  await writeFile(outputs, JSON.stringify({
    TiplineRouter: {
      StateMachineArn: 'arn:aws:states:ap-south-1:123456789012:stateMachine:TiplineRouter',
      BatchesTableName: 'Batches', WorkBucketName: 'work-bucket', SesSender: 'tipline@cybercell.gov.example', SesConfigurationSetName: 'tls-only',
    },
  }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  ddb.reset();
  s3.reset();
  ses.reset();
  stdout = [];
  process.stdout.write = ((chunk: string) => (stdout.push(String(chunk)), true)) as typeof process.stdout.write;
  ddb.on(GetCommand, { Key: { pk: `BATCH#${BATCH}`, sk: 'META' } }).resolves({ Item: { batchId: BATCH, status: 'SUCCEEDED', execution: 'e-1', deliveries: { resent: [], unsent: [] } } });
  ddb.on(UpdateCommand).resolves({});
  s3.on(GetObjectCommand).callsFake(() => ({ Body: Object.assign(Readable.from([JSON.stringify({ to: 'cp-indore@x.example', email })]), { transformToString: async () => JSON.stringify({ to: 'cp-indore@x.example', email }) }) }));
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
});
afterEach(() => {
  process.stdout.write = write;
});

test('--aws: the outputs name table, bucket and sender; each refused message goes once, marked as delayed', async () => {
  ddb.on(QueryCommand)
    .resolvesOnce({ Items: [
      slot('DISTRICT#Indore', 'UNSENT', { reason: 'MessageRejected: not verified', messageKey: `batches/${BATCH}/unsent/DISTRICT-Indore.json`, markedAt: '2026-12-01T00:00:01.000Z' }),
      slot('DISTRICT#Bhopal', 'SENT'),
    ] })
    .resolves({ Items: [slot('DISTRICT#Indore', 'SENT'), slot('DISTRICT#Bhopal', 'SENT')] });
  await expect(resendCommand({ aws: true, stackOutputs: outputs, batch: BATCH, json: true, dataDir: dir })).resolves.toBe(0);
  expect(JSON.parse(stdout.join(''))).toEqual({ batchId: BATCH, sent: 1, unsent: [], inFlight: 0 });

  const send = ses.commandCalls(SendEmailCommand);
  expect(send).toHaveLength(1);
  expect(send[0]!.args[0].input).toMatchObject({ FromEmailAddress: 'tipline@cybercell.gov.example', ConfigurationSetName: 'tls-only', Destination: { ToAddresses: ['cp-indore@x.example'] } });
  expect(send[0]!.args[0].input.Content!.Simple!.Subject!.Data).toBe(`${DELAYED_TAG} ${email.subject}`);
  expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'work-bucket', Key: `batches/${BATCH}/unsent/DISTRICT-Indore.json` });
  const updates = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
  expect(updates.every((u) => u.TableName === 'Batches')).toBe(true);
  // claimed UNSENT → PENDING conditionally, marked SENT, and the batch record's unsent list emptied
  expect(updates[0]!.ConditionExpression).toBe('attribute_not_exists(pk) OR #state IN (:failed, :unsent)');
  expect(updates[1]!.ExpressionAttributeValues).toMatchObject({ ':s': 'SENT', ':m': 'm-1' });
  expect(JSON.stringify(updates[2]!.ExpressionAttributeValues)).toContain('"unsent":[]');
});

test('a slot another resend claimed a moment ago is left alone; a batch still running is refused', async () => {
  const conditionFailed = Object.assign(new Error('conditional'), { name: 'ConditionalCheckFailedException' });
  ddb.on(QueryCommand).resolves({ Items: [slot('HQ#SUMMARY', 'UNSENT', { messageKey: 'k', reason: 'r' })] });
  ddb.on(UpdateCommand, { ConditionExpression: 'attribute_not_exists(pk) OR #state IN (:failed, :unsent)' }).rejects(conditionFailed);
  ddb.on(GetCommand, { Key: { pk: `BATCH#${BATCH}`, sk: 'EMAIL#HQ#SUMMARY' } }).resolves({ Item: slot('HQ#SUMMARY', 'PENDING', { claimedAt: new Date().toISOString(), messageKey: 'k' }) });
  Object.assign(process.env, { BATCHES_TABLE: 'Batches', WORK_BUCKET: 'work-bucket', SES_SENDER: 'tipline@cybercell.gov.example' });
  await expect(resendUnsent(BATCH)).resolves.toMatchObject({ sent: 0, inFlight: 1 });
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);

  ddb.on(GetCommand, { Key: { pk: `BATCH#${BATCH}`, sk: 'META' } }).resolves({ Item: { batchId: BATCH, status: 'RUNNING', execution: 'e-2' } });
  await expect(resendUnsent(BATCH)).rejects.toThrow(/still running \(execution e-2\)/);
});
