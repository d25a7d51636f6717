/**
 * The stateless half, on one synthesis of the whole app: each step's function settings and least-privilege
 * role, the state machine (logging, tracing, encryption, timeouts, retries, catches), the ASL validated
 * with asl-validator, the EventBridge start path, and the admin alarms.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import aslValidator from 'asl-validator';
import { CfnResolver, type CfnTemplate } from '../../local/cfn.js';
import { STATE } from '../../infra/constructs/pipeline.js';
import { RETRYABLE_ERRORS, WAITING_ERRORS } from '../../shared/errors.js';
import { LINKING_LEASE_PK } from '../../shared/aws/linking-lease.js';
import {
  synthApp, ofType, resources, functionIdOf, roleStatementsOf, actionsOf, resourcesOf, describeResource, type Statement,
} from './synth.js';

const STEPS = [
  'register-batch', 'validate', 'acquire-linking-lease', 'enrich', 'classify', 'write-index', 'release-linking-lease',
  'assign', 'notify', 'finalize', 'mark-failed',
] as const;
type Step = (typeof STEPS)[number];

let template: Template;
let ids: { key: string; ingest: string; work: string; batches: string; cases: string; index: string; lifecycle: string; directory: string };
let definition: { StartAt: string; TimeoutSeconds?: number; States: Record<string, any> };

beforeAll(() => {
  const { stack } = synthApp();
  template = Template.fromStack(stack);
  const id = (type: string, pick: (r: any) => boolean) => ofType(template, type).find(([, r]) => pick(r))![0];
  const bucketWith = (pred: (p: any) => boolean) => id('AWS::S3::Bucket', (r) => pred(r.Properties));
  ids = {
    key: ofType(template, 'AWS::KMS::Key')[0]![0],
    ingest: bucketWith((p) => p.ObjectLockEnabled === true),
    work: bucketWith((p) => !p.ObjectLockEnabled && p.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm === 'aws:kms'),
    batches: id('AWS::DynamoDB::Table', (r) => r.Properties.GlobalSecondaryIndexes?.[0]?.IndexName === 'byRecency'),
    cases: id('AWS::DynamoDB::Table', (r) => r.Properties.KeySchema[0].AttributeName === 'caseId'),
    index: id('AWS::DynamoDB::Table', (r) => r.Properties.KeySchema.length === 1 && r.Properties.KeySchema[0].AttributeName === 'pk'),
    lifecycle: id('AWS::DynamoDB::Table', (r) => r.Properties.GlobalSecondaryIndexes?.some((i: { IndexName: string }) => i.IndexName === 'byReview')),
    directory: id('AWS::DynamoDB::Table', (r) => r.Properties.KeySchema.length === 2 && !r.Properties.GlobalSecondaryIndexes),
  };
  const resolver = new CfnResolver(template.toJSON() as CfnTemplate);
  const [, machine] = ofType(template, 'AWS::StepFunctions::StateMachine')[0]!;
  definition = JSON.parse(String(resolver.resolve(machine.Properties!.DefinitionString)));
});

/** A role's data grants as "action resource", with key grants as "kms:X via <service>". */
function grantsOf(step: Step): string[] {
  const out: string[] = [];
  for (const s of roleStatementsOf(template, functionIdOf(template, step))) {
    const via = s.Condition?.StringEquals?.['kms:ViaService'];
    for (const a of actionsOf(s)) {
      if (a.startsWith('logs:') || a.startsWith('xray:')) continue;
      for (const r of resourcesOf(s)) {
        const where = describeResource(r)
          .replace(ids.key, 'key').replace(ids.ingest, 'ingest').replace(ids.work, 'work')
          .replace(ids.batches, 'batches').replace(ids.cases, 'cases').replace(ids.index, 'index')
          .replace(ids.lifecycle, 'lifecycle').replace(ids.directory, 'directory');
        out.push(via ? `${a} ${where} via ${String(via).split('.')[0]}` : a.startsWith('ses:') ? a : `${a} ${where}`);
      }
    }
  }
  return [...new Set(out)].sort();
}

