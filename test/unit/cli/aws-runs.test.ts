import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient, type HistoryEvent as SfnEvent } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsRunStore, resolveAwsTarget } from '../../../cli/aws-runs.js';
import { listRuns, rejectedRecords, showRun } from '../../../shared/runs/run-store.js';
import type { ExecutionLike } from '../../../shared/runs/run-view.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const load = (name: string) => JSON.parse(readFileSync(path.join(here, 'fixtures', name), 'utf-8')) as ExecutionLike & { input: string; output?: string };

const SM = 'arn:aws:states:ap-south-1:123456789012:stateMachine:TiplineRouter';
const execArn = (name: string) => `arn:aws:states:ap-south-1:123456789012:execution:TiplineRouter:${name}`;
const ok = load('succeeded.execution.json');
const failed = load('failed-dtd.execution.json');

// GetExecutionHistory returns Dates; the local record has ISO strings.
const asSdk = (e: ExecutionLike['events'][number]): SfnEvent => ({ ...(e as unknown as SfnEvent), timestamp: new Date(e.timestamp) });

const sfn = mockClient(SFNClient);
const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

beforeEach(() => {
  sfn.reset();
  ddb.reset();
  s3.reset();
  sfn.on(ListExecutionsCommand).resolves({ executions: [ok, failed].map((e) => ({ executionArn: execArn(e.name), stateMachineArn: SM, name: e.name, status: e.status as 'SUCCEEDED', startDate: new Date(e.startDate) })) });
  for (const e of [ok, failed]) {
    sfn.on(DescribeExecutionCommand, { executionArn: execArn(e.name) }).resolves({
      executionArn: execArn(e.name), stateMachineArn: SM, name: e.name, status: e.status as 'SUCCEEDED', startDate: new Date(e.startDate), stopDate: new Date(e.stopDate!), input: e.input, output: e.output,
    });
  }
  // Two pages, to check pagination.
  sfn.on(GetExecutionHistoryCommand, { executionArn: execArn(failed.name) })
    .resolves({ events: failed.events.slice(0, 10).map(asSdk), nextToken: 'p2' })
    .on(GetExecutionHistoryCommand, { executionArn: execArn(failed.name), nextToken: 'p2' })
    .resolves({ events: failed.events.slice(10).map(asSdk) });
  sfn.on(GetExecutionHistoryCommand, { executionArn: execArn(ok.name) }).resolves({ events: ok.events.map(asSdk) });
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { TableName: 'Batches', Key: { pk: 'BATCH#b-1e2fc89f57771f4e', sk: 'META' } }).resolves({
    Item: { batchId: 'b-1e2fc89f57771f4e', status: 'FAILED', execution: failed.name, key: 'incoming/dtd-batch.xml', counts: { received: 0 }, error: { name: 'UnreadableFileError', message: 'incoming/dtd-batch.xml: XML declares a DTD or entities; refused', state: 'Validate' }, rejectedKey: null },
  });
  ddb.on(GetCommand, { TableName: 'Batches', Key: { pk: 'BATCH#b-95dbbc740ffda511', sk: 'META' } }).resolves({
    Item: { batchId: 'b-95dbbc740ffda511', status: 'SUCCEEDED', execution: ok.name, key: 'incoming/example-batch.json', rejectedKey: 'batches/b-95dbbc740ffda511/rejected.jsonl' },
  });
  const body = '{"position":{"line":2},"errors":[{"path":"report.personOrUserReported.0.personOrUserReportedPerson.email.0","message":"not an email: \\"someone@mail.example\\" (or 9876543210)"}]}\n';
  s3.on(GetObjectCommand, { Bucket: 'Work', Key: 'batches/b-95dbbc740ffda511/rejected.jsonl' }).resolves({ Body: { transformToString: async () => body } as never });
});

const store = () => new AwsRunStore({ stateMachineArn: SM, batchesTable: 'Batches', workBucket: 'Work', region: 'ap-south-1' }, { sfn: new SFNClient({ region: 'ap-south-1' }), ddb: new DynamoDBClient({ region: 'ap-south-1' }), s3: new S3Client({ region: 'ap-south-1' }) });

