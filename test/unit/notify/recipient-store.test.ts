/** The stored recipient directory (shared/aws/recipient-store.ts), with the DynamoDB document client mocked. */
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { recipientDirectory, resetRecipientCache, storeDirectory } from '../../../shared/aws/recipient-store.js';
import { resetConfig } from '../../../shared/config.js';
import { resetClients } from '../../../shared/aws/clients.js';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-south-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
const directory = { hq: { title: 'HQ', email: 'hq@mppolice.gov.in' }, districts: { Indore: { title: 'CP Indore', email: 'cp@indore.gov.in' } } };

const configure = (env: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfig();
  resetClients();
  resetRecipientCache();
};

beforeEach(() => {
  ddb.reset();
  configure({ AWS_REGION: 'ap-south-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', RECIPIENTS_TABLE: 'directory', TIPLINE_DEMO: undefined });
});

describe('storeDirectory', () => {
  it('writes version n+1 only if absent, then moves CURRENT only if it still holds n', async () => {
    ddb.on(GetCommand).resolves({ Item: { version: 3, sha256: 'old', changedBy: 'x', changedAt: 't', districts: 1, directory } });
    ddb.on(PutCommand).resolves({});
    const { stored, current } = await storeDirectory(doc, 'directory', directory, 'admin', new Date('2026-12-03T10:00:00Z'));
    expect(stored).toBe(true);
    expect(current).toMatchObject({ version: 4, changedBy: 'admin', changedAt: '2026-12-03T10:00:00.000Z', districts: 1 });
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts[0]).toMatchObject({ Item: { pk: 'recipients', sk: 'V#0000000004' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(puts[1]).toMatchObject({ Item: { pk: 'recipients', sk: 'CURRENT', version: 4 }, ConditionExpression: 'version = :previous', ExpressionAttributeValues: { ':previous': 3 } });
  });

  it('stores nothing when the directory is the one in use', async () => {
    const first = await (async () => {
      ddb.on(GetCommand).resolves({});
      ddb.on(PutCommand).resolves({});
      return storeDirectory(doc, 'directory', directory, 'admin');
    })();
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: first.current });
    const again = await storeDirectory(doc, 'directory', directory, 'someone else');
    expect(again).toMatchObject({ stored: false, current: { version: 1, changedBy: 'admin' } });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('a load racing another says so instead of overwriting', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));
    await expect(storeDirectory(doc, 'directory', directory, 'admin')).rejects.toThrow(/changed while loading \(version 1 was taken\)/);
  });
});

describe('recipientDirectory (what the senders read)', () => {
  it('reads CURRENT once per container, validated', async () => {
    ddb.on(GetCommand, { TableName: 'directory', Key: { pk: 'recipients', sk: 'CURRENT' } }).resolves({ Item: { version: 1, directory } });
    expect((await recipientDirectory()).districts.Indore?.email).toBe('cp@indore.gov.in');
    await recipientDirectory();
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('production with nothing stored: a ConfigError that says what to run', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(recipientDirectory()).rejects.toThrow(/no recipient directory is loaded: run `tipline recipients load FILE --aws`/);
  });

  it('a demo with nothing stored: the shipped placeholder directory', async () => {
    configure({ TIPLINE_DEMO: 'true' });
    ddb.on(GetCommand).resolves({});
    expect((await recipientDirectory()).hq.email).toMatch(/@mppolice\.example$/);
  });
});
