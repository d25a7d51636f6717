/**
 * One Lambda step: nodejs22.x on arm64, bundled locally by esbuild (never Docker) as ESM — the zip holds the
 * minified bundle only (no source map, no esbuild metafile) — X-Ray tracing, its own encrypted log group with retention, environment encrypted with the
 * data key, and a role of its own that starts empty (no AWS managed policy).
 *
 * `bind*` helpers grant exactly the actions a step's code makes on one resource — never a wildcard action —
 * and set the environment variable that names it, so a permission and the code that needs it never drift
 * apart. Key use follows the grant: only the KMS calls that service makes for that access, and only when
 * made through that service (kms:ViaService).
 */
import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct, type IConstruct } from 'constructs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { HANDLER_METADATA_KEY } from '../handler-metadata.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Template metadata key naming a function's handler module (one definition, shared with the local runtime). */
export { HANDLER_METADATA_KEY };

/** The runtime every step runs on; the bundle targets the same Node version. */
export const STEP_RUNTIME = lambda.Runtime.NODEJS_22_X;

/**
 * esbuild options of every step (also used by bench/bundle-size.ts to measure the same bundles).
 * Some CommonJS dependencies call require(); the banner gives the ESM bundle one.
 */
export const STEP_BUNDLING = {
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  minify: true,
  // The zip ships index.mjs only: a source map would carry the source text, a metafile the build layout.
  sourceMap: false,
  metafile: false,
  mainFields: ['module', 'main'],
  banner: "import { createRequire as __tiplineCreateRequire } from 'module'; const require = __tiplineCreateRequire(import.meta.url);",
  forceDockerBundling: false,
  // Ship the SDK version the tests ran against. The runtime's own copy is a convenience AWS advises not to
  // rely on, and it may lack @aws-sdk/lib-storage (Validate) and @aws-sdk/s3-request-presigner (Notify).
  bundleAwsSDK: true,
} as const satisfies nodejs.BundlingOptions;

/** Handler module of a step, relative to the project root, e.g. functions/validate/handler.ts. */
export const handlerModule = (step: string): string => `functions/${step}/handler.ts`;

/** Object-level S3 actions a step may be granted. Bucket-level actions (List*, Get*Bucket*) are never granted. */
export type ObjectAction = 's3:GetObject' | 's3:GetObjectVersion' | 's3:PutObject' | 's3:AbortMultipartUpload';
/** Item-level DynamoDB actions a step may be granted (on the table itself, never its indexes unless named). */
export type ItemAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query';