const objects = (bucket: string, prefix: string, ...actions: string[]) => actions.map((a) => `${a} ${bucket}/${prefix}*`);
const items = (table: string, ...actions: string[]) => actions.map((a) => `dynamodb:${a} ${table}`);
const keyVia = (service: string, ...actions: string[]) => actions.map((a) => `kms:${a} key via ${service}`);
const ENV_KEY = keyVia('lambda', 'Decrypt');
const DDB_WRITE_KEY = keyVia('dynamodb', 'Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey');
const DDB_READ_KEY = keyVia('dynamodb', 'Decrypt', 'DescribeKey');
const S3_READ_KEY = keyVia('s3', 'Decrypt');
const S3_WRITE_KEY = keyVia('s3', 'Decrypt', 'GenerateDataKey');
const SES = ['ses:SendEmail'];

describe('least privilege: each step is granted exactly the calls its code makes', () => {
  const expected: Record<Step, string[]> = {
    'register-batch': [...objects('ingest', 'incoming/', 's3:GetObject', 's3:GetObjectVersion'), ...S3_READ_KEY, ...items('batches', 'GetItem', 'PutItem'), ...DDB_WRITE_KEY],
    validate: [
      ...objects('ingest', 'incoming/', 's3:GetObject', 's3:GetObjectVersion'),
      ...objects('work', 'batches/', 's3:AbortMultipartUpload', 's3:PutObject'),
      ...S3_WRITE_KEY, ...items('batches', 'UpdateItem'), ...DDB_WRITE_KEY,
    ],
    'acquire-linking-lease': [...items('index', 'GetItem', 'PutItem'), ...DDB_WRITE_KEY],
    enrich: [
      ...objects('work', 'batches/', 's3:GetObject', 's3:PutObject'), ...S3_WRITE_KEY,
      ...items('index', 'BatchGetItem', 'GetItem', 'UpdateItem'), ...DDB_READ_KEY, ...DDB_WRITE_KEY,
    ],
    // case files and index parts go up by multipart upload: a failed part is aborted, not left AccessDenied
    classify: [
      ...objects('work', 'batches/', 's3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'), ...S3_WRITE_KEY,
      ...items('batches', 'UpdateItem'), ...items('index', 'GetItem', 'UpdateItem'), ...DDB_WRITE_KEY,
    ],
    'write-index': [
      ...objects('work', 'batches/', 's3:GetObject'), ...S3_READ_KEY, ...items('index', 'BatchWriteItem', 'GetItem', 'UpdateItem'), ...DDB_WRITE_KEY,
    ],
    'release-linking-lease': [...items('index', 'DeleteItem'), ...DDB_WRITE_KEY],
    assign: [
      ...objects('work', 'batches/', 's3:GetObject'), ...S3_READ_KEY, ...items('cases', 'BatchGetItem', 'BatchWriteItem'),
      ...items('lifecycle', 'BatchGetItem', 'BatchWriteItem', 'GetItem', 'PutItem', 'UpdateItem'), ...DDB_WRITE_KEY,
    ],
    // the senders read the stored recipient directory, and only read it
    notify: [...objects('work', 'batches/', 's3:GetObject', 's3:PutObject'), ...S3_WRITE_KEY, ...items('batches', 'GetItem', 'UpdateItem'), ...DDB_WRITE_KEY, ...items('directory', 'GetItem'), ...SES],
    finalize: [
      ...objects('work', 'batches/', 's3:GetObject', 's3:PutObject'), ...S3_WRITE_KEY, ...items('batches', 'GetItem', 'UpdateItem'),
      ...items('lifecycle', 'BatchGetItem', 'BatchWriteItem', 'GetItem', 'PutItem', 'UpdateItem'), ...DDB_WRITE_KEY, ...items('directory', 'GetItem'), ...SES,
    ],
    // the work bucket: a failure notice SES refuses is kept for `tipline resend`
    'mark-failed': [
      ...objects('work', 'batches/', 's3:PutObject'), ...S3_WRITE_KEY,
      ...items('batches', 'GetItem', 'PutItem', 'UpdateItem'), ...items('index', 'UpdateItem'), ...DDB_WRITE_KEY, ...items('directory', 'GetItem'), ...SES,
    ],
  };

  it.each(STEPS)('%s', (step) => {
    expect(grantsOf(step)).toEqual([...new Set([...expected[step], ...ENV_KEY])].sort());
  });

  it('each step names in its environment exactly the resources it is granted', () => {
    const envOf = (step: Step) => Object.keys(resources(template)[functionIdOf(template, step)]!.Properties!.Environment.Variables);
    const named = (step: Step) => envOf(step).filter((k) => /_(BUCKET|TABLE)$/.test(k)).sort();
    expect(named('register-batch')).toEqual(['BATCHES_TABLE', 'INGEST_BUCKET']);
    expect(named('validate')).toEqual(['BATCHES_TABLE', 'INGEST_BUCKET', 'WORK_BUCKET']);
    expect(named('acquire-linking-lease')).toEqual(['INDEX_TABLE']);
    expect(named('enrich')).toEqual(['INDEX_TABLE', 'WORK_BUCKET']);
    expect(named('classify')).toEqual(['BATCHES_TABLE', 'INDEX_TABLE', 'WORK_BUCKET']);
    expect(named('write-index')).toEqual(['INDEX_TABLE', 'WORK_BUCKET']);
    expect(named('assign')).toEqual(['CASES_TABLE', 'LIFECYCLE_TABLE', 'WORK_BUCKET']);
    expect(named('notify')).toEqual(['BATCHES_TABLE', 'RECIPIENTS_TABLE', 'WORK_BUCKET']);
    expect(named('finalize')).toEqual(['BATCHES_TABLE', 'LIFECYCLE_TABLE', 'RECIPIENTS_TABLE', 'WORK_BUCKET']);
    expect(named('release-linking-lease')).toEqual(['INDEX_TABLE']);
    expect(named('mark-failed')).toEqual(['BATCHES_TABLE', 'INDEX_TABLE', 'RECIPIENTS_TABLE', 'WORK_BUCKET']);
    for (const step of ['notify', 'finalize', 'mark-failed'] as const) {
      expect(envOf(step)).toEqual(expect.arrayContaining(['SES_SENDER', 'HQ_EMAIL', 'SES_CONFIGURATION_SET']));
      // the directory is data, not configuration: a production deploy is no demo either
      expect(envOf(step)).not.toContain('RECIPIENTS_JSON');
      expect(envOf(step)).not.toContain('TIPLINE_DEMO');
    }
  });

  it('the lease steps touch only the linking lease item of the index table (dynamodb:LeadingKeys)', () => {
    const leaseOnly = (step: Step) =>
      roleStatementsOf(template, functionIdOf(template, step))
        .filter((s) => actionsOf(s).some((a) => ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem'].includes(a)))
        .filter((s) => resourcesOf(s).some((r) => describeResource(r).includes(ids.index)));
    for (const step of ['acquire-linking-lease', 'enrich', 'classify', 'write-index', 'release-linking-lease', 'mark-failed'] as const) {
      const statements = leaseOnly(step);
      expect([step, statements.length]).toEqual([step, 1]);
      expect([step, statements[0]!.Condition]).toEqual([step, { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [LINKING_LEASE_PK] } }]);
    }
  });

  it('sending is limited to the sender identity and configuration set, from the sender address', () => {
    const ses = roleStatementsOf(template, functionIdOf(template, 'notify')).find((s) => actionsOf(s).includes('ses:SendEmail'))!;
    expect(resourcesOf(ses).map(describeResource).join(' ')).toMatch(/:identity\/.*:configuration-set\/|:configuration-set\/.*:identity\//);
    expect(ses.Condition).toEqual({ StringEquals: { 'ses:FromAddress': expect.stringContaining('@') } });
  });

  it('logs go only to the step’s own log group; no AWS managed policy on any step role', () => {
    for (const step of STEPS) {
      const fnId = functionIdOf(template, step);
      const fn = resources(template)[fnId]!;
      const logGroup = fn.Properties!.LoggingConfig.LogGroup.Ref as string;
      const logs = roleStatementsOf(template, fnId).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      expect(logs).toEqual([expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] } })]);
      const roleId = fn.Properties!.Role['Fn::GetAtt'][0];
      expect(resources(template)[roleId]!.Properties!.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('no IAM policy in the stack grants a wildcard action', () => {
    const wildcard = ofType(template, 'AWS::IAM::Policy')
      .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as Statement[])
      .flatMap(actionsOf)
      .filter((a) => a.includes('*'));
    expect(wildcard).toEqual([]);
  });

  it('the only Resource "*" statements are X-Ray (steps) and log delivery + X-Ray (state machine)', () => {
    const star = ofType(template, 'AWS::IAM::Policy')
      .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as Statement[])
      .filter((s) => resourcesOf(s).includes('*'))
      .flatMap(actionsOf);
    expect(star.every((a) => a.startsWith('xray:') || a.startsWith('logs:') )).toBe(true);
    expect(star.filter((a) => a.startsWith('logs:')).every((a) => /Delivery|Deliveries|DescribeLogGroups|ResourcePolic/.test(a))).toBe(true);
  });
});

