/**
 * Runs the synthesized definition with aws-local-stepfunctions. Each Task state calls the same
 * middy-wrapped handler the Lambda runs, in-process, with a Lambda-like context (its remaining time comes
 * from the function's timeout). The definition's Retry and Catch are honoured; retry pauses are shortened,
 * except a wait for another execution's linking lease.
 * Every event is recorded as Step Functions history.
 */
import './polyfills.js';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { LocalDefinition, TaskBinding } from './local-definition.js';
import { finishHistory, type PendingEvent } from './history.js';
import type { ExecutionRecord } from './execution-record.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './cfn.js';
import { PROJECT_ROOT } from './paths.js';
import { stateMachineFor } from './state-machine.js';
import { checkStatePayload, DataLimitExceededError } from './limits.js';
import { WAITING_ERRORS } from '../shared/errors.js';

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface ExecuteOptions {
  name: string;
  input: unknown;
  /** Pause before a retry, in ms (the definition's intervals are seconds to minutes). */
  retryPauseMs?: number;
  /**
   * Called before each handler invocation with the state and this execution's name; may throw to inject a
   * fault (see local/faults), or return a promise the task waits for (tests order overlapping executions).
   */
  beforeTask?: (stateName: string, execution: string) => void | Promise<void>;
  /** Progress: state entered / exited. */
  onEvent?: (event: { type: string; state?: string; index?: number }) => void;
  /** Called once the execution starts, with a way to read it so far (status RUNNING, its history up to now). */
  onStarted?: (soFar: () => ExecutionRecord) => void;
}

const handlerCache = new Map<string, Promise<LambdaHandler>>();

function loadHandler(binding: TaskBinding): Promise<LambdaHandler> {
  let loaded = handlerCache.get(binding.handlerModule);
  if (!loaded) {
    const url = pathToFileURL(path.join(PROJECT_ROOT, binding.handlerModule)).href;
    loaded = import(url).then((m: { handler?: LambdaHandler }) => {
      if (typeof m.handler !== 'function') throw new Error(`${binding.handlerModule} exports no handler`);
      return m.handler;
    });
    handlerCache.set(binding.handlerModule, loaded);
  }
  return loaded;
}

