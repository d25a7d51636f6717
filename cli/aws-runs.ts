/**
 * `tipline runs --aws`: the same run views from a deployed stack — Step Functions ListExecutions /
 * DescribeExecution / GetExecutionHistory, plus the batch table (and the work bucket for rejected records
 * when its name is known). Read-only; credentials and region come from the usual AWS SDK chain.
 */
import { readFile } from 'node:fs/promises';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient, type HistoryEvent as SfnHistoryEvent } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { HistoryEvent } from '../shared/runs/history-event.js';
import type { BatchRecord } from '../shared/aws/batch-records.js';
import type { ExecutionLike } from '../shared/runs/run-view.js';
import type { RunStore } from '../shared/runs/run-store.js';

export interface AwsTarget {
  stateMachineArn: string;
  batchesTable?: string;
  workBucket?: string;
  region?: string;
}

export interface AwsOptions {
  stackOutputs?: string;
  stateMachineArn?: string;
  batchesTable?: string;
  workBucket?: string;
  region?: string;
}

/**
 * Where the deployed stack is: `--state-machine-arn` (and optionally `--batches-table`, `--work-bucket`), or
 * `--stack-outputs FILE` as written by `cdk deploy --outputs-file` ({ "<Stack>": { "StateMachineArn": … } }).
 */
export async function resolveAwsTarget(opts: AwsOptions): Promise<AwsTarget> {
  let outputs: Record<string, string> = {};
  if (opts.stackOutputs) {
    const parsed = JSON.parse(await readFile(opts.stackOutputs, 'utf-8')) as Record<string, unknown>;
    // Either the flat outputs of one stack or cdk's { stackName: outputs } map (first stack with a state machine).
    const stacks = Object.values(parsed).filter((v): v is Record<string, string> => typeof v === 'object' && v !== null);
    outputs = typeof parsed.StateMachineArn === 'string' ? (parsed as Record<string, string>) : (stacks.find((s) => s.StateMachineArn) ?? {});
  }
  const stateMachineArn = opts.stateMachineArn ?? outputs.StateMachineArn;
  if (!stateMachineArn) throw new Error('--aws needs --state-machine-arn ARN or --stack-outputs FILE (cdk deploy --outputs-file)');
  const region = opts.region ?? stateMachineArn.split(':')[3];
  return {
    stateMachineArn,
    batchesTable: opts.batchesTable ?? outputs.BatchesTableName,
    workBucket: opts.workBucket ?? outputs.WorkBucketName,
    region,
  };
}

const iso = (d: Date | undefined): string | undefined => (d ? new Date(d).toISOString() : undefined);

/** GetExecutionHistory events are already the shape the local runtime records; dates become ISO strings. */
export function toHistoryEvent(e: SfnHistoryEvent): HistoryEvent {
  const { timestamp, id, previousEventId, type, ...details } = e;
  return { ...(details as Record<string, unknown>), id: id ?? 0, previousEventId: previousEventId ?? 0, type: type ?? 'Unknown', timestamp: iso(timestamp) ?? '' } as HistoryEvent;
}

export class AwsRunStore implements RunStore {
  readonly source: string;
  private readonly sfn: SFNClient;
  private readonly doc?: DynamoDBDocumentClient;
  private readonly s3?: S3Client;

  constructor(private readonly target: AwsTarget, clients: { sfn?: SFNClient; ddb?: DynamoDBClient; s3?: S3Client } = {}) {
    const region = target.region;
    this.sfn = clients.sfn ?? new SFNClient({ region });
    if (target.batchesTable) this.doc = DynamoDBDocumentClient.from(clients.ddb ?? new DynamoDBClient({ region }));
    if (target.workBucket) this.s3 = clients.s3 ?? new S3Client({ region });
    this.source = `AWS ${target.stateMachineArn}`;
  }

  private executionArn(name: string): string {
    const parts = this.target.stateMachineArn.split(':');
    // arn:aws:states:<region>:<account>:stateMachine:<machine> → …:execution:<machine>:<name>
    return [...parts.slice(0, 5), 'execution', parts[6], name].join(':');
  }

  async listExecutions(limit = 50): Promise<ExecutionLike[]> {
    const listed: { executionArn?: string; name?: string }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.send(new ListExecutionsCommand({ stateMachineArn: this.target.stateMachineArn, maxResults: Math.min(100, limit - listed.length), nextToken }));
      listed.push(...(page.executions ?? []));
      nextToken = page.nextToken;
    } while (nextToken && listed.length < limit);
    const described = await Promise.all(listed.map((e) => this.describe(e.executionArn ?? this.executionArn(e.name ?? ''))));
    return described.filter((e): e is ExecutionLike => !!e).sort((a, b) => b.startDate.localeCompare(a.startDate));
  }

  private async describe(executionArn: string): Promise<ExecutionLike | undefined> {
    try {
      const d = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return {
        name: d.name ?? executionArn.split(':').pop() ?? '',
        status: d.status ?? 'UNKNOWN',
        startDate: iso(d.startDate) ?? '',
        stopDate: iso(d.stopDate),
        input: d.input,
        output: d.output,
        error: d.error,
        cause: d.cause,
        events: [],
      };
    } catch (err) {
      if ((err as Error).name === 'ExecutionDoesNotExist') return undefined;
      throw err;
    }
  }

  async getExecution(name: string): Promise<ExecutionLike | undefined> {
    const executionArn = name.startsWith('arn:') ? name : this.executionArn(name);
    const execution = await this.describe(executionArn);
    if (!execution) return undefined;
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken, includeExecutionData: true }));
      events.push(...(page.events ?? []).map(toHistoryEvent));
      nextToken = page.nextToken;
    } while (nextToken);
    return { ...execution, events };
  }

  async getBatch(batchId: string): Promise<BatchRecord | undefined> {
    if (!this.doc || !this.target.batchesTable) return undefined;
    const out = await this.doc.send(new GetCommand({ TableName: this.target.batchesTable, Key: { pk: `BATCH#${batchId}`, sk: 'META' } }));
    return out.Item as BatchRecord | undefined;
  }

  async readWorkObject(key: string): Promise<string | undefined> {
    if (!this.s3 || !this.target.workBucket) return undefined;
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.target.workBucket, Key: key }));
    return out.Body?.transformToString('utf-8');
  }

  async close(): Promise<void> {
    this.sfn.destroy();
    this.doc?.destroy();
    this.s3?.destroy();
  }
}
