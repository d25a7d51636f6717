/**
 * `tipline recipients` shows the stored recipient directory (version, who loaded it and when, each district's
 * recipient); `--history` lists every version. `tipline recipients load FILE` checks FILE and stores it as the
 * next version. Locally on the data dir's DynamoDB (the local stack is a demo: placeholder addresses allowed);
 * with --aws on the deployed stack's RecipientsTableName (as the recipients-admin role; placeholders refused
 * unless the stack's DeployMode output is "demo").
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { directoryProblems, DISTRICT_NAMES, type RecipientDirectory } from '../../shared/notify/recipients.js';
import { directoryHistory, readStoredDirectory, storeDirectory, type StoredDirectory } from '../../shared/aws/recipient-store.js';
import { resolveAwsTarget, type AwsOptions } from '../aws-runs.js';
import { print, printJson, progress } from '../output.js';

export interface RecipientsOptions extends AwsOptions {
  json: boolean;
  dataDir: string;
  aws?: boolean;
  history?: boolean;
  /** Recorded as who loaded the version (default: this user@host); CloudTrail records the AWS principal. */
  changedBy?: string;
}

interface DirectoryTable {
  doc: DynamoDBDocumentClient;
  table: string;
  demo: boolean;
  source: string;
  close(): Promise<void>;
}

async function openTable(opts: RecipientsOptions): Promise<DirectoryTable> {
  if (opts.aws) {
    const target = await resolveAwsTarget(opts, ['RecipientsTableName']);
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: target.region }), { marshallOptions: { removeUndefinedValues: true } });
    return { doc, table: target.recipientsTable!, demo: target.deployMode === 'demo', source: `AWS ${target.recipientsTable}`, close: async () => doc.destroy() };
  }
  const { startLocalRuntime } = await import('../../local/runtime.js');
  const runtime = await startLocalRuntime({ dataDir: opts.dataDir });
  const table = runtime.env.RECIPIENTS_TABLE;
  if (!table) {
    await runtime.stop();
    throw new Error('the local stack has no recipient directory table (RECIPIENTS_TABLE)');
  }
  const doc = DynamoDBDocumentClient.from(runtime.ddb, { marshallOptions: { removeUndefinedValues: true } });
  return { doc, table, demo: runtime.env.TIPLINE_DEMO === 'true', source: `data dir ${runtime.dataDir}`, close: () => runtime.stop() };
}

/** Reads FILE as a recipient directory, or says precisely why it is not one. */
export async function readDirectoryFile(file: string, demo: boolean): Promise<RecipientDirectory> {
  let text: string;
  try {
    text = await readFile(file, 'utf-8');
  } catch (err) {
    throw new Error(`${file}: cannot read: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not a recipient directory: not JSON (${(err as Error).message})`);
  }
  const looksLikeOne = typeof value === 'object' && value !== null && !Array.isArray(value) && 'hq' in value && 'districts' in value;
  if (!looksLikeOne) {
    throw new Error(`${file} is not a recipient directory: expected a JSON object with "hq" ({ title, email }) and "districts" ` +
      `({ "<district>": { title, email, alternate? } } for all ${DISTRICT_NAMES.length} districts), like data/recipients.json`);
  }
  const problems = directoryProblems(value, { demo });
  if (problems.length > 0) throw new Error(`${file} is not a loadable recipient directory:\n  ${problems.join('\n  ')}`);
  const { hq, districts } = value as RecipientDirectory;
  return { hq, districts };
}

function describe(stored: StoredDirectory | undefined, source: string): string {
  if (!stored) return `No recipient directory loaded in ${source}. Load one: tipline recipients load FILE`;
  const lines = [
    `Recipient directory v${stored.version} in ${source}: loaded by ${stored.changedBy} at ${stored.changedAt} (sha256 ${stored.sha256.slice(0, 12)}…)`,
    `  HQ  ${stored.directory.hq.title} <${stored.directory.hq.email}>`,
  ];
  for (const [district, entry] of Object.entries(stored.directory.districts).sort(([a], [b]) => a.localeCompare(b))) {
    const alternate = entry?.alternate ? `  (alternate ${entry.alternate.title} <${entry.alternate.email}>)` : '';
    lines.push(`  ${district.padEnd(16)}${entry ? `${entry.title} <${entry.email}>${alternate}` : '—'}`);
  }
  return lines.join('\n');
}

export async function recipientsCommand(args: string[], opts: RecipientsOptions): Promise<number> {
  const [sub, file] = args;
  if (sub !== undefined && sub !== 'load') throw new Error(`unknown: tipline recipients ${sub} (try: tipline recipients, tipline recipients load FILE)`);
  if (sub === 'load' && !file) throw new Error('usage: tipline recipients load FILE [--aws --stack-outputs FILE] [--changed-by NAME]');
  const table = await openTable(opts);
  try {
    if (sub === 'load') {
      const directory = await readDirectoryFile(file!, table.demo);
      const changedBy = opts.changedBy ?? `${os.userInfo().username}@${os.hostname()}`;
      const { stored, current } = await storeDirectory(table.doc, table.table, directory, changedBy);
      const result = { stored, version: current.version, changedBy: current.changedBy, changedAt: current.changedAt, sha256: current.sha256, districts: current.districts };
      if (opts.json) printJson(result);
      else print(stored
        ? `Loaded ${file} as recipient directory v${current.version} (${current.districts} districts) in ${table.source}.`
        : `${file} is the directory already in use (v${current.version}); nothing stored.`);
      return 0;
    }
    if (opts.history) {
      const versions = await directoryHistory(table.doc, table.table);
      if (opts.json) printJson(versions);
      else print(versions.map((v) => `v${v.version}  ${v.changedAt}  ${v.changedBy}  ${v.districts} districts  sha256 ${v.sha256.slice(0, 12)}…`).join('\n') || 'No versions.');
      return 0;
    }
    const stored = await readStoredDirectory(table.doc, table.table);
    if (opts.json) printJson(stored ?? null);
    else print(describe(stored, table.source));
    if (!stored && !opts.json) progress(table.demo ? 'Until one is loaded, this demo stack sends to the placeholder directory data/recipients.json.' : 'Until one is loaded, every district digest fails.');
    return 0;
  } finally {
    await table.close();
  }
}
