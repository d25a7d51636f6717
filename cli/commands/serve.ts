/**
 * `tipline serve [--port N]`: emulators, the bucket watch and the admin page stay up until Ctrl-C
 * (SIGINT) or SIGTERM. A file put under incoming/ in the local ingest bucket — `tipline drop FILE` or any
 * S3 client — starts a run, as on AWS.
 */
import { startServeSession } from '../../local/admin/serve-session.js';
import { DEFAULT_ADMIN_PORT } from '../../local/admin/server.js';
import { print, printJson, progress } from '../output.js';

export async function serveCommand(opts: { json: boolean; dataDir: string; port?: number }): Promise<number> {
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port > 0 && opts.port < 65536)) throw new Error('--port must be a port number');
  if (!opts.json) progress(`Starting local AWS emulators, the state machine and the admin page in ${opts.dataDir} …`);
  const session = await startServeSession({
    dataDir: opts.dataDir,
    port: opts.port ?? DEFAULT_ADMIN_PORT,
    onEvent: opts.json ? undefined : (e) => {
      if (e.type === 'entered' && e.index === undefined) progress(`  ${e.execution} → ${e.state}`);
    },
  });
  const { info } = session;
  if (opts.json) printJson(info);
  else {
    print(`Admin page:   ${info.adminUrl}`);
    print(`Mail viewer:  ${info.mailViewerUrl}`);
    print(`Drop files:   tipline drop FILE --data-dir ${opts.dataDir}   (or any S3 client: s3://${info.ingestBucket}/${info.incomingPrefix} at ${info.endpoints.s3}, path-style, region ${info.region})`);
    print('Ctrl-C stops.');
  }
  await new Promise<void>((resolve) => {
    const done = (signal: string) => {
      if (!opts.json) progress(`\n${signal}: stopping (waiting for running executions) …`);
      resolve();
    };
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  await session.stop();
  if (!opts.json) progress('Stopped.');
  return 0;
}
