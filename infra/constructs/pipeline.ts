/**
 * The stateless half: one Lambda per step, the Standard state machine that runs them, and the EventBridge
 * rule that starts it when an original lands under incoming/. The definition is written once, here; the
 * local runtime executes exactly what this synthesizes.
 *
 *   RegisterBatch ─▶ AlreadyHandled? ─▶ Validate ─▶ AcquireLinkingLease ─▶ Map(chunks){Enrich} ─▶ Classify
 *     ─▶ Parallel { Map(index parts){WriteIndex} ─▶ ReleaseLinkingLease
 *                 | KeepSummaries ─▶ Map(districts){Assign ─▶ Notify} } ─▶ Finalize
 *   any failure ─▶ MarkFailed ─▶ Fail
 *
 * AcquireLinkingLease … WriteIndex is the linking section (docs/design.md §2 "Overlapping batches"): one batch at a time, under the
 * linking lease, so overlapping runs give the result of running them one after the other. The district
 * fan-out reads only Classify's files, never the index, so it runs beside the index writes.
 */
import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Storage } from './storage.js';
import type { Notifications } from './notifications.js';
import { PipelineFunction } from './pipeline-function.js';
import { INCOMING_PREFIX, BATCHES_PREFIX } from '../../shared/storage/keys.js';
import { FATAL_ERRORS, RETRYABLE_ERRORS, WAITING_ERRORS } from '../../shared/errors.js';
import { LINKING_LEASE_PK } from '../../shared/aws/linking-lease.js';

export interface PipelineProps {
  storage: Storage;
  notifications: Notifications;
  /** Environment shared by every step (limits, chunk size, link lifetime). */
  settings: Record<string, string>;
}

/** Task state names. The local runtime and the admin views refer to states by these names. */
export const STATE = {
  register: 'RegisterBatch',
  alreadyHandled: 'AlreadyHandled?',
  skip: 'AlreadyProcessed',
  validate: 'Validate',
  acquireLease: 'AcquireLinkingLease',
  enrichMap: 'EnrichChunks',
  enrich: 'Enrich',
  classify: 'Classify',
  indexMap: 'IndexParts',
  writeIndex: 'WriteIndex',
  releaseLease: 'ReleaseLinkingLease',
  indexAndFanOut: 'IndexAndFanOut',
  keepSummaries: 'KeepSummaries',
  districtMap: 'FanOutDistricts',
  assign: 'Assign',
  notify: 'Notify',
  finalize: 'Finalize',
  markFailed: 'MarkFailed',
  fail: 'Failed',
} as const;