describe('functions', () => {
  it('every step: nodejs22.x on arm64, active tracing, JSON logs to its own encrypted log group, env encrypted with the data key', () => {
    for (const step of STEPS) {
      const fn = resources(template)[functionIdOf(template, step)]!;
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        KmsKeyArn: { 'Fn::GetAtt': [ids.key, 'Arn'] },
        LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', LogGroup: { Ref: expect.any(String) } },
      });
      const logGroup = resources(template)[fn.Properties!.LoggingConfig.LogGroup.Ref]!;
      expect(logGroup.Properties).toMatchObject({ RetentionInDays: 180, KmsKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] } });
    }
  });

  it('every step: no source maps (none shipped), Powertools logger configured to never log events or sample debug lines', () => {
    for (const step of STEPS) {
      const env = resources(template)[functionIdOf(template, step)]!.Properties!.Environment.Variables;
      expect(env.NODE_OPTIONS).toBeUndefined();
      expect(env).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'tipline-router',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
        POWERTOOLS_LOGGER_SAMPLE_RATE: '0',
      });
      expect(env).toEqual(expect.objectContaining({ CHUNK_SIZE: expect.any(String), MAX_FILE_BYTES: expect.any(String), LINK_TTL_SECONDS: expect.any(String), SES_RATE_PER_SECOND: expect.any(String) }));
    }
  });
});