describe('tipline runs --aws (Step Functions + batch table, mocked)', () => {
  it('lists executions newest first with batch, file, status and counts', async () => {
    const rows = await listRuns(store());
    expect(rows.map((r) => [r.execution, r.status, r.batchId, r.file])).toEqual([
      [failed.name, 'FAILED', 'b-1e2fc89f57771f4e', 'incoming/dtd-batch.xml'],
      [ok.name, 'SUCCEEDED', 'b-95dbbc740ffda511', 'incoming/example-batch.json'],
    ]);
    expect(rows[1]!.counts.received).toBe(7);
    expect(sfn.commandCalls(ListExecutionsCommand)[0]!.args[0].input.stateMachineArn).toBe(SM);
  });

  it('shows a failed run from the paginated history and the batch record', async () => {
    const view = await showRun(store(), failed.name);
    expect(view.timeline.map((t) => t.state)).toEqual(['RegisterBatch', 'AlreadyHandled?', 'Validate', 'MarkFailed', 'Failed']);
    expect(view.failedAt).toEqual({ state: 'Validate', error: 'UnreadableFileError', cause: 'incoming/dtd-batch.xml: XML declares a DTD or entities; refused' });
    expect(sfn.commandCalls(GetExecutionHistoryCommand)).toHaveLength(2);
  });

  it('finds a run by batch ID and summarises its rejected records', async () => {
    const view = await showRun(store(), 'b-95dbbc740ffda511');
    expect(view.execution).toBe(ok.name);
    expect(view.districts.Indore).toEqual({ cases: 2, P1: 0, P2: 2, P3: 0 });
    expect(view.rejected).toEqual({ total: 1, byPath: { 'report.personOrUserReported.0.personOrUserReportedPerson.email.0': 1 } });
  });

  it('masks rejected records from the work bucket', async () => {
    const { records } = await rejectedRecords(store(), 'b-95dbbc740ffda511');
    expect(records[0]!.errors[0]!.message).toBe('not an email: "…" (or ***10)'); // quoted text cut, digits masked
  });

  it('reads the target from cdk deploy --outputs-file or --state-machine-arn', async () => {
    await expect(resolveAwsTarget({})).rejects.toThrow(/--state-machine-arn/);
    expect(await resolveAwsTarget({ stateMachineArn: SM })).toMatchObject({ stateMachineArn: SM, region: 'ap-south-1' });
    const file = path.join(here, 'fixtures', 'stack-outputs.json');
    expect(await resolveAwsTarget({ stackOutputs: file })).toMatchObject({ stateMachineArn: SM, batchesTable: 'Batches', casesTable: 'Cases', workBucket: undefined, region: 'ap-south-1' });
  });

  it('refuses, naming it, an output the command needs and the stack file lacks (rejected/cases need the work bucket)', async () => {
    const file = path.join(here, 'fixtures', 'stack-outputs.json');
    await expect(resolveAwsTarget({ stackOutputs: file }, ['BatchesTableName', 'WorkBucketName'])).rejects.toThrow(/needs the stack's WorkBucketName: .*--work-bucket/);
    expect(await resolveAwsTarget({ stackOutputs: file, workBucket: 'work' }, ['BatchesTableName', 'WorkBucketName'])).toMatchObject({ workBucket: 'work' });
    // A store without the bucket never answers "no records".
    await expect(new AwsRunStore({ stateMachineArn: SM, batchesTable: 'Batches', region: 'ap-south-1' }).readWorkObject('batches/b/rejected.jsonl')).rejects.toThrow(/WorkBucketName/);
  });

  it('refuses any region but ap-south-1', async () => {
    await expect(resolveAwsTarget({ stateMachineArn: SM, region: 'us-east-1' })).rejects.toThrow(/region us-east-1 refused: .*ap-south-1 only/);
    await expect(resolveAwsTarget({ stateMachineArn: SM.replace('ap-south-1', 'eu-west-1') })).rejects.toThrow(/region eu-west-1 refused/);
  });
});