export class Pipeline extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly functions: PipelineFunction[];
  readonly logGroup: logs.LogGroup;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const { storage, notifications, settings } = props;
    const { key } = storage;
    const steps = new Construct(this, 'Steps');
    const step = (name: string, description: string, timeout: Duration, memorySize: number, errorsExpected?: string) =>
      new PipelineFunction(steps, name, { step: stepFolder(name), description, key, timeout, memorySize, environment: settings, errorsExpected });

    // Grants mirror the SDK calls each step's code makes (shared/pipeline/*, shared/aws/*): nothing more.
    const incoming = `${INCOMING_PREFIX}*`;
    const work = `${BATCHES_PREFIX}*`;
    const register = step('RegisterBatch', 'Registers a batch file and claims it for this execution', Duration.seconds(30), 256)
      // HeadObject of the event's object version
      .bindBucket(storage.ingestBucket, 'INGEST_BUCKET', ['s3:GetObject', 's3:GetObjectVersion'], incoming)
      // claimBatch: conditional PutItem, then GetItem of the owner
      .bindTable(storage.batchesTable, 'BATCHES_TABLE', ['dynamodb:PutItem', 'dynamodb:GetItem']);
    const validate = step('Validate', 'Parses and validates a batch file into chunks and a rejected file', Duration.minutes(15), 1024)
      .bindBucket(storage.ingestBucket, 'INGEST_BUCKET', ['s3:GetObject', 's3:GetObjectVersion'], incoming)
      // chunks by PutObject; the rejected file by multipart upload (lib-storage Upload)
      .bindBucket(storage.workBucket, 'WORK_BUCKET', ['s3:PutObject', 's3:AbortMultipartUpload'], work)
      .bindTable(storage.batchesTable, 'BATCHES_TABLE', ['dynamodb:UpdateItem']);
    // The linking lease (shared/aws/linking-lease.ts) is one item of the index table: its steps may touch
    // that item only. Renewing is a conditional UpdateItem; GetItem names the holder when it fails.
    const lease = [LINKING_LEASE_PK];
    const acquireLease = step('AcquireLinkingLease', 'Takes the linking lease that lets one batch at a time look up and write the index', Duration.seconds(30), 256,
      'LinkingBusy is how it waits for another batch (its Retry); a wait that runs out fails the execution, which is alarmed on')
      .bindItems(storage.indexTable, 'INDEX_TABLE', ['dynamodb:PutItem', 'dynamodb:GetItem'], lease);
    const releaseLease = step('ReleaseLinkingLease', "Gives the linking lease up once the batch's index entries are written", Duration.seconds(30), 256)
      .bindItems(storage.indexTable, 'INDEX_TABLE', ['dynamodb:DeleteItem'], lease);
    const enrich = step('Enrich', 'Places each report of a chunk in a district, normalises identifiers, looks them up in the index', Duration.minutes(5), 1024)
      .bindBucket(storage.workBucket, 'WORK_BUCKET', ['s3:GetObject', 's3:PutObject'], work)
      // lookUpIndex: the chunk's report IDs and identifier keys, by key
      .bindTable(storage.indexTable, 'INDEX_TABLE', ['dynamodb:BatchGetItem'])
      .bindItems(storage.indexTable, 'INDEX_TABLE', ['dynamodb:UpdateItem', 'dynamodb:GetItem'], lease);
    const classify = step('Classify', 'Links reports into cases and decides priority and disposition', Duration.minutes(15), 3008)
      // case files and index parts by multipart upload (lines-upload.ts): a failed part aborts the upload
      .bindBucket(storage.workBucket, 'WORK_BUCKET', ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], work)
      // updateBatch(allCasesKey, classifiedAt)
      .bindTable(storage.batchesTable, 'BATCHES_TABLE', ['dynamodb:UpdateItem'])
      .bindItems(storage.indexTable, 'INDEX_TABLE', ['dynamodb:UpdateItem', 'dynamodb:GetItem'], lease);
    const writeIndex = step('WriteIndex', "Writes one part of a batch's new index entries", Duration.minutes(5), 512)
      .bindBucket(storage.workBucket, 'WORK_BUCKET', ['s3:GetObject'], work)
      // index items carry a TTL (retainUntil) INDEX_TTL_DAYS after they are written
      .bindTable(storage.indexTable, 'INDEX_TABLE', ['dynamodb:BatchWriteItem'])
      .bindItems(storage.indexTable, 'INDEX_TABLE', ['dynamodb:UpdateItem', 'dynamodb:GetItem'], lease);
    const assign = step('Assign', "Writes a district's case assignments", Duration.minutes(5), 512)
      .bindBucket(storage.workBucket, 'WORK_BUCKET', ['s3:GetObject'], work)
      // writeAssignments: BatchGetItem of what is there, BatchWriteItem of the rest
      .bindTable(storage.casesTable, 'CASES_TABLE', ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'])
      // lifecycle records (shared/cases/create-cases.ts): the group record and its claim, BatchGetItem of the
      // cases that exist, BatchWriteItem of the rest, counter ADDs
      .bindTable(storage.lifecycleTable, 'LIFECYCLE_TABLE', ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem']);
    const notify = step('Notify', "Emails a district's digest with links to its lists", Duration.minutes(5), 512)
      // GetObject also backs the presigned links, which are signed with this role
      .bindBucket(storage.workBucket, 'WORK_BUCKET', ['s3:GetObject', 's3:PutObject'], work)
      // the email ledger: conditional UpdateItems (claim, take over, mark) and GetItem
      .bindTable(storage.batchesTable, 'BATCHES_TABLE', ['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    const finalize = step('Finalize', 'Records the batch outcome, opens its review cases and emails the HQ summary', Duration.minutes(5), 1024)
      .bindBucket(storage.workBucket, 'WORK_BUCKET', ['s3:GetObject', 's3:PutObject'], work)
      // the email ledger and the batch record: UpdateItem and GetItem
      .bindTable(storage.batchesTable, 'BATCHES_TABLE', ['dynamodb:GetItem', 'dynamodb:UpdateItem'])
      // the review cases' lifecycle records, as Assign writes the actionable ones
      .bindTable(storage.lifecycleTable, 'LIFECYCLE_TABLE', ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem']);
    const markFailed = step('MarkFailed', 'Records a failed batch and emails HQ', Duration.seconds(60), 256)
      // a failure notice SES refuses is kept for `tipline resend` (shared/aws/mailer.ts)
      .bindBucket(storage.workBucket, 'WORK_BUCKET', ['s3:PutObject'], work)
      .bindTable(storage.batchesTable, 'BATCHES_TABLE', ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'])
      // drainLinkingLease: a conditional UpdateItem of the lease
      .bindItems(storage.indexTable, 'INDEX_TABLE', ['dynamodb:UpdateItem'], lease);
    for (const f of [notify, finalize, markFailed]) notifications.bindSender(f);
    this.functions = [register, validate, acquireLease, enrich, classify, writeIndex, releaseLease, assign, notify, finalize, markFailed];

    // ── the definition ──────────────────────────────────────────────────────────────────────────
    const fail = new sfn.Fail(this, STATE.fail, { error: 'BatchFailed', cause: 'See the batch record and the MarkFailed input' });
    const markFailedTask = invoke(this, STATE.markFailed, markFailed, {
      payload: sfn.TaskInput.fromObject({
        'detail.$': '$.detail',
        'error.$': '$.error',
        'execution.$': '$$.Execution.Name',
      }),
      resultPath: sfn.JsonPath.DISCARD,
    }).next(fail);
    const guard = <T extends sfn.TaskStateBase | sfn.Map | sfn.Parallel>(state: T): T =>
      state.addCatch(markFailedTask, { errors: ['States.ALL'], resultPath: '$.error' }) as T;

    const registerTask = guard(invoke(this, STATE.register, register, {
      payload: sfn.TaskInput.fromObject({ 'detail.$': '$.detail', 'execution.$': '$$.Execution.Name' }),
      resultPath: '$.batch',
    }));
    const validateTask = guard(invoke(this, STATE.validate, validate, { inputPath: '$.batch', resultPath: '$.validation' }));

    const leaseInput = sfn.TaskInput.fromObject({ 'batchId.$': '$.batch.batchId' });
    const acquireLeaseTask = guard(invoke(this, STATE.acquireLease, acquireLease, { payload: leaseInput, resultPath: sfn.JsonPath.DISCARD }));
    // Another batch is in its linking section: wait for it, checking again every 5 s at most (a batch dropped
    // with another starts within seconds of the other's release), for about 66 minutes in all
    // (1 + 1.5 + 2.25 + 3.4 s, then 796 × 5 s); then the run fails, named, into MarkFailed. 800 attempts add
    // about 2,400 history events, well inside the 25,000 an execution may have.
    acquireLeaseTask.addRetry({
      errors: [...WAITING_ERRORS],
      interval: Duration.seconds(1),
      backoffRate: 1.5,
      maxDelay: Duration.seconds(5),
      maxAttempts: 800,
    });

    const enrichTask = invoke(this, STATE.enrich, enrich, {});
    const enrichMap = guard(new sfn.Map(this, STATE.enrichMap, {
      // Each item is a chunk's report count; its index names the chunk (keys.validChunk).
      itemsPath: '$.validation.chunks',
      itemSelector: { 'batchId.$': '$.batch.batchId', 'chunk.$': '$$.Map.Item.Index', 'reports.$': '$$.Map.Item.Value' },
      maxConcurrency: 10,
      resultPath: '$.enrichment',
    }).itemProcessor(enrichTask));

    const classifyTask = guard(invoke(this, STATE.classify, classify, {
      payload: sfn.TaskInput.fromObject({ 'batch.$': '$.batch', 'enriched.$': '$.enrichment' }),
      resultPath: '$.classification',
    }));

    const indexMap = new sfn.Map(this, STATE.indexMap, {
      // Each item is a part's item count; its index names the part (keys.indexPart).
      itemsPath: '$.classification.indexParts',
      itemSelector: { 'batchId.$': '$.batch.batchId', 'part.$': '$$.Map.Item.Index', 'items.$': '$$.Map.Item.Value' },
      // Each part is INDEX_PART_SIZE items: a few parts at once keep the table's write rate smooth.
      maxConcurrency: 4,
      resultPath: sfn.JsonPath.DISCARD,
    }).itemProcessor(invoke(this, STATE.writeIndex, writeIndex, {}));
    const releaseLeaseTask = invoke(this, STATE.releaseLease, releaseLease, { payload: leaseInput, resultPath: sfn.JsonPath.DISCARD });

    // From here on the state needs summaries only: the lists of chunks and index parts would make every later
    // state grow with the batch (one number a chunk and a part: about 4 KB at a million reports).
    const keepSummaries = new sfn.Pass(this, STATE.keepSummaries, {
      parameters: {
        // MarkFailed reads the S3 event's detail if a later step fails
        'detail.$': '$.detail',
        'batch.$': '$.batch',
        validation: { 'file.$': '$.validation.file', 'counts.$': '$.validation.counts', 'rejectedKey.$': '$.validation.rejectedKey' },
        classification: {
          'rulesVersion.$': '$.classification.rulesVersion',
          'counts.$': '$.classification.counts',
          'districts.$': '$.classification.districts',
          'allCasesKey.$': '$.classification.allCasesKey',
        },
      },
    });

    const districtInput = sfn.TaskInput.fromObject({ 'batch.$': '$.batch', 'work.$': '$.work' });
    const assignTask = invoke(this, STATE.assign, assign, { payload: districtInput, resultPath: '$.assignment' });
    const notifyTask = invoke(this, STATE.notify, notify, { payload: districtInput, resultPath: '$.notification' });
    const districtMap = new sfn.Map(this, STATE.districtMap, {
      itemsPath: '$.classification.districts',
      itemSelector: { 'batch.$': '$.batch', 'work.$': '$$.Map.Item.Value' },
      // SES sending rate is the limit here, not Lambda.
      maxConcurrency: 5,
      resultPath: '$.fanout',
    }).itemProcessor(
      assignTask.next(notifyTask).next(new sfn.Pass(this, 'DistrictDone', {
        parameters: { 'assignment.$': '$.assignment', 'notification.$': '$.notification' },
      })),
    );

    // The index writes and the district fan-out side by side: the fan-out never reads the index (its work is
    // Classify's files), so digests do not wait for index writes. The state after is the fan-out branch's.
    // A failure in either branch stops the other and lands in MarkFailed, which drains the lease.
    const indexAndFanOut = guard(new sfn.Parallel(this, STATE.indexAndFanOut, { outputPath: '$[1]' })
      .branch(indexMap.next(releaseLeaseTask))
      .branch(keepSummaries.next(districtMap)));

    const finalizeTask = guard(invoke(this, STATE.finalize, finalize, {
      payload: sfn.TaskInput.fromObject({
        'batch.$': '$.batch',
        'validation.$': '$.validation',
        'classification.$': '$.classification',
        'fanout.$': '$.fanout',
        'execution.$': '$$.Execution.Name',
        'startedAt.$': '$$.Execution.StartTime',
      }),
    }));

    const definition = registerTask.next(
      new sfn.Choice(this, STATE.alreadyHandled)
        .when(sfn.Condition.isPresent('$.batch.alreadyHandledBy'), new sfn.Succeed(this, STATE.skip))
        .otherwise(validateTask.next(acquireLeaseTask).next(enrichMap).next(classifyTask).next(indexAndFanOut).next(finalizeTask)),
    );

    this.logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stack = Stack.of(this);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      // A fixed name: the role's key grant is conditioned on this machine's ARN (kms:EncryptionContext),
      // which CDK can only write when the name is known.
      stateMachineName: `${stack.stackName}-Pipeline`,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: Duration.hours(2),
      tracingEnabled: true,
      // Every event is logged; payloads are not (they are keys and counts, but error causes may quote input).
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(key, Duration.minutes(5)),
    });
    Validations.of(this.stateMachine).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Vended log delivery (logs:CreateLogDelivery, logs:PutResourcePolicy, ...) and X-Ray (xray:PutTraceSegments, ...) support no resource-level permissions.',
      },
      // Task states may invoke a version or alias of the same function (CDK grants "<arn>:*" with the ARN).
      ...this.functions.map((f) => ({
        id: `AwsSolutions-IAM5[Resource::<${stack.resolve((f.fn.node.defaultChild as CfnElement).logicalId)}.Arn>:*]`,
        reason: `Invoking the ${f.node.id} step function, qualified (version/alias) or not; no other function.`,
      })),
    );

    // Start events EventBridge could not deliver after its retries are kept here, encrypted, and alarmed on.
    this.deadLetterQueue = new sqs.Queue(this, 'StartDeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the EventBridge rule target; its messages are alarmed on and redriven by hand.',
    });

    // S3 cannot notify Step Functions directly: EventBridge "Object Created" under incoming/ starts a run.
    const rule = new events.Rule(this, 'ObjectCreatedRule', {
      description: 'Starts the tipline workflow when a batch file lands under incoming/',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [storage.ingestBucket.bucketName] },
          object: { key: [{ prefix: INCOMING_PREFIX }] },
        },
      },
    });
    const startRole = new iam.Role(this, 'StartExecutionRole', { assumedBy: new iam.ServicePrincipal('events.amazonaws.com') });
    rule.addTarget(new targets.SfnStateMachine(this.stateMachine, {
      role: startRole,
      retryAttempts: 8,
      maxEventAge: Duration.hours(6),
      deadLetterQueue: this.deadLetterQueue,
    }));
    // StartExecution on an encrypted state machine encrypts the input with the data key: this machine only.
    startRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': this.stateMachine.stateMachineArn } },
    }));
    // EventBridge writes undeliverable events to the encrypted dead-letter queue.
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` } },
    }));
  }
}

function stepFolder(stateName: string): string {
  return stateName.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

/** A Lambda task whose result is the handler's return value, retried on transient faults only. */
function invoke(
  scope: Construct,
  name: string,
  fn: PipelineFunction,
  props: Pick<tasks.LambdaInvokeProps, 'payload' | 'resultPath' | 'inputPath'>,
): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, name, {
    lambdaFunction: fn.fn,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    taskTimeout: sfn.Timeout.duration(fn.fn.timeout ?? Duration.minutes(5)),
    ...props,
  });
  task.addRetry({
    errors: [...RETRYABLE_ERRORS],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 6,
    maxDelay: Duration.seconds(60),
    jitterStrategy: sfn.JitterType.FULL,
  });
  // Named fatal errors are not retried: listed so the definition documents them (caught by States.ALL).
  task.addRetry({ errors: [...FATAL_ERRORS], maxAttempts: 0 });
  return task;
}
