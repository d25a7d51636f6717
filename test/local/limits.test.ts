/**
 * The local runtime refuses what AWS refuses (issue 20; local/limits.ts): a state payload over 256 KB ends the
 * execution with States.DataLimitExceeded, which its Catch (States.ALL) does not catch; an item over 400 KB is
 * DynamoDB's ValidationException on dynalite too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { executeLocally } from '../../local/executor.js';
import type { LocalDefinition } from '../../local/local-definition.js';
import { startEmulators, type Emulators } from '../../local/emulators.js';

function oneTaskMachine(): LocalDefinition {
  const definition = {
    StartAt: 'Big',
    States: {
      Big: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:ap-south-1:000000000000:function:Big',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  };
  return {
    stateMachineLogicalId: 'LimitsUnderTest',
    definition: definition as never,
    definitionString: JSON.stringify(definition),
    tasks: new Map([['Big', { stateName: 'Big', functionLogicalId: 'Big', handlerModule: 'test/fixtures/limits/handler.ts', timeoutSeconds: 30, memorySize: 128, retriers: [] }]]),
    stateTypes: new Map([['Big', 'Task'], ['Caught', 'Pass']]),
    stateMaps: { Big: null, Caught: null },
  };
}

describe('state payloads', () => {
  const local = oneTaskMachine();

  it('a result over 256 KB fails the execution with States.DataLimitExceeded, past the States.ALL catch', async () => {
    const record = await executeLocally(local, { name: 'too-big', input: { bytes: 300 * 1024 } });
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.DataLimitExceeded');
    expect(record.cause).toMatch(/'Big' returned a result with a size exceeding the maximum number of bytes service limit \(\d+ > 262144\)/);
    const entered = record.events.filter((e) => e.type.endsWith('StateEntered')).map((e) => (e as unknown as { stateEnteredEventDetails: { name: string } }).stateEnteredEventDetails.name);
    expect(entered).not.toContain('Caught');
  });

  it('a result just under the limit passes', async () => {
    const record = await executeLocally(local, { name: 'fits', input: { bytes: 250 * 1024 } });
    expect(record.status).toBe('SUCCEEDED');
  });
});

describe('DynamoDB items', () => {
  let dataDir: string;
  let emulators: Emulators;
  let ddb: DynamoDBClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tipline-limits-'));
    emulators = await startEmulators(dataDir);
    // the emulators accept only the data dir's own credentials
    ddb = new DynamoDBClient({ endpoint: emulators.dynamodb.endpoint, region: 'ap-south-1', credentials: emulators.credentials });
    await ddb.send(new CreateTableCommand({
      TableName: 'items', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }));
  }, 60_000);

  afterAll(async () => {
    ddb.destroy();
    await emulators.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('an item over 400 KB is refused as DynamoDB refuses it; one under is stored', async () => {
    const put = (kb: number) => ddb.send(new PutItemCommand({ TableName: 'items', Item: { pk: { S: `k${kb}` }, blob: { S: 'x'.repeat(kb * 1024) } } }));
    await expect(put(401)).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/Item size has exceeded the maximum allowed size/) });
    await expect(put(399)).resolves.toBeDefined();
  });
});
