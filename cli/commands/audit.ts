/**
 * `tipline audit [--district NAME] [--json]`: the audit trail of API access, newest first — through a running
 * `tipline serve` when there is one, else from the data dir; `--aws` reads a deployed stack's audit table
 * (`--stack-outputs FILE` with AuditTableName, or `--audit-table NAME`; credentials from the usual chain).
 */
import { readFile } from 'node:fs/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { listAuditEvents } from '../../shared/aws/audit-log.js';
import { concernsDistrict, type AuditEvent } from '../../shared/audit/audit-event.js';
import { runningServe } from '../../local/admin/serve-info.js';
import { startEmulators } from '../../local/emulators.js';
import { LOCAL_REGION } from '../../local/cfn.js';
import { localCredentials } from '../../local/emulator-credentials.js';
import { print, printJson } from '../output.js';

export interface AuditCommandOptions {
  json: boolean;
  dataDir: string;
  district?: string;
  since?: string;
  limit?: number;
  aws?: boolean;
  auditTable?: string;
  stackOutputs?: string;
  region?: string;
}

interface Source {
  doc: DynamoDBDocumentClient;
  table?: string;
  close(): Promise<void>;
}

async function awsSource(opts: AuditCommandOptions): Promise<Source> {
  let table = opts.auditTable;
  if (!table && opts.stackOutputs) {
    const parsed = JSON.parse(await readFile(opts.stackOutputs, 'utf-8')) as Record<string, unknown>;
    const flat = [parsed, ...Object.values(parsed)].filter((v): v is Record<string, string> => typeof v === 'object' && v !== null);
    table = flat.find((o) => typeof o.AuditTableName === 'string')?.AuditTableName;
  }
  if (!table) throw new Error('--aws needs --audit-table NAME or --stack-outputs FILE (cdk deploy --outputs-file) with AuditTableName');
  const ddb = new DynamoDBClient({ region: opts.region });
  return { doc: DynamoDBDocumentClient.from(ddb), table, close: async () => ddb.destroy() };
}

async function localSource(dataDir: string): Promise<Source> {
  const serve = await runningServe(dataDir);
  const emulators = serve ? undefined : await startEmulators(dataDir);
  const endpoint = serve?.endpoints.dynamodb ?? emulators!.dynamodb.endpoint;
  // The emulators take only the data dir's own credentials (local/emulator-credentials.ts).
  const ddb = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials(dataDir) });
  const close = async () => {
    ddb.destroy();
    await emulators?.stop();
  };
  try {
    const tables = (await ddb.send(new ListTablesCommand({}))).TableNames ?? [];
    return { doc: DynamoDBDocumentClient.from(ddb), table: tables.find((t) => /audit/i.test(t)), close };
  } catch (err) {
    await close();
    throw err;
  }
}

export async function auditCommand(opts: AuditCommandOptions): Promise<number> {
  const since = opts.since ? new Date(opts.since) : undefined;
  if (since && Number.isNaN(since.getTime())) throw new Error(`--since must be a date or ISO time, got "${opts.since}"`);
  const source = opts.aws ? await awsSource(opts) : await localSource(opts.dataDir);
  let events: AuditEvent[] = [];
  try {
    if (source.table) events = await listAuditEvents({ doc: source.doc, table: source.table }, { since });
  } finally {
    await source.close();
  }
  if (opts.district) events = events.filter((e) => concernsDistrict(e, opts.district!));
  if (opts.limit !== undefined) events = events.slice(0, opts.limit);
  if (opts.json) printJson(events);
  else {
    for (const e of events) {
      const who = e.user ? `${e.actor} (${e.user})` : e.actor;
      print(`${e.at}  ${e.allowed ? 'allowed' : 'REFUSED'} ${String(e.status).padEnd(3)}  ${who.padEnd(28)}  ${e.action.padEnd(14)}  ${e.resource}`);
    }
    print(`${events.length} event(s)${source.table ? '' : ' (no audit table yet: nothing has been accessed through the portal API)'}`);
  }
  return 0;
}
