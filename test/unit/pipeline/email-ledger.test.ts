/**
 * The email ledger sends each message at least once per (batch, slot) and once unless an attempt crashed
 * mid-send: a retry after a successful send skips; a slot a crash left PENDING is taken over and sent again
 * with the possible-repeat marker; a send that failed for sure can be tried again; a refusal (MessageRejected)
 * is recorded as UNSENT with SES's reason and the message kept, without failing the step. DynamoDB, S3 and
 * SES are mocked (aws-sdk-client-mock): this is the unit level.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { sendOnce } from '../../../shared/aws/mailer.js';
import { claimEmail } from '../../../shared/aws/email-ledger.js';
import { POSSIBLE_REPEAT_TAG } from '../../../shared/notify/repeat-marker.js';
import { resetConfig } from '../../../shared/config.js';
import { resetClients } from '../../../shared/aws/clients.js';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const s3 = mockClient(S3Client);
const email = { subject: 'Digest', html: '<html><body><div style="x">body</div></body></html>', text: 'body text' };
const conditionFailed = Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
const updates = () => ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);

beforeAll(() => {
  Object.assign(process.env, { BATCHES_TABLE: 'batches', WORK_BUCKET: 'work', SES_SENDER: 'tipline@cybercell.example', HQ_EMAIL: 'hq@cybercell.example', SES_RATE_PER_SECOND: '1000', AWS_REGION: 'ap-south-1' });
  resetConfig();
  resetClients();
});

beforeEach(() => {
  ddb.reset();
  ses.reset();
  s3.reset();
});

test('first attempt claims the slot, sends once and marks it sent', async () => {
  ddb.on(UpdateCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  await expect(sendOnce('b-1', 'DISTRICT#Indore', 'sp@x.example', email)).resolves.toEqual({ status: 'sent', repeat: false });
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content?.Simple?.Subject?.Data).toBe('Digest');
  const [claim, mark] = updates();
  expect(claim!.ConditionExpression).toContain('attribute_not_exists(pk)');
  expect(mark!.ExpressionAttributeValues).toMatchObject({ ':s': 'SENT', ':m': 'm-1' });
});

test('a retry after the slot was marked sent sends nothing', async () => {
  ddb.on(UpdateCommand).rejects(conditionFailed);
  ddb.on(GetCommand).resolves({ Item: { pk: 'BATCH#b-1', sk: 'EMAIL#DISTRICT#Indore', state: 'SENT', claimedAt: '2026-12-01T00:00:00.000Z' } });
  await expect(sendOnce('b-1', 'DISTRICT#Indore', 'sp@x.example', email)).resolves.toEqual({ status: 'already-sent' });
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
});

test('a slot a crash left PENDING is taken over and sent again, marked as a possible repeat in subject and body', async () => {
  const seen = '2026-12-01T00:00:00.000Z';
  ddb.on(UpdateCommand, { ConditionExpression: 'attribute_not_exists(pk) OR #state IN (:failed, :unsent)' }).rejects(conditionFailed);
  ddb.on(UpdateCommand, { ConditionExpression: '#state = :pending AND claimedAt = :seen' }).resolves({});
  ddb.on(UpdateCommand, { ExpressionAttributeValues: { ':s': 'SENT' } } as never).resolves({});
  ddb.on(GetCommand).resolves({ Item: { pk: 'BATCH#b-1', sk: 'EMAIL#DISTRICT#Bhopal', state: 'PENDING', claimedAt: seen } });
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
  await expect(sendOnce('b-1', 'DISTRICT#Bhopal', 'cp@x.example', email)).resolves.toEqual({ status: 'sent', repeat: true });
  const takeOver = updates().find((u) => u.ConditionExpression?.includes(':seen'))!;
  expect(takeOver.ExpressionAttributeValues).toMatchObject({ ':seen': seen, ':yes': true });
  const sent = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!;
  expect(sent.Subject!.Data).toBe(`${POSSIBLE_REPEAT_TAG} Digest`);
  expect(sent.Body!.Text!.Data).toMatch(/^POSSIBLE REPEAT: .*\n\nbody text$/s);
  expect(sent.Body!.Html!.Data).toMatch(/<div style="x">\n<p [^>]*>POSSIBLE REPEAT: [^<]*<\/p>body<\/div>/);
});

test('the resend path leaves a PENDING slot alone while it is fresh (another sender may be sending it)', async () => {
  ddb.on(UpdateCommand).rejects(conditionFailed);
  ddb.on(GetCommand).resolves({ Item: { pk: 'BATCH#b-1', sk: 'EMAIL#HQ#SUMMARY', state: 'PENDING', claimedAt: new Date().toISOString() } });
  await expect(claimEmail('b-1', 'HQ#SUMMARY', 'hq@x.example', { pendingStaleMs: 60_000 })).resolves.toEqual({ kind: 'PENDING' });
  expect(updates().filter((u) => u.ConditionExpression?.includes(':seen'))).toHaveLength(0);
});

test('a send that failed is marked FAILED and rethrown, so the step retries and may claim again', async () => {
  ddb.on(UpdateCommand).resolves({});
  ses.on(SendEmailCommand).rejects(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' }));
  await expect(sendOnce('b-1', 'DISTRICT#Bhopal', 'cp@x.example', email)).rejects.toThrow('Maximum sending rate exceeded.');
  expect(updates()[1]!.ExpressionAttributeValues).toMatchObject({ ':s': 'FAILED' });
  expect(updates()[0]!.ExpressionAttributeValues).toMatchObject({ ':failed': 'FAILED', ':unsent': 'UNSENT' });
});

test('a refusal is not thrown: the message is kept, the slot marked UNSENT with SES reason', async () => {
  ddb.on(UpdateCommand).resolves({});
  s3.on(PutObjectCommand).resolves({});
  ses.on(SendEmailCommand).rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
  await expect(sendOnce('b-1', 'DISTRICT#Jabalpur', 'sp@x.example', email)).resolves.toEqual({ status: 'unsent', reason: 'MessageRejected: Email address is not verified.' });
  const kept = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
  expect(kept).toMatchObject({ Bucket: 'work', Key: 'batches/b-1/unsent/DISTRICT-Jabalpur.json' });
  expect(JSON.parse(String(kept.Body))).toEqual({ to: 'sp@x.example', email });
  expect(updates()[1]!.ExpressionAttributeValues).toMatchObject({ ':s': 'UNSENT', ':r': 'MessageRejected: Email address is not verified.', ':k': 'batches/b-1/unsent/DISTRICT-Jabalpur.json' });
});
