/**
 * The embedded default (docs/design.md §3): the local services (local-services.ts: emulators, the stack's
 * resources, the functions' environment) plus the synthesized state machine and the S3 → EventBridge → Step
 * Functions wiring, all in this process. A file put under incoming/ in the local ingest bucket — by
 * `tipline run`, `tipline drop` or any S3 client — starts an execution.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localS3Client, startLocalServices, type LocalServices } from './local-services.js';
import type { EmulatorPorts, Emulators } from './emulators.js';
import { loadTemplate } from './template.js';
import { CfnResolver } from './cfn.js';
import { localDefinition, type LocalDefinition } from './local-definition.js';
import { loadExecution, saveExecution, type ExecutionRecord } from './execution-record.js';
import { ruleMatcher, toObjectCreatedEvent } from './event-bridge.js';
import { INCOMING_PREFIX } from '../shared/storage/keys.js';
import type { ObjectCreatedEvent } from '../shared/model/workflow.js';
import { noFaults, parseFaults } from './faults/parse-faults.js';
import type { Faults } from './faults/index.js';

export interface RuntimeOptions {
  dataDir: string;
  ports?: EmulatorPorts;
  /** Retry pause in ms for the local run (the deployed definition waits seconds). */
  retryPauseMs?: number;
  onEvent?: (event: { execution: string; type: string; state?: string; index?: number }) => void;
  beforeTask?: (stateName: string, execution: string) => void | Promise<void>;
  /** The portal emails link to (PORTAL_URL); default `tipline serve`'s on its default port. */
  portalUrl?: string;
  /** Fault injection (issue 10); defaults to TIPLINE_FAULTS / TIPLINE_FAULT_SEED from the environment. */
  faults?: { TIPLINE_FAULTS?: string; TIPLINE_FAULT_SEED?: string };
}

