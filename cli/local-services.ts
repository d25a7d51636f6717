/**
 * The local services a command works against: those of a running `tipline serve` on the data dir (its
 * serve.json), or the local runtime started in this process for the command. Either way the shared code
 * (the same as the Lambda handlers') sees the functions' environment, as a handler would.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runningServe } from '../local/admin/serve-info.js';
import { captureLogLines } from '../local/log-capture.js';
import { startLocalRuntime } from '../local/runtime.js';
import { resetConfig } from '../shared/config.js';
import { resetClients } from '../shared/aws/clients.js';

export async function withLocalServices<T>(dataDir: string, fn: (source: string) => Promise<T>): Promise<T> {
  const serve = await runningServe(dataDir);
  if (serve) {
    Object.assign(process.env, serve.env);
    resetConfig();
    resetClients();
    // The shared code's log lines go where the runtime puts them, not into this command's output.
    await mkdir(path.join(dataDir, 'logs'), { recursive: true });
    const logFile = createWriteStream(path.join(dataDir, 'logs', 'lambda.log'), { flags: 'a' });
    const restoreOutput = captureLogLines(logFile);
    try {
      return await fn(`tipline serve (pid ${serve.pid})`);
    } finally {
      restoreOutput();
      await new Promise((resolve) => logFile.end(resolve));
      resetClients();
    }
  }
  const runtime = await startLocalRuntime({ dataDir });
  try {
    return await fn(`data dir ${dataDir}`);
  } finally {
    await runtime.stop();
  }
}
