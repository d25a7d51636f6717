/**
 * <data dir>/serve.json: where a running `tipline serve` listens, so `tipline drop`, `tipline runs` and
 * `tipline rejected` talk to its emulators instead of opening the data dir a second time (the DynamoDB
 * emulator's LevelDB takes a lock). Endpoints are loopback only.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface ServeInfo {
  pid: number;
  startedAt: string;
  adminUrl: string;
  mailViewerUrl: string;
  endpoints: { s3: string; dynamodb: string; ses: string };
  region: string;
  ingestBucket: string;
  workBucket: string;
  batchesTable: string;
  incomingPrefix: string;
  /**
   * The functions' environment in this serve (resource names, endpoints, the data dir's local credentials):
   * `tipline resend`, `tipline run` and the other commands run the same shared code against these services.
   * The file is written 0600, like the credentials file it repeats.
   */
  env: Record<string, string>;
}

export const serveInfoPath = (dataDir: string): string => path.join(path.resolve(dataDir), 'serve.json');

export async function writeServeInfo(dataDir: string, info: ServeInfo): Promise<void> {
  await writeFile(serveInfoPath(dataDir), `${JSON.stringify(info, null, 1)}\n`, { mode: 0o600 });
}

export async function removeServeInfo(dataDir: string, pid = process.pid): Promise<void> {
  const info = await readServeInfoFile(dataDir);
  if (info && info.pid === pid) await rm(serveInfoPath(dataDir), { force: true });
}

async function readServeInfoFile(dataDir: string): Promise<ServeInfo | undefined> {
  try {
    return JSON.parse(await readFile(serveInfoPath(dataDir), 'utf-8')) as ServeInfo;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running serve for this data dir, or undefined (no file, or a stale one whose process has gone). */
export async function runningServe(dataDir: string): Promise<ServeInfo | undefined> {
  const info = await readServeInfoFile(dataDir);
  if (!info || !alive(info.pid)) return undefined;
  try {
    // The S3 emulator answers on its endpoint while the serve is up.
    await fetch(info.endpoints.s3, { signal: AbortSignal.timeout(2000) });
    return info;
  } catch {
    return undefined;
  }
}
