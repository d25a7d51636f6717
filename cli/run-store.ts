/**
 * Where `tipline runs`, `tipline rejected` and the admin page read runs from. One interface, three
 * sources: a running `tipline serve` (its emulators, via serve.json), the data dir opened directly (the
 * S3 and DynamoDB emulators only — no synthesis needed to read), or a deployed stack (cli/aws-runs.ts).
 */
import { GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { listExecutions, loadExecution } from '../local/execution-record.js';
import { startEmulators, type Emulators } from '../local/emulators.js';
import { LOCAL_REGION } from '../local/cfn.js';
import { runningServe } from '../local/admin/serve-info.js';
import type { BatchRecord } from '../shared/aws/batch-records.js';
import { buildRunView, executionObject, runRow, summarizeRejected, type ExecutionLike, type RunRow, type RunView } from './run-view.js';
import { maskRejected, type RejectedRecord } from './mask.js';

export interface RunStore {
  readonly source: string;
  /** Executions newest first; `events` may be empty (a listing needs no history). */
  listExecutions(limit?: number): Promise<ExecutionLike[]>;
  /** One execution with its full history, by execution name. */
  getExecution(name: string): Promise<ExecutionLike | undefined>;
  getBatch(batchId: string): Promise<BatchRecord | undefined>;
  /** The JSONL text of an object in the work bucket, or undefined when it cannot be read. */
  readWorkObject(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export class RunNotFoundError extends Error {
  override name = 'RunNotFoundError';
}

const BATCH_ID = /^b-[0-9a-f]{16}$/;

/** An execution by name, or the newest execution of a batch by batch ID. */
export async function findExecution(store: RunStore, id: string): Promise<ExecutionLike> {
  if (!BATCH_ID.test(id)) {
    const direct = await store.getExecution(id);
    if (direct) return direct;
  } else {
    const batch = await store.getBatch(id).catch(() => undefined);
    if (batch?.execution) {
      const owner = await store.getExecution(batch.execution);
      if (owner) return owner;
    }
    const match = (await store.listExecutions()).find((e) => executionObject(e).batchId === id);
    if (match) return (await store.getExecution(match.name)) ?? match;
  }
  throw new RunNotFoundError(`no run found for ${id} (give an execution name or a batch ID; \`tipline runs\` lists them)`);
}

async function batchOf(store: RunStore, execution: ExecutionLike): Promise<BatchRecord | undefined> {
  const batchId = executionObject(execution).batchId;
  return batchId ? store.getBatch(batchId).catch(() => undefined) : undefined;
}

export async function listRuns(store: RunStore, limit = 100): Promise<RunRow[]> {
  const executions = await store.listExecutions(limit);
  return Promise.all(executions.map(async (e) => runRow(e, await batchOf(store, e))));
}

export async function readRejected(store: RunStore, batch: BatchRecord | undefined): Promise<RejectedRecord[] | undefined> {
  if (!batch?.rejectedKey) return batch ? [] : undefined;
  const text = await store.readWorkObject(batch.rejectedKey);
  if (text === undefined) return undefined;
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l) as RejectedRecord;
      } catch {
        return { position: {}, errors: [{ path: '', message: 'unreadable rejected-record line' }] };
      }
    });
}

export async function showRun(store: RunStore, id: string): Promise<RunView> {
  const execution = await findExecution(store, id);
  const batch = await batchOf(store, execution);
  const rejected = await readRejected(store, batch).catch(() => undefined);
  return buildRunView(execution, batch, rejected ? summarizeRejected(rejected) : undefined);
}

/** A batch's rejected records, masked unless `reveal`. */
export async function rejectedRecords(store: RunStore, batchId: string, opts: { reveal?: boolean } = {}): Promise<{ batchId: string; rejectedKey: string | null; records: RejectedRecord[] }> {
  const batch = await store.getBatch(batchId);
  if (!batch) throw new RunNotFoundError(`no batch ${batchId} (\`tipline runs\` lists batch IDs)`);
  const records = (await readRejected(store, batch)) ?? [];
  return { batchId, rejectedKey: batch.rejectedKey ?? null, records: opts.reveal ? records : records.map(maskRejected) };
}

/** Reads runs from emulator endpoints and the data dir's execution records. */
export class LocalRunStore implements RunStore {
  readonly source: string;
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    private readonly dataDir: string,
    private readonly s3: S3Client,
    private readonly ddb: DynamoDBClient,
    private readonly names: { batchesTable: string; workBucket: string },
    private readonly onClose: () => Promise<void> = async () => undefined,
    source = 'local',
  ) {
    this.doc = DynamoDBDocumentClient.from(ddb);
    this.source = source;
  }

  async listExecutions(limit = 1000): Promise<ExecutionLike[]> {
    return (await listExecutions(this.dataDir)).slice(0, limit);
  }

  async getExecution(name: string): Promise<ExecutionLike | undefined> {
    return loadExecution(this.dataDir, name);
  }

  async getBatch(batchId: string): Promise<BatchRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.names.batchesTable, Key: { pk: `BATCH#${batchId}`, sk: 'META' } }));
    return out.Item as BatchRecord | undefined;
  }

  async readWorkObject(key: string): Promise<string | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.names.workBucket, Key: key }));
      return await out.Body?.transformToString('utf-8');
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    this.doc.destroy();
    await this.onClose();
  }
}

const localClients = (s3Endpoint: string, ddbEndpoint: string) => {
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    s3: new S3Client({ endpoint: s3Endpoint, forcePathStyle: true, region: LOCAL_REGION, credentials }),
    ddb: new DynamoDBClient({ endpoint: ddbEndpoint, region: LOCAL_REGION, credentials }),
  };
};

/** Store over given endpoints (a running serve, or a runtime in this process). */
export function endpointStore(dataDir: string, endpoints: { s3: string; dynamodb: string }, names: { batchesTable: string; workBucket: string }, source = 'local'): LocalRunStore {
  const { s3, ddb } = localClients(endpoints.s3, endpoints.dynamodb);
  return new LocalRunStore(dataDir, s3, ddb, names, async () => {
    s3.destroy();
    ddb.destroy();
  }, source);
}

/**
 * Open the local runs of a data dir: through a running `tipline serve` when there is one, otherwise by
 * starting the S3 and DynamoDB emulators on the data dir just for reading.
 */
export async function openLocalStore(dataDir: string): Promise<RunStore> {
  const serve = await runningServe(dataDir);
  if (serve) return endpointStore(dataDir, serve.endpoints, serve, `tipline serve (${serve.adminUrl})`);
  let emulators: Emulators;
  try {
    emulators = await startEmulators(dataDir);
  } catch (err) {
    throw new Error(`cannot open ${dataDir}: ${(err as Error).message} (is another tipline command using this data dir?)`);
  }
  const { s3, ddb } = localClients(emulators.s3.endpoint, emulators.dynamodb.endpoint);
  const close = async () => {
    s3.destroy();
    ddb.destroy();
    await emulators.stop();
  };
  try {
    const tables = (await ddb.send(new ListTablesCommand({}))).TableNames ?? [];
    const buckets = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name ?? '');
    const names = {
      batchesTable: tables.find((t) => /batch/i.test(t)) ?? '',
      workBucket: buckets.find((b) => /work/i.test(b)) ?? '',
    };
    return new LocalRunStore(dataDir, s3, ddb, names, close, `data dir ${dataDir}`);
  } catch (err) {
    await close();
    throw err;
  }
}

export type { RunRow, RunView };
