/**
 * The local stand-ins for AWS (docs/design.md §3): s3rver (S3), dynalite (DynamoDB, persisted in LevelDB) and
 * aws-ses-v2-local (SES v2), on loopback ports, data under the data dir. They run in one worker thread
 * (local/emulator-worker.mjs) so they use the second core; S3's ObjectCreated notifications come back
 * to this thread as `s3.events` 'event' emissions. Each port is a gate that takes only requests signed with
 * the data dir's local credentials (emulator-guard.mjs). One process at a time opens a data dir: the lock
 * names the process that holds it.
 */
import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { S3rverEventRecord } from 's3rver';
import { localCredentials, type LocalCredentials } from './emulator-credentials.js';
import { lockDataDir } from './emulators-lock.js';
import { LOCAL_REGION } from './cfn.js';

export interface Emulators {
  s3: { endpoint: string; events: EventEmitter<{ event: [{ Records: S3rverEventRecord[] }] }> };
  dynamodb: { endpoint: string };
  ses: { endpoint: string };
  /** The only credentials the emulators accept. */
  credentials: LocalCredentials;
  stop(): Promise<void>;
}

export interface EmulatorPorts { s3?: number; dynamodb?: number; ses?: number }

const HOST = '127.0.0.1';

type WorkerMessage =
  | { type: 'ready'; ports: { s3: number; dynamodb: number; ses: number } }
  | { type: 's3-event'; event: { Records: S3rverEventRecord[] } }
  | { type: 'stopped' };

const LOADER_FLAG = /^(--import|--require|-r|--loader|--experimental-loader)(=|$)/;
/** V8 heap sizes are per process: a worker may not be given them, and gets them anyway. */
const HEAP_FLAG = /^--(max-old-space-size|max-semi-space-size)=/;

/**
 * The worker is plain JavaScript and needs no module loader. It would inherit this thread's: under
 * `node --import tsx` (or `npx tsx`) tsx registers its hooks again in the worker, and loading the
 * emulators' CommonJS dependencies through them took the worker about a second longer.
 */
function startWorker(url: URL, options: WorkerOptions): Worker {
  const execArgv: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i]!;
    const loader = LOADER_FLAG.exec(arg);
    if (loader) {
      if (loader[2] === '') i++; // the flag's value is the next argument
    } else if (!HEAP_FLAG.test(arg)) execArgv.push(arg);
  }
  if (execArgv.length === process.execArgv.length) return new Worker(url, options);
  try {
    return new Worker(url, { ...options, execArgv });
  } catch (err) {
    // Flags a worker may not be given explicitly (V8 heap sizes, …): inherit everything, loader included.
    if ((err as { code?: string }).code === 'ERR_WORKER_INVALID_EXEC_ARGV') return new Worker(url, options);
    throw err;
  }
}

export async function startEmulators(dataDir: string, ports: EmulatorPorts = {}): Promise<Emulators> {
  const s3Dir = path.join(dataDir, 's3');
  const ddbDir = path.join(dataDir, 'dynamodb');
  await mkdir(s3Dir, { recursive: true });
  await mkdir(ddbDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  const credentials = localCredentials(dataDir);

  const worker = startWorker(new URL('./emulator-worker.mjs', import.meta.url), {
    workerData: { s3Dir, ddbDir, mailDir: path.join(dataDir, 'mail'), ports, credentials, region: LOCAL_REGION },
  });
  const events = new EventEmitter<{ event: [{ Records: S3rverEventRecord[] }] }>();
  let ready: { s3: number; dynamodb: number; ses: number };
  try {
    ready = await new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the emulators stopped while starting (exit ${code})`)));
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolve(message.ports);
        else if (message.type === 's3-event') events.emit('event', message.event);
      });
    });
  } catch (err) {
    await worker.terminate();
    await unlock();
    throw err;
  }
  worker.removeAllListeners('exit');

  return {
    s3: { endpoint: `http://${HOST}:${ready.s3}`, events },
    dynamodb: { endpoint: `http://${HOST}:${ready.dynamodb}` },
    ses: { endpoint: `http://${HOST}:${ready.ses}` },
    credentials,
    async stop() {
      const stopped = new Promise<void>((resolve) => worker.on('message', (m: WorkerMessage) => m.type === 'stopped' && resolve()));
      worker.postMessage({ type: 'stop' });
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5000))]);
      await worker.terminate();
      await unlock();
    },
  };
}
