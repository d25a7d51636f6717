/**
 * Points this process's handlers at a running `tipline serve`'s emulators (serve.json) instead of starting
 * the data dir's own: the environment a handler gets inside the serve (the stack's resource names from the
 * template, the serve's endpoints). For commands that call handlers directly, e.g. the lifecycle commands.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runningServe, type ServeInfo } from './admin/serve-info.js';
import { captureLogLines } from './log-capture.js';
import { loadTemplate } from './template.js';
import { CfnResolver, LOCAL_REGION } from './cfn.js';
import { functionEnvironment } from './resources.js';
import { resetConfig } from '../shared/config.js';
import { resetClients } from '../shared/aws/clients.js';

/**
 * The running serve, with this process's environment now pointing at it and handler log lines going to the
 * data dir's lambda.log (as in the serve); `detach` restores the output. Undefined when no serve runs.
 */
export async function attachToServe(dataDir: string): Promise<(ServeInfo & { detach(): Promise<void> }) | undefined> {
  const serve = await runningServe(dataDir);
  if (!serve) return undefined;
  await mkdir(path.join(dataDir, 'logs'), { recursive: true });
  const logFile = createWriteStream(path.join(dataDir, 'logs', 'lambda.log'), { flags: 'a' });
  const restore = captureLogLines(logFile);
  Object.assign(process.env, {
    ...functionEnvironment(new CfnResolver(await loadTemplate())),
    AWS_REGION: serve.region || LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: serve.endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: serve.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SESV2: serve.endpoints.ses,
    S3_FORCE_PATH_STYLE: 'true',
    POWERTOOLS_SERVICE_NAME: 'tipline-router',
  });
  resetConfig();
  resetClients();
  return {
    ...serve,
    async detach() {
      restore();
      resetClients();
      await new Promise((resolve) => logFile.end(resolve));
    },
  };
}