describe('state machine', () => {
  it('is the one Standard machine: logs ALL to a KMS-encrypted log group, traced, encrypted with the data key', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }] },
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] } },
    });
    const [, machine] = ofType(template, 'AWS::StepFunctions::StateMachine')[0]!;
    const logGroupId = machine.Properties!.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
    expect(resources(template)[logGroupId]!.Properties).toMatchObject({ KmsKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] }, RetentionInDays: 365 });
  });

  it('its role may use the key only for this machine (a named machine, so the condition names it)', () => {
    const roleId = ofType(template, 'AWS::StepFunctions::StateMachine')[0]![1].Properties!.RoleArn['Fn::GetAtt'][0];
    const statements = ofType(template, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties!.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as Statement[]);
    const keyUse = statements.find((s) => s.Condition?.StringEquals?.['kms:EncryptionContext:aws:states:stateMachineArn']);
    expect(describeResource(keyUse!.Condition!.StringEquals!['kms:EncryptionContext:aws:states:stateMachineArn'])).toMatch(/:stateMachine:TiplineRouter-Pipeline$/);
  });

  it('validates with asl-validator', () => {
    const { isValid, errorsText } = aslValidator(definition);
    expect(errorsText?.('\n') ?? '').toBe('');
    expect(isValid).toBe(true);
  });

  it('has an execution timeout, and every Task a timeout', () => {
    expect(definition.TimeoutSeconds).toBe(7200);
    for (const [name, state] of allStates()) {
      if (state.Type === 'Task') expect([name, state.TimeoutSeconds]).toEqual([name, expect.any(Number)]);
    }
  });

  it('keeps the state names the handlers and the local runtime rely on, and invokes Lambda by payload only', () => {
    const names = new Map(allStates());
    for (const name of Object.values(STATE)) expect(names.has(name)).toBe(true);
    for (const [name, state] of allStates()) {
      if (state.Type !== 'Task') continue;
      expect([name, state.Resource]).toEqual([name, expect.stringMatching(/^arn:aws:lambda:.*:function:/)]);
    }
    expect(definition.StartAt).toBe(STATE.register);
  });

  it('retries transient errors with exponential backoff and full jitter on every Task, named fatal errors never', () => {
    for (const [name, state] of allStates()) {
      if (state.Type !== 'Task') continue;
      const transient = state.Retry.find((r: any) => r.ErrorEquals.includes('TransientError'));
      expect([name, transient]).toEqual([name, expect.objectContaining({
        ErrorEquals: expect.arrayContaining([...RETRYABLE_ERRORS]),
        BackoffRate: 2,
        JitterStrategy: 'FULL',
        MaxAttempts: expect.any(Number),
        MaxDelaySeconds: expect.any(Number),
      })]);
      expect(state.Retry.some((r: any) => r.ErrorEquals.includes('States.ALL'))).toBe(false);
      expect(state.Retry.find((r: any) => r.ErrorEquals.includes('UnreadableFileError')).MaxAttempts).toBe(0);
    }
  });

  it('runs the linking section under the lease, then the index writes beside the fan-out', () => {
    const top = definition.States;
    expect(top[STATE.validate].Next).toBe(STATE.acquireLease);
    expect(top[STATE.acquireLease].Next).toBe(STATE.enrichMap);
    expect(top[STATE.enrichMap].Next).toBe(STATE.classify);
    expect(top[STATE.classify].Next).toBe(STATE.indexAndFanOut);
    const parallel = top[STATE.indexAndFanOut];
    expect(parallel.Type).toBe('Parallel');
    expect(parallel.Next).toBe(STATE.finalize);
    // the state after it is the fan-out branch's (summaries and the fan-out results), which Finalize reads
    expect(parallel.OutputPath).toBe('$[1]');
    const [index, fanOut] = parallel.Branches;
    expect(index.StartAt).toBe(STATE.indexMap);
    expect(index.States[STATE.indexMap].Next).toBe(STATE.releaseLease);
    expect(index.States[STATE.releaseLease].End).toBe(true);
    expect(fanOut.StartAt).toBe(STATE.keepSummaries);
    expect(fanOut.States[STATE.keepSummaries].Next).toBe(STATE.districtMap);
    expect(fanOut.States[STATE.districtMap].End).toBe(true);
    // the fan-out branch never touches the index: no index step runs in it
    expect(JSON.stringify(fanOut)).not.toMatch(/function:PipelineSteps(WriteIndex|AcquireLinkingLease|ReleaseLinkingLease|Enrich)/);
    for (const name of [STATE.acquireLease, STATE.releaseLease]) {
      expect([name, new Map(allStates()).get(name).Parameters]).toEqual([name, { 'batchId.$': '$.batch.batchId' }]);
    }
  });

  it('waits for a busy lease with a bounded backoff, then fails into MarkFailed', () => {
    const acquire = definition.States[STATE.acquireLease];
    const busy = acquire.Retry.find((r: any) => r.ErrorEquals.includes('LinkingBusy'));
    expect(busy).toEqual({ ErrorEquals: [...WAITING_ERRORS], IntervalSeconds: 1, BackoffRate: 1.5, MaxDelaySeconds: 5, MaxAttempts: 800 });
    // the bound: the run gives up after about 66 minutes of waiting, well inside the execution timeout
    let total = 0;
    for (let k = 0; k < busy.MaxAttempts; k++) total += Math.min(busy.IntervalSeconds * busy.BackoffRate ** k, busy.MaxDelaySeconds);
    expect(total).toBeGreaterThan(3600);
    expect(total).toBeLessThan(4200);
    expect(total).toBeLessThan(definition.TimeoutSeconds!);
    // a lost lease is never retried: the lookups it guarded are stale
    for (const name of [STATE.enrich, STATE.classify, STATE.writeIndex]) {
      const retry = new Map(allStates()).get(name).Retry;
      expect([name, retry.find((r: any) => r.ErrorEquals.includes('LinkingLeaseLost')).MaxAttempts]).toEqual([name, 0]);
    }
  });

  it('keeps only summaries once the index is written, and the event detail MarkFailed reads', () => {
    const states = new Map(allStates());
    const keep = states.get(STATE.keepSummaries);
    expect(keep.Next).toBe(STATE.districtMap);
    expect(Object.keys(keep.Parameters).sort()).toEqual(['batch.$', 'classification', 'detail.$', 'validation']);
    expect(JSON.stringify(keep.Parameters)).not.toMatch(/validation\.chunks|indexParts|enrichment/);
    // what MarkFailed is given must still be in the state after it
    expect(definition.States[STATE.markFailed].Parameters['detail.$']).toBe('$.detail');
  });

  it('catches everything else into MarkFailed, which ends in Fail', () => {
    const top = definition.States;
    for (const name of [STATE.register, STATE.validate, STATE.acquireLease, STATE.enrichMap, STATE.classify, STATE.indexAndFanOut, STATE.finalize]) {
      expect([name, top[name].Catch]).toEqual([name, [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: STATE.markFailed }]]);
    }
    expect(top[STATE.markFailed].Next).toBe(STATE.fail);
    expect(top[STATE.fail].Type).toBe('Fail');
  });
});

