/**
 * The data dir's local services without the workflow (docs/design.md §3): the emulators, the stack's buckets
 * and tables provisioned from the synthesized template, and the functions' environment pointing the unchanged
 * shared code at them — what a command needs that only calls handlers (`tipline districts`, `case …`, `resend`).
 * startLocalRuntime (runtime.ts) builds the state machine and the S3 → EventBridge wiring on top of this.
 */
import './polyfills.js';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startEmulators, type EmulatorPorts, type Emulators } from './emulators.js';
import { readTemplateCache, synthesizeToCache } from './template.js';
import { CfnResolver, LOCAL_REGION } from './cfn.js';
import { checkFunctionEnvironments, checkTemplateRegion } from './limits.js';
import { captureLogLines } from './log-capture.js';
import { localPortalUrl } from './portal/portal-address.js';

/** Something standing between the functions' clients and the emulators (the fault proxies): its endpoints are used instead. */
export interface ServiceProxy {
  endpoints: Partial<Record<'s3' | 'dynamodb' | 'ses', string>>;
  stop(): Promise<void>;
}

export interface LocalServicesOptions {
  dataDir: string;
  ports?: EmulatorPorts;
  /** The portal emails link to (PORTAL_URL); default `tipline serve`'s on its default port. */
  portalUrl?: string;
  /**
   * Work for this thread while the emulator worker starts and the resources are provisioned (loading the modules
   * that will use the services, building what the template defines); the start resolves once it is done. The
   * functions' environment may be set while it runs: it must not call a handler.
   */
  whileStarting?: (resolver: CfnResolver) => Promise<void>;
  /** Started once the emulators are up, before the environment names their endpoints. */
  proxy?: (emulators: Emulators) => Promise<ServiceProxy | undefined>;
}

export interface LocalServices {
  dataDir: string;
  emulators: Emulators;
  resolver: CfnResolver;
  /** The functions' environment (also set on process.env): resource names, endpoints, the data dir's credentials. */
  env: Record<string, string>;
  ingestBucket: string;
  workBucket: string;
  /** A client straight to the DynamoDB emulator (not through a proxy). */
  ddb: DynamoDBClient;
  stop(): Promise<void>;
}

export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.join(dataDir, 'logs'), { recursive: true });
  // The emulators first: their worker thread loads and starts them while this thread loads the rest.
  const starting = startEmulators(dataDir, options.ports);
  starting.catch(() => undefined); // handled where it is awaited; not an unhandled rejection meanwhile
  let proxy: ServiceProxy | undefined;
  try {
    return await provision(options, dataDir, starting, (p) => (proxy = p));
  } catch (err) {
    await proxy?.stop();
    await starting.then((emulators) => emulators.stop(), () => undefined);
    throw err;
  }
}

async function provision(options: LocalServicesOptions, dataDir: string, starting: Promise<Emulators>, proxied: (p: ServiceProxy | undefined) => void): Promise<LocalServices> {
  // The template comes from the cache (file reads only) while the modules load; only a cache miss
  // synthesizes it, importing the CDK app after them.
  const [cache, modules] = await Promise.all([readTemplateCache(), import('./services-modules.js')]);
  const template = cache.template ?? (await synthesizeToCache(cache.file));
  const resolver = new CfnResolver(template);
  // What a deploy would refuse, refused before anything runs (local/limits.ts).
  checkTemplateRegion(template);
  checkFunctionEnvironments(resolver);
  // The caller's work runs while the emulators finish starting and, once they are up, while the resources are
  // provisioned (round trips to the emulator worker, on the other core).
  const working = Promise.resolve().then(() => options.whileStarting?.(resolver));
  const provisioned = starting.then((emulators) => provisionOn(options, dataDir, modules, resolver, emulators, proxied, working));
  const [work, services] = await Promise.allSettled([working, provisioned]);
  if (services.status === 'rejected') throw services.reason;
  if (work.status === 'rejected') {
    await services.value.release();
    throw work.reason;
  }
  return services.value;
}

