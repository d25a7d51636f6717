/**
 * `tipline serve [--port N] [--portal-port N]`: emulators, the bucket watch, the admin page and the district
 * portal stay up until Ctrl-C (SIGINT) or SIGTERM. A file put under incoming/ in the local ingest bucket —
 * `tipline drop FILE` or any S3 client — starts a run, as on AWS. The portal (local/portal/) serves the API's
 * own handler in-process; emails link to it, on its fixed default port unless --portal-port says otherwise.
 */
import { startServeSession } from '../../local/admin/serve-session.js';
import { DEFAULT_ADMIN_PORT } from '../../local/admin/server.js';
import { startPortalServer } from '../../local/portal/server.js';
import { DEFAULT_PORTAL_PORT, localPortalUrl } from '../../local/portal/portal-address.js';
import { print, printJson, progress } from '../output.js';

export async function serveCommand(opts: { json: boolean; dataDir: string; port?: number; portalPort?: number }): Promise<number> {
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port > 0 && opts.port < 65536)) throw new Error('--port must be a port number');
  const portalPort = opts.portalPort ?? DEFAULT_PORTAL_PORT;
  // A fixed port: emails carry the portal's URL, and must still work the next time serve runs.
  if (!(Number.isInteger(portalPort) && portalPort > 0 && portalPort < 65536)) throw new Error('--portal-port must be a port number (1-65535)');
  if (!opts.json) progress(`Starting local AWS emulators, the state machine and the admin page in ${opts.dataDir} …`);
  const session = await startServeSession({
    dataDir: opts.dataDir,
    port: opts.port ?? DEFAULT_ADMIN_PORT,
    portalUrl: localPortalUrl(portalPort),
    onEvent: opts.json ? undefined : (e) => {
      if (e.type === 'entered' && e.index === undefined) progress(`  ${e.execution} → ${e.state}`);
    },
  });
  const { info } = session;
  let portal: Awaited<ReturnType<typeof startPortalServer>>;
  try {
    // The API's own handler, as its Lambda runs it; the runtime has pointed its clients at the emulators.
    const { handler } = await import('../../functions/api/handler.js');
    portal = await startPortalServer({ dataDir: opts.dataDir, api: handler, port: portalPort });
  } catch (err) {
    await session.stop();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`port ${portalPort} is in use on 127.0.0.1; choose another with --portal-port`);
    throw err;
  }
  if (opts.json) printJson({ ...info, portalUrl: portal.url });
  else {
    print(`Portal:       ${portal.url}/   (sign in as any role; scripts: tipline token --as ROLE --data-dir ${opts.dataDir})`);
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
  await portal.close();
  await session.stop();
  if (!opts.json) progress('Stopped.');
  return 0;
}
