/**
 * The email ledger keeps email at most once per (batch, recipient): a retry after a successful send skips,
 * an intent left pending (crash between send and mark) is never resent, and a send that failed for sure can
 * be tried again. DynamoDB and SES are mocked (aws-sdk-client-mock): this is the unit level.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { sendOnce } from '../../../shared/aws/mailer.js';
import { resetConfig } from '../../../shared/config.js';
import { resetClients } from '../../../shared/aws/clients.js';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const email = { subject: 's', html: '<p>h</p>', text: 't' };
const conditionFailed = Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

beforeAll(() => {
  Object.assign(process.env, { BATCHES_TABLE: 'batches', SES_SENDER: 'tipline@cybercell.example', HQ_EMAIL: 'hq@cybercell.example', SES_RATE_PER_SECOND: '1000', AWS_REGION: 'ap-south-1' });
  resetConfig();
  resetClients();
});

beforeEach(() => {
  ddb.reset();
  ses.reset();
});

test('first attempt claims the slot, sends once and marks it sent', async () => {
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  await expect(sendOnce('b-1', 'DISTRICT#Indore', 'sp@x.example', email)).resolves.toBe('sent');
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  const put = ddb.commandCalls(PutCommand)[0]!.args[0].input;
  expect(put.ConditionExpression).toContain('attribute_not_exists(pk)');
  expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':s': 'SENT', ':m': 'm-1' });
});

test('a retry after the slot was marked sent sends nothing', async () => {
  ddb.on(PutCommand).rejects(conditionFailed);
  ddb.on(GetCommand).resolves({ Item: { state: 'SENT' } });
  await expect(sendOnce('b-1', 'DISTRICT#Indore', 'sp@x.example', email)).resolves.toBe('already-sent');
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
});

test('an intent left pending is not sent again (it may have gone)', async () => {
  ddb.on(PutCommand).rejects(conditionFailed);
  ddb.on(GetCommand).resolves({ Item: { state: 'PENDING' } });
  await expect(sendOnce('b-1', 'HQ#SUMMARY', 'hq@x.example', email)).resolves.toBe('uncertain');
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
});

test('a send that failed is marked FAILED and rethrown, so the step retries and may claim again', async () => {
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ses.on(SendEmailCommand).rejects(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' }));
  await expect(sendOnce('b-1', 'DISTRICT#Bhopal', 'cp@x.example', email)).rejects.toThrow('Maximum sending rate exceeded.');
  expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':s': 'FAILED' });
  // the claim condition lets a FAILED slot be claimed again
  expect(ddb.commandCalls(PutCommand)[0]!.args[0].input.ConditionExpression).toContain('#state = :failed');
});