async function provisionOn(
  options: LocalServicesOptions,
  dataDir: string,
  modules: typeof import('./services-modules.js'),
  resolver: CfnResolver,
  emulators: Emulators,
  proxied: (p: ServiceProxy | undefined) => void,
  working: Promise<unknown>,
): Promise<LocalServices & { release(): Promise<void> }> {
  const { DynamoDBClient, provisionResources, functionEnvironment, resetConfig, resetClients, resetRecipientCache } = modules;
  // A proxy's modules are loaded after the caller's (one import at a time: Jest's ESM loader).
  if (options.proxy) await working.catch(() => undefined);
  const proxy = await options.proxy?.(emulators);
  proxied(proxy);

  // The SDK's standard endpoint variables point the unchanged code at the emulators.
  const env: Record<string, string> = {
    ...functionEnvironment(resolver),
    AWS_REGION: LOCAL_REGION,
    // The data dir's own credentials: the emulators take no others (local/emulator-guard.mjs).
    AWS_ACCESS_KEY_ID: emulators.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulators.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_S3: proxy?.endpoints.s3 ?? emulators.s3.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: proxy?.endpoints.dynamodb ?? emulators.dynamodb.endpoint,
    AWS_ENDPOINT_URL_SESV2: proxy?.endpoints.ses ?? emulators.ses.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    // The template names the CloudFront domain; locally the portal is `tipline serve`'s.
    PORTAL_URL: options.portalUrl ?? localPortalUrl(),
    POWERTOOLS_SERVICE_NAME: 'tipline-router',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
  };
  Object.assign(process.env, env);
  resetConfig();
  resetClients();
  resetRecipientCache();

  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! };
  const ddb = new DynamoDBClient({ endpoint: emulators.dynamodb.endpoint, region: LOCAL_REGION, credentials });
  // The S3 client only if a bucket is missing (the SDK's S3 client is a large load for a command that never uses
  // S3), and imported after the caller's work (one import at a time: Jest's ESM loader).
  let s3: S3Client | undefined;
  const s3Client = async () => {
    await working.catch(() => undefined);
    return (s3 ??= localS3Client(await import('@aws-sdk/client-s3'), emulators.s3.endpoint, credentials));
  };
  let names: Awaited<ReturnType<typeof provisionResources>>;
  try {
    names = await provisionResources(resolver, ddb, s3Client, await bucketsHeld(dataDir));
  } catch (err) {
    ddb.destroy();
    throw err;
  } finally {
    s3?.destroy();
  }

  // Handler log lines (JSON, from the Powertools logger) go to a file, as they would go to CloudWatch.
  const logFile = createWriteStream(path.join(dataDir, 'logs', 'lambda.log'), { flags: 'a' });
  const restoreOutput = captureLogLines(logFile);
  const release = async () => {
    restoreOutput();
    await new Promise((resolve) => logFile.end(resolve));
    ddb.destroy();
    resetClients();
  };
  return {
    dataDir,
    emulators,
    resolver,
    env,
    ingestBucket: env.INGEST_BUCKET ?? Object.values(names.buckets).find((b) => b.includes('ingest'))!,
    workBucket: env.WORK_BUCKET ?? Object.values(names.buckets).find((b) => b.includes('work'))!,
    ddb,
    release,
    async stop() {
      await release();
      await proxy?.stop();
      await emulators.stop();
    },
  };
}

/** An S3 client straight to the emulator, as the local runtime's own (not the functions'). */
export function localS3Client(sdk: Pick<typeof import('@aws-sdk/client-s3'), 'S3Client'>, endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): S3Client {
  // Checksums only when required: with one on a streamed body the SDK sends aws-chunked framing, which
  // s3rver would store as part of the object.
  return new sdk.S3Client({ endpoint, forcePathStyle: true, region: LOCAL_REGION, credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
}

/** The buckets the S3 emulator holds: s3rver keeps each as a directory of its own under <data dir>/s3 (local/emulators.ts). */
async function bucketsHeld(dataDir: string): Promise<Set<string>> {
  const entries = await readdir(path.join(dataDir, 's3'), { withFileTypes: true }).catch(() => []);
  return new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
}
