/**
 * The local services a command works against: those of a running `tipline serve` on the data dir (its
 * serve.json), or the data dir's own started in this process for the command — the services only (emulators,
 * resources, the functions' environment; local/local-services.ts), not the workflow, which a command that
 * calls handlers does not use. Either way the shared code (the same as the Lambda handlers') sees the
 * functions' environment, as a handler would. `load` (the handler the command will call) is imported while
 * the emulators start, not after.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runningServe } from '../local/admin/serve-info.js';
import { captureLogLines } from '../local/log-capture.js';

export async function withLocalServices<T, M = void>(
  dataDir: string,
  fn: (source: string, loaded: M) => Promise<T>,
  load?: () => Promise<M>,
): Promise<T> {
  const serve = await runningServe(dataDir);
  if (serve) {
    // Alongside a serve this process starts nothing: it loads the handler and points the clients at the serve's services.
    const loaded = (await load?.()) as M;
    const { resetConfig } = await import('../shared/config.js');
    const { resetClients } = await import('../shared/aws/clients.js');
    Object.assign(process.env, serve.env);
    resetConfig();
    resetClients();
    // The shared code's log lines go where the runtime puts them, not into this command's output.
    await mkdir(path.join(dataDir, 'logs'), { recursive: true });
    const logFile = createWriteStream(path.join(dataDir, 'logs', 'lambda.log'), { flags: 'a' });
    const restoreOutput = captureLogLines(logFile);
    try {
      return await fn(`tipline serve (pid ${serve.pid})`, loaded);
    } finally {
      restoreOutput();
      await new Promise((resolve) => logFile.end(resolve));
      resetClients();
    }
  }
  const { startLocalServices } = await import('../local/local-services.js');
  let loaded: M | undefined;
  const services = await startLocalServices({ dataDir, whileStarting: async () => { loaded = await load?.(); } });
  try {
    return await fn(`data dir ${dataDir}`, loaded as M);
  } finally {
    await services.stop();
  }
}
