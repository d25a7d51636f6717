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
import { DEPLOY_REGION, assertDeployRegion } from '../shared/deploy-region.js';

export interface AwsTarget {
  /** Always ap-south-1: the only region the stack deploys to. */
  region: string;
  stateMachineArn?: string;
  batchesTable?: string;
  casesTable?: string;
  workBucket?: string;
  recipientsTable?: string;
  /** The stack's DeployMode output: "demo" or "production" (unknown = production). */
  deployMode?: string;
  /** Every output of the stack (`tipline resend --aws` reads the sender from them). */
  outputs?: Record<string, string>;
}

export interface AwsOptions {
  stackOutputs?: string;
  stateMachineArn?: string;
  batchesTable?: string;
  workBucket?: string;
  recipientsTable?: string;
  region?: string;
}

/** The stack outputs a command may need, with the flag that gives each instead. */
const OUTPUT_FLAGS = {
  StateMachineArn: '--state-machine-arn',
  BatchesTableName: '--batches-table',
  WorkBucketName: '--work-bucket',
  CasesTableName: '--stack-outputs',
  RecipientsTableName: '--recipients-table',
} as const;
export type StackOutputName = keyof typeof OUTPUT_FLAGS;

/**
 * Where the deployed stack is: `--stack-outputs FILE` as written by `cdk deploy --outputs-file`
 * ({ "<Stack>": { "StateMachineArn": … } } or one stack's flat outputs), or the single flags. Every output the
 * command needs must be there: a missing one is an error naming it, never an empty answer or the local store.
 */
export async function resolveAwsTarget(opts: AwsOptions, needs: StackOutputName[] = ['StateMachineArn']): Promise<AwsTarget> {
  let outputs: Record<string, string> = {};
  if (opts.stackOutputs) {
    const parsed = JSON.parse(await readFile(opts.stackOutputs, 'utf-8')) as Record<string, unknown>;
    const stacks = Object.values(parsed).filter((v): v is Record<string, string> => typeof v === 'object' && v !== null);
    const isOutputs = (o: Record<string, unknown>) => typeof o.StateMachineArn === 'string' || typeof o.WorkBucketName === 'string';
    outputs = isOutputs(parsed) ? (parsed as Record<string, string>) : (stacks.find(isOutputs) ?? {});
  }
  const target: AwsTarget = {
    stateMachineArn: opts.stateMachineArn ?? outputs.StateMachineArn,
    batchesTable: opts.batchesTable ?? outputs.BatchesTableName,
    casesTable: outputs.CasesTableName,
    workBucket: opts.workBucket ?? outputs.WorkBucketName,
    recipientsTable: opts.recipientsTable ?? outputs.RecipientsTableName,
    deployMode: outputs.DeployMode,
    region: opts.region ?? outputs.Region ?? opts.stateMachineArn?.split(':')[3] ?? DEPLOY_REGION,
    outputs,
  };
  assertDeployRegion(target.region, '--aws');
  const have: Record<StackOutputName, string | undefined> = {
    StateMachineArn: target.stateMachineArn,
    BatchesTableName: target.batchesTable,
    WorkBucketName: target.workBucket,
    CasesTableName: target.casesTable,
    RecipientsTableName: target.recipientsTable,
  };
  const missing = needs.filter((n) => !have[n]);
  if (missing.length > 0) {
    throw new Error(`--aws needs the stack's ${missing.join(', ')}: give --stack-outputs FILE (\`cdk deploy --outputs-file FILE\`)` +
      ` or ${missing.map((n) => OUTPUT_FLAGS[n]).filter((f, i, a) => a.indexOf(f) === i).join(', ')}`);
  }
  return target;
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
    this.source = `AWS ${target.stateMachineArn ?? target.batchesTable ?? target.region}`;
  }

  private get stateMachineArn(): string {
    if (!this.target.stateMachineArn) throw new Error('--aws needs the stack\'s StateMachineArn: give --stack-outputs FILE or --state-machine-arn');
    return this.target.stateMachineArn;
  }

  private executionArn(name: string): string {
    const parts = this.stateMachineArn.split(':');
    // arn:aws:states:<region>:<account>:stateMachine:<machine> → …:execution:<machine>:<name>
    return [...parts.slice(0, 5), 'execution', parts[6], name].join(':');
  }

  async listExecutions(limit = 50): Promise<ExecutionLike[]> {
    const listed: { executionArn?: string; name?: string }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.send(new ListExecutionsCommand({ stateMachineArn: this.stateMachineArn, maxResults: Math.min(100, limit - listed.length), nextToken }));
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
    // Never an empty answer for a bucket not named: that read as "no records" (issue 20).
    if (!this.s3 || !this.target.workBucket) throw new Error('--aws needs the stack\'s WorkBucketName: give --stack-outputs FILE or --work-bucket');
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.target.workBucket, Key: key }));
    return out.Body?.transformToString('utf-8');
  }

  async close(): Promise<void> {
    this.sfn.destroy();
    this.doc?.destroy();
    this.s3?.destroy();
  }
}