function lambdaContext(binding: TaskBinding): Context {
  const deadline = Date.now() + binding.timeoutSeconds * 1000;
  const functionName = binding.functionLogicalId;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: String(binding.memorySize),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** JSON in, JSON out: what crossing the Lambda invoke boundary does to a value. */
const overTheWire = <T>(value: T): T => (value === undefined ? (null as T) : (JSON.parse(JSON.stringify(value)) as T));

export async function executeLocally(local: LocalDefinition, options: ExecuteOptions): Promise<ExecutionRecord> {
  const pending: PendingEvent[] = [];
  let seq = 0;
  const record = (event: Omit<PendingEvent, 'seq' | 'at'>, at = Date.now()) => pending.push({ ...event, at, seq: seq++ });
  const stateMachineArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${local.stateMachineLogicalId}`;
  const executionArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${local.stateMachineLogicalId}:${options.name}`;

  // A payload over 256 KB ends the execution with States.DataLimitExceeded, which no Catch catches: the
  // first one found aborts the run, and the record says why (local/limits.ts).
  let dataLimit: DataLimitExceededError | undefined;
  let abort = (): void => undefined;
  const overLimit = (value: unknown, what: string): void => {
    try {
      checkStatePayload(value, what);
    } catch (err) {
      if (!(err instanceof DataLimitExceededError)) throw err;
      dataLimit ??= err;
      abort();
      throw err;
    }
  };

  const taskResourceLocalHandlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  const retryIntervalOverrides: Record<string, number[]> = {};
  const waiting = new Set<string>(WAITING_ERRORS);
  for (const binding of local.tasks.values()) {
    // Pauses for faults are shortened; a retrier that waits for another execution (the linking lease) keeps
    // the definition's intervals (-1: no override), as the other execution takes real time.
    retryIntervalOverrides[binding.stateName] = binding.retriers.map((errors) =>
      errors.some((e) => waiting.has(e)) ? -1 : (options.retryPauseMs ?? 50),
    );
    const resource = `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${binding.functionLogicalId}`;
    const details = { resourceType: 'lambda', resource };
    taskResourceLocalHandlers[binding.stateName] = async (input: unknown) => {
      overLimit(input, binding.stateName);
      record({ type: 'TaskScheduled', taskScheduledEventDetails: { ...details, region: LOCAL_REGION, timeoutInSeconds: binding.timeoutSeconds } });
      record({ type: 'TaskStarted', taskStartedEventDetails: details });
      try {
        await options.beforeTask?.(binding.stateName, options.name);
        const handler = await loadHandler(binding);
        const output = overTheWire(await handler(overTheWire(input), lambdaContext(binding)));
        overLimit(output, binding.stateName);
        record({ type: 'TaskSucceeded', taskSucceededEventDetails: { ...details, output: JSON.stringify(output) } });
        return output;
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        record({ type: 'TaskFailed', taskFailedEventDetails: { ...details, error: error.name, cause: error.message } });
        throw error;
      }
    };
  }

  const machine = await stateMachineFor(local);
  const startDate = new Date();
  const input = options.input;
  const definitionSha256 = createHash('sha256').update(local.definitionString).digest('hex');
  options.onStarted?.(() => ({
    executionArn,
    stateMachineArn,
    name: options.name,
    status: 'RUNNING',
    startDate: startDate.toISOString(),
    input: JSON.stringify(input),
    definitionSha256,
    stateMaps: local.stateMaps,
    events: finishHistory(pending),
  }));
  const execution = machine.run(input as never, {
    overrides: { taskResourceLocalHandlers: taskResourceLocalHandlers as never, retryIntervalOverrides },
    context: {
      Execution: { Id: executionArn, Name: options.name, Input: input, StartTime: startDate.toISOString(), RoleArn: 'local' },
      StateMachine: { Id: stateMachineArn, Name: local.stateMachineLogicalId },
    } as never,
  });
  abort = () => execution.abort();

  const collect = (async () => {
    for await (const ev of execution.eventLogs) {
      const e = ev as { type: string; timestamp: number; state?: { name: string; type: string; input?: unknown; output?: unknown }; index?: number; parentState?: { name: string }; Error?: string; Cause?: unknown; input?: unknown; output?: unknown };
      const stateType = e.state?.type ?? '';
      switch (e.type) {
        case 'ExecutionStarted':
          record({ type: 'ExecutionStarted', executionStartedEventDetails: { input: JSON.stringify(e.input) } }, e.timestamp);
          break;
        case 'StateEntered':
          record({ type: `${stateType}StateEntered`, stateEnteredEventDetails: { name: e.state!.name, input: JSON.stringify(e.state!.input) } }, e.timestamp);
          options.onEvent?.({ type: 'entered', state: e.state!.name, index: e.index });
          break;
        case 'StateExited':
          // Pass, Choice and Map states too: a Map's gathered results count as its output.
          try {
            overLimit(e.state!.output, e.state!.name);
          } catch {
            // recorded in dataLimit; the run is being aborted
          }
          record({ type: `${stateType}StateExited`, stateExitedEventDetails: { name: e.state!.name, output: JSON.stringify(e.state!.output) } }, e.timestamp);
          options.onEvent?.({ type: 'exited', state: e.state!.name, index: e.index });
          break;
        case 'MapIterationStarted':
          record({ type: 'MapIterationStarted', mapIterationStartedEventDetails: { name: e.parentState!.name, index: e.index! } }, e.timestamp);
          break;
        case 'MapIterationSucceeded':
          record({ type: 'MapIterationSucceeded', mapIterationSucceededEventDetails: { name: e.parentState!.name, index: e.index! } }, e.timestamp);
          break;
        case 'MapIterationFailed':
          record({ type: 'MapIterationFailed', mapIterationFailedEventDetails: { name: e.parentState!.name, index: e.index! } }, e.timestamp);
          break;
        // StateFailed/StateRetried/StateCaught: the Task* events above already carry the error.
      }
    }
  })();

  let status: ExecutionRecord['status'] = 'SUCCEEDED';
  let output: unknown;
  let error: string | undefined;
  let cause: string | undefined;
  try {
    output = await execution.result;
  } catch (err) {
    const e = err as Error & { cause?: { name?: string; message?: string } };
    status = e.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
    error = e.cause?.name ?? e.name;
    cause = e.cause?.message ?? e.message;
  }
  await collect.catch(() => undefined);
  if (dataLimit) {
    status = 'FAILED';
    error = dataLimit.name;
    cause = dataLimit.message;
    output = undefined;
  }
  const stopDate = new Date();
  if (status === 'SUCCEEDED') record({ type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: JSON.stringify(output) } }, stopDate.getTime());
  else record({ type: status === 'TIMED_OUT' ? 'ExecutionTimedOut' : 'ExecutionFailed', executionFailedEventDetails: { error, cause } }, stopDate.getTime());

  return {
    executionArn,
    stateMachineArn,
    name: options.name,
    status,
    startDate: startDate.toISOString(),
    stopDate: stopDate.toISOString(),
    input: JSON.stringify(input),
    output: output === undefined ? undefined : JSON.stringify(output),
    error,
    cause,
    definitionSha256,
    stateMaps: local.stateMaps,
    events: finishHistory(pending),
  };
}