export interface LocalRuntime {
  dataDir: string;
  emulators: Emulators;
  local: LocalDefinition;
  env: Record<string, string>;
  ingestBucket: string;
  workBucket: string;
  s3: S3Client;
  ddb: DynamoDBClient;
  /** The injected faults, when TIPLINE_FAULTS asks for any. */
  faults?: Faults;
  /** The executions running now, each as far as it has got (status RUNNING). */
  running(): ExecutionRecord[];
  /** Put a file under incoming/ and wait for the execution its event starts. */
  runFile(filePath: string, key?: string): Promise<ExecutionRecord>;
  /** What EventBridge does with an event: start (or find) the execution it names. */
  deliver(event: ObjectCreatedEvent, executionName?: string): Promise<ExecutionRecord>;
  /** Resolves when every execution started so far has ended. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Execution names derive from bucket, key and version (or ETag where the emulator keeps no versions). */
export function executionNameFor(event: ObjectCreatedEvent): string {
  const o = event.detail.object;
  const identity = `${event.detail.bucket.name}/${o.key}#${o['version-id'] ?? o.etag ?? ''}`;
  return `tipline-${createHash('sha256').update(identity).digest('hex').slice(0, 24)}`;
}

/** Fills what a start reads from CACHE_DIR (the synthesized template, the definition's validation) as a first start would. */
export async function warmStartCaches(): Promise<void> {
  const { stateMachineFor } = await import('./state-machine.js');
  await stateMachineFor(localDefinition(new CfnResolver(await loadTemplate())));
}

export async function startLocalRuntime(options: RuntimeOptions): Promise<LocalRuntime> {
  const faultEnv = options.faults ?? process.env;
  const faultSpec = parseFaults(faultEnv.TIPLINE_FAULTS); // a bad TIPLINE_FAULTS fails before anything starts
  let modules!: typeof import('./runtime-modules.js');
  let local!: LocalDefinition;
  let matchesRule!: ReturnType<typeof ruleMatcher>;
  let faults: Faults | undefined;
  const services = await startLocalServices({
    dataDir: options.dataDir,
    ports: options.ports,
    portalUrl: options.portalUrl,
    whileStarting: async (resolver) => {
      modules = await import('./runtime-modules.js');
      local = localDefinition(resolver);
      matchesRule = ruleMatcher(resolver);
      // Built (and, unless recorded as valid, validated) while the emulators finish starting; executions
      // await it, so an invalid definition still fails the execution as before.
      modules.stateMachineFor(local).catch(() => undefined);
    },
    // Fault proxies (if any) stand between the workflow's clients and the emulators. The fault module is
    // loaded only when TIPLINE_FAULTS asks for faults.
    proxy: noFaults(faultSpec)
      ? undefined
      : async (emulators) => (faults = await (await import('./faults/index.js')).startFaults(faultEnv, {
          s3: emulators.s3.endpoint, dynamodb: emulators.dynamodb.endpoint, ses: emulators.ses.endpoint,
        })),
  });
  return workflowOn(services, options, { modules, local, matchesRule, faults });
}

function workflowOn(
  services: LocalServices,
  options: RuntimeOptions,
  { modules, local, matchesRule, faults }: { modules: typeof import('./runtime-modules.js'); local: LocalDefinition; matchesRule: ReturnType<typeof ruleMatcher>; faults?: Faults },
): LocalRuntime {
  const { dataDir, emulators, env, ingestBucket, workBucket, ddb } = services;
  const { PutObjectCommand, executeLocally } = modules;
  const s3 = localS3Client(modules, emulators.s3.endpoint, { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! });
  const beforeTask = faults
    ? (state: string, execution: string) => { faults.beforeTask(state); return options.beforeTask?.(state, execution); }
    : options.beforeTask;

  const running = new Map<string, Promise<ExecutionRecord>>();
  const soFar = new Map<string, () => ExecutionRecord>();

  function deliver(event: ObjectCreatedEvent, executionName = executionNameFor(event)): Promise<ExecutionRecord> {
    // Registered before any await, so an event delivered twice at once finds the same execution.
    const inFlight = running.get(executionName);
    if (inFlight) return inFlight;
    const started = startOrFind(event, executionName);
    running.set(executionName, started);
    return started.finally(() => running.delete(executionName));
  }

  async function startOrFind(event: ObjectCreatedEvent, executionName: string): Promise<ExecutionRecord> {
    // StartExecution is idempotent on the name: a redelivered event finds the execution it already
    // started. A failed one may be run again (as a redrive would), under the next attempt's name.
    const { latest, nextName: name } = await attempts(executionName);
    if (latest && latest.status !== 'FAILED') return latest;
    const record = await executeLocally(local, {
      name,
      input: event,
      retryPauseMs: options.retryPauseMs,
      beforeTask,
      onEvent: (e) => options.onEvent?.({ execution: name, ...e }),
      onStarted: (read) => soFar.set(name, read),
    }).catch((err: unknown) => {
      soFar.delete(name);
      throw err;
    });
    // The mail it sent is already in <data dir>/mail: the SES emulator writes each message as it accepts it.
    // Listed as running until its record is saved, so a reader never finds it in neither place.
    await saveExecution(dataDir, record).finally(() => soFar.delete(name));
    return record;
  }

  async function attempts(base: string): Promise<{ latest?: ExecutionRecord; nextName: string }> {
    let latest: ExecutionRecord | undefined;
    for (let attempt = 1; ; attempt++) {
      const name = attempt === 1 ? base : `${base}-r${attempt}`;
      const record = await loadExecution(dataDir, name);
      if (!record) return { latest, nextName: name };
      latest = record;
    }
  }

  const eventWaiters = new Map<string, (record: Promise<ExecutionRecord>) => void>();
  emulators.s3.events.on('event', (notification) => {
    for (const r of notification.Records) {
      const event = toObjectCreatedEvent(r);
      if (!event || !matchesRule(event)) continue;
      const execution = deliver(event);
      execution.catch(() => undefined);
      const waiter = eventWaiters.get(`${event.detail.bucket.name}/${event.detail.object.key}`);
      waiter?.(execution);
    }
  });

  async function runFile(filePath: string, key = `${INCOMING_PREFIX}${path.basename(filePath)}`): Promise<ExecutionRecord> {
    const started = new Promise<Promise<ExecutionRecord>>((resolve) => eventWaiters.set(`${ingestBucket}/${key}`, resolve));
    // Streamed, not read whole: a batch file can be larger than the memory the run may use.
    const { size } = await stat(filePath);
    await s3.send(new PutObjectCommand({ Bucket: ingestBucket, Key: key, Body: createReadStream(filePath), ContentLength: size }));
    const record = await (await started);
    eventWaiters.delete(`${ingestBucket}/${key}`);
    return record;
  }

  return {
    dataDir,
    emulators,
    local,
    env,
    ingestBucket,
    workBucket,
    s3,
    ddb,
    faults,
    runFile,
    deliver,
    running: () => [...soFar.values()].map((read) => read()),
    async idle() {
      await Promise.allSettled([...running.values()]);
    },
    async stop() {
      await Promise.allSettled([...running.values()]);
      s3.destroy();
      await services.stop();
    },
  };
}