/** What a caller needs of the key for each data action (SSE-KMS objects, customer-managed-key tables). */
const S3_KEY_ACTIONS: Record<ObjectAction, string[]> = {
  's3:GetObject': ['kms:Decrypt'],
  's3:GetObjectVersion': ['kms:Decrypt'],
  // A multipart upload needs Decrypt as well, to assemble the encrypted parts.
  's3:PutObject': ['kms:GenerateDataKey', 'kms:Decrypt'],
  's3:AbortMultipartUpload': [],
};
/** Actions that read an object's data: what the bucket policies deny to all but the named roles. */
export const OBJECT_READS: ObjectAction[] = ['s3:GetObject', 's3:GetObjectVersion'];
const DYNAMODB_READ_KEY = ['kms:Decrypt', 'kms:DescribeKey'];
const DYNAMODB_WRITE_KEY = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];
const WRITES: ItemAction[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'];

export interface PipelineFunctionProps {
  /** The folder under functions/, e.g. "validate". */
  step: string;
  description: string;
  /** Encrypts the log group and the environment; granted per bind for data access. */
  key: kms.IKey;
  timeout: Duration;
  memorySize: number;
  /** Caller's environment; merged after the defaults, so it wins. */
  environment?: Record<string, string>;
  /** Log retention; six months by default. */
  logRetention?: logs.RetentionDays;
  /**
   * Why this function's errors are not alarmed on, when they are part of normal work (AcquireLinkingLease
   * throws LinkingBusy while it waits). Its real failures still fail the execution, which is alarmed on.
   */
  errorsExpected?: string;
}

export class PipelineFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** See PipelineFunctionProps.errorsExpected. */
  readonly errorsExpected?: string;
  /** Buckets this step reads objects from: the bucket policies (access-perimeter.ts) let only such roles read. */
  readonly readsFrom = new Set<s3.IBucket>();
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.key = props.key;
    this.errorsExpected = props.errorsExpected;
    const entry = handlerModule(props.step);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.SIX_MONTHS,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Own role: instead of AWSLambdaBasicExecutionRole (logs:* on every log group), write to this group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Tipline Router ${props.step} step`,
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [this.logGroup.logGroupArn],
    }));

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, entry),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      description: props.description,
      runtime: STEP_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environmentEncryption: props.key,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'tipline-router',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Never log the incoming event, never sample debug logs in: events and debug lines are where
        // report values would leak (shared/logger.ts logs IDs and counts only).
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
        POWERTOOLS_LOGGER_SAMPLE_RATE: '0',
        POWERTOOLS_DEV: 'false',
        ...props.environment,
      },
      bundling: STEP_BUNDLING,
    });
    (this.fn.node.defaultChild as lambda.CfnFunction).addMetadata(HANDLER_METADATA_KEY, entry);
    // The environment is encrypted with the data key; the function decrypts it through Lambda only.
    this.grantKeyVia('lambda', ['kms:Decrypt']);

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions (the only Resource "*" statement on this role).',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'nodejs22.x is the runtime the project pins (issue 7, DESIGN); bundles target node22 and tests run on it. Moving to a newer runtime is a deliberate, tested change.',
      },
    );
  }

  /**
   * Object access under the given key patterns (e.g. "incoming/*"), exactly the listed actions, plus the key
   * use S3 makes for them; names the bucket in `envName`.
   */
  bindBucket(bucket: s3.IBucket, envName: string, actions: ObjectAction[], ...patterns: string[]): this {
    if (patterns.length === 0) throw new Error(`${this.node.path}: bindBucket needs at least one key pattern`);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [...new Set(actions)].sort(),
      resources: patterns.map((p) => bucket.arnForObjects(p)),
    }));
    this.grantKeyVia('s3', actions.flatMap((a) => S3_KEY_ACTIONS[a]));
    if (actions.some((a) => OBJECT_READS.includes(a))) this.readsFrom.add(bucket);
    for (const p of patterns) acknowledgeObjectPattern(this, bucket, p);
    this.fn.addEnvironment(envName, bucket.bucketName);
    return this;
  }

  /** Item access on the table (no index unless `indexes` names it), exactly the listed actions; names it in `envName`. */
  bindTable(table: dynamodb.ITable, envName: string, actions: ItemAction[], indexes: string[] = []): this {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [...new Set(actions)].sort(),
      resources: [table.tableArn, ...indexes.map((i) => `${table.tableArn}/index/${i}`)],
    }));
    this.grantKeyVia('dynamodb', actions.some((a) => WRITES.includes(a)) ? DYNAMODB_WRITE_KEY : DYNAMODB_READ_KEY);
    this.fn.addEnvironment(envName, table.tableName);
    return this;
  }

  /**
   * Item access to the items whose partition key is exactly one of `partitionKeys` (dynamodb:LeadingKeys),
   * e.g. the linking lease's single item in the index table; names the table in `envName`.
   */
  bindItems(table: dynamodb.ITable, envName: string, actions: ItemAction[], partitionKeys: string[]): this {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [...new Set(actions)].sort(),
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': partitionKeys } },
    }));
    this.grantKeyVia('dynamodb', actions.some((a) => WRITES.includes(a)) ? DYNAMODB_WRITE_KEY : DYNAMODB_READ_KEY);
    this.fn.addEnvironment(envName, table.tableName);
    return this;
  }

  /** Use of the data key, only through the named service in this region. */
  private grantKeyVia(service: 's3' | 'dynamodb' | 'lambda', actions: string[]): void {
    if (actions.length === 0) return;
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [...new Set(actions)].sort(),
      resources: [this.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `${service}.${Stack.of(this).region}.amazonaws.com` } },
    }));
  }
}

/**
 * The cdk-nag finding a prefix-scoped object grant produces (e.g. `<IngestBucket.Arn>/incoming/*`), acknowledged
 * on `scope` with the reason. The logical ID is resolved here so the acknowledgement names this bucket only.
 */
export function acknowledgeObjectPattern(scope: IConstruct, bucket: s3.IBucket, pattern: string): void {
  const cfn = bucket.node.defaultChild as CfnElement | undefined;
  if (!cfn) return;
  const logicalId = String(Stack.of(scope).resolve(cfn.logicalId));
  Validations.of(scope).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${pattern}]`,
    reason: `Objects are granted by key prefix (${pattern}): object keys are per batch and cannot be listed in advance; actions are explicit object-level ones.`,
  });
}