describe('start path', () => {
  it('one EventBridge rule: Object Created under incoming/ of the ingest bucket starts the machine, with retries and a dead-letter queue', () => {
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [{ Ref: ids.ingest }] }, object: { key: [{ prefix: 'incoming/' }] } },
      },
      Targets: [Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      })],
    });
  });

  it('the dead-letter queue is encrypted with the data key and TLS-only', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] } });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('the start role may start this machine and use the key only for it', () => {
    const rule = ofType(template, 'AWS::Events::Rule')[0]![1];
    const roleId = rule.Properties!.Targets[0].RoleArn['Fn::GetAtt'][0];
    const statements = ofType(template, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties!.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as Statement[]);
    const machineId = ofType(template, 'AWS::StepFunctions::StateMachine')[0]![0];
    expect(statements).toEqual([
      expect.objectContaining({ Action: 'states:StartExecution', Resource: { Ref: machineId } }),
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::GetAtt': [ids.key, 'Arn'] },
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': { Ref: machineId } } },
      }),
    ]);
  });
});

describe('alarms', () => {
  const alarmOn = (namespace: string, metric: string) =>
    ofType(template, 'AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties!.Namespace === namespace && a.Properties!.MetricName === metric);

  it.each(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionThrottled', 'ExecutionsAborted'])('state machine %s', (metric) => {
    expect(alarmOn('AWS/States', metric)).toHaveLength(1);
  });

  it('Lambda errors and throttles of every step (and of the daily case digest)', () => {
    // AcquireLinkingLease waits by throwing LinkingBusy: its errors are not alarmed on (a wait that runs out
    // fails the execution, which is)
    // (+2: the daily case digest and the case API's handler)
    expect(alarmOn('AWS/Lambda', 'Errors')).toHaveLength(STEPS.length - 1 + 2);
    expect(JSON.stringify(alarmOn('AWS/Lambda', 'Errors'))).not.toContain('AcquireLinkingLease');
    expect(alarmOn('AWS/Lambda', 'Throttles')).toHaveLength(STEPS.length + 2);
  });

  it('undelivered start events', () => {
    expect(alarmOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toHaveLength(1);
  });

  it('messages SES refused: each step\'s "email unsent" log lines counted into one metric, alarmed on', () => {
    const filters = ofType(template, 'AWS::Logs::MetricFilter');
    // one a function (the pipeline's steps and any other function the alarms watch), each on its own log group
    expect(filters.length).toBeGreaterThanOrEqual(STEPS.length);
    expect(new Set(filters.map(([, f]) => JSON.stringify(f.Properties!.LogGroupName))).size).toBe(filters.length);
    for (const step of ['Notify', 'Finalize', 'MarkFailed']) expect(filters.some(([id]) => id === `Alarms${step}EmailsUnsent` || id.startsWith(`Alarms${step}EmailsUnsent`))).toBe(true);
    for (const [, f] of filters) {
      expect(f.Properties).toMatchObject({
        FilterPattern: '{ $.message = "email unsent" }',
        MetricTransformations: [{ MetricNamespace: 'TiplineRouter', MetricName: 'EmailsUnsent', MetricValue: '1' }],
      });
    }
    const notify = filters.find(([id]) => id.startsWith('AlarmsNotifyEmailsUnsent'))!;
    expect(JSON.stringify(notify[1].Properties!.LogGroupName)).toContain('NotifyLogs');
    expect(alarmOn('TiplineRouter', 'EmailsUnsent')).toHaveLength(1);
  });

  it('tipline resend --aws finds what Notify is given in the outputs', () => {
    const outputs = template.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['BatchesTableName', 'WorkBucketName', 'SesSender', 'SesConfigurationSetName']));
  });

  it('every alarm fires on the first occurrence and notifies the one encrypted admin topic', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const [topicId, topic] = ofType(template, 'AWS::SNS::Topic')[0]!;
    expect(topic.Properties!.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [ids.key, 'Arn'] });
    for (const [, a] of ofType(template, 'AWS::CloudWatch::Alarm')) {
      expect(a.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: topicId }] });
    }
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('CloudWatch may use the key only through SNS, with two explicit actions', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: { StringEquals: { 'kms:ViaService': Match.stringLikeRegexp('^sns\\.') } },
        })]),
      },
    });
  });
});

function allStates(): [string, any][] {
  const out: [string, any][] = [];
  const walk = (states: Record<string, any>) => {
    for (const [name, state] of Object.entries(states)) {
      out.push([name, state]);
      const nested = state.ItemProcessor ?? state.Iterator;
      if (nested) walk(nested.States);
      for (const branch of state.Branches ?? []) walk(branch.States);
    }
  };
  walk(definition.States);
  return out;
}
