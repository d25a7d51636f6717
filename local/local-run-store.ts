/**
 * The local run store: executions recorded in the data dir, batch records and rejected files from the
 * emulators — those of a running `tipline serve` (serve.json), or started on the data dir just for reading.
 */
import { GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { listExecutions, loadExecution } from './execution-record.js';
import { startEmulators, type Emulators } from './emulators.js';
import { LOCAL_REGION } from './cfn.js';
import { runningServe } from './admin/serve-info.js';
import { localCredentials } from './emulator-credentials.js';
import { DataDirInUseError } from './emulators-lock.js';
import type { BatchRecord } from '../shared/aws/batch-records.js';
import type { ExecutionLike } from '../shared/runs/run-view.js';
import type { RunStore } from '../shared/runs/run-store.js';

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
    /** Executions still running (their record is saved when they end): a serve's runtime knows them. */
    private readonly live: () => Promise<ExecutionLike[]> = async () => [],
  ) {
    this.doc = DynamoDBDocumentClient.from(ddb);
    this.source = source;
  }

  async listExecutions(limit = 1000): Promise<ExecutionLike[]> {
    const [done, live] = await Promise.all([listExecutions(this.dataDir), this.running()]);
    const names = new Set(done.map((e) => e.name));
    return [...live.filter((e) => !names.has(e.name)), ...done].sort((a, b) => b.startDate.localeCompare(a.startDate)).slice(0, limit);
  }

  async getExecution(name: string): Promise<ExecutionLike | undefined> {
    return (await loadExecution(this.dataDir, name)) ?? (await this.running()).find((e) => e.name === name);
  }

  private async running(): Promise<ExecutionLike[]> {
    return this.live().catch(() => []);
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

const localClients = (dataDir: string, s3Endpoint: string, ddbEndpoint: string) => {
  // The emulators take only the data dir's own credentials (local/emulator-guard.mjs).
  const credentials = localCredentials(dataDir);
  return {
    s3: new S3Client({ endpoint: s3Endpoint, forcePathStyle: true, region: LOCAL_REGION, credentials }),
    ddb: new DynamoDBClient({ endpoint: ddbEndpoint, region: LOCAL_REGION, credentials }),
  };
};

/** Store over given endpoints (a running serve, or a runtime in this process). */
export function endpointStore(
  dataDir: string,
  endpoints: { s3: string; dynamodb: string },
  names: { batchesTable: string; workBucket: string },
  source = 'local',
  live?: () => Promise<ExecutionLike[]>,
): LocalRunStore {
  const { s3, ddb } = localClients(dataDir, endpoints.s3, endpoints.dynamodb);
  return new LocalRunStore(dataDir, s3, ddb, names, async () => {
    s3.destroy();
    ddb.destroy();
  }, source, live);
}

/** The running executions of a `tipline serve`, from its admin server (loopback). */
export const serveLive = (adminUrl: string) => async (): Promise<ExecutionLike[]> => {
  const res = await fetch(new URL('api/live', adminUrl), { signal: AbortSignal.timeout(5000) });
  return res.ok ? ((await res.json()) as ExecutionLike[]) : [];
};

/**
 * Open the local runs of a data dir: through a running `tipline serve` when there is one, otherwise by
 * starting the S3 and DynamoDB emulators on the data dir just for reading.
 */
export async function openLocalStore(dataDir: string): Promise<RunStore> {
  const serve = await runningServe(dataDir);
  if (serve) return endpointStore(dataDir, serve.endpoints, serve, `tipline serve (${serve.adminUrl})`, serveLive(serve.adminUrl));
  let emulators: Emulators;
  try {
    emulators = await startEmulators(dataDir);
  } catch (err) {
    if (err instanceof DataDirInUseError) throw err; // it names the process already
    throw new Error(`cannot open ${dataDir}: ${(err as Error).message} (is another tipline command using this data dir?)`);
  }
  const { s3, ddb } = localClients(dataDir, emulators.s3.endpoint, emulators.dynamodb.endpoint);
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

