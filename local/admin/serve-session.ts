/**
 * What `tipline serve` keeps up: the local runtime (emulators + the bucket → state machine wiring, so any
 * S3 client dropping a file under incoming/ starts a run), the admin page on loopback, and serve.json for
 * `tipline drop` and the other commands. Uses only the runtime's public API.
 */
import { startLocalRuntime, type LocalRuntime } from '../runtime.js';
import { LOCAL_REGION } from '../cfn.js';
import { INCOMING_PREFIX } from '../../shared/storage/keys.js';
import { endpointStore } from '../local-run-store.js';
import { startAdminServer, DEFAULT_ADMIN_PORT, type AdminServer } from './server.js';
import { removeServeInfo, runningServe, writeServeInfo, type ServeInfo } from './serve-info.js';

export interface ServeSession {
  runtime: LocalRuntime;
  admin: AdminServer;
  info: ServeInfo;
  stop(): Promise<void>;
}

export async function startServeSession(opts: {
  dataDir: string;
  port?: number;
  /** The portal emails link to (the runtime's PORTAL_URL). */
  portalUrl?: string;
  onEvent?: (event: { execution: string; type: string; state?: string; index?: number }) => void;
}): Promise<ServeSession> {
  const existing = await runningServe(opts.dataDir);
  if (existing) throw new Error(`tipline serve is already running for ${opts.dataDir} (pid ${existing.pid}, ${existing.adminUrl})`);

  const runtime = await startLocalRuntime({ dataDir: opts.dataDir, portalUrl: opts.portalUrl, onEvent: opts.onEvent });
  const names = { batchesTable: runtime.env.BATCHES_TABLE ?? '', workBucket: runtime.workBucket };
  const live = async () => runtime.running();
  const store = endpointStore(runtime.dataDir, { s3: runtime.emulators.s3.endpoint, dynamodb: runtime.emulators.dynamodb.endpoint }, names, 'tipline serve', live);
  const mailViewerUrl = `${runtime.emulators.ses.endpoint}/`;
  let admin: AdminServer;
  try {
    admin = await startAdminServer({ store, port: opts.port ?? DEFAULT_ADMIN_PORT, mailViewerUrl, live, dataDir: runtime.dataDir });
  } catch (err) {
    await store.close();
    await runtime.stop();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`port ${opts.port ?? DEFAULT_ADMIN_PORT} is in use on 127.0.0.1; choose another with --port`);
    throw err;
  }
  const info: ServeInfo = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    adminUrl: admin.url,
    mailViewerUrl,
    endpoints: { s3: runtime.emulators.s3.endpoint, dynamodb: runtime.emulators.dynamodb.endpoint, ses: runtime.emulators.ses.endpoint },
    region: LOCAL_REGION,
    ingestBucket: runtime.ingestBucket,
    workBucket: runtime.workBucket,
    batchesTable: names.batchesTable,
    incomingPrefix: INCOMING_PREFIX,
    env: runtime.env,
  };
  await writeServeInfo(runtime.dataDir, info);

  let stopping: Promise<void> | undefined;
  return {
    runtime,
    admin,
    info,
    stop() {
      stopping ??= (async () => {
        await removeServeInfo(runtime.dataDir);
        await admin.close();
        await store.close();
        await runtime.stop();
      })();
      return stopping;
    },
  };
}
