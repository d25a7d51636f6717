/**
 * One Lambda step: nodejs22.x on arm64, bundled locally by esbuild (never Docker) as ESM with source maps
 * and a metafile, X-Ray tracing, its own encrypted log group with retention, environment encrypted with the
 * data key. `bind*` helpers grant exactly one resource and set the environment variable that names it, so a
 * permission and the code that needs it never drift apart.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Template metadata key naming a function's handler module; the local runtime resolves Task states by it. */
export const HANDLER_METADATA_KEY = 'tipline:handler';

export interface PipelineFunctionProps {
  /** The folder under functions/, e.g. "validate". */
  step: string;
  description: string;
  key: kms.IKey;
  timeout: Duration;
  memorySize: number;
  environment?: Record<string, string>;
}

export class PipelineFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const entry = `functions/${props.step}/handler.ts`;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.SIX_MONTHS,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, entry),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environmentEncryption: props.key,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'tipline-router',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        metafile: true,
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import { createRequire as __tiplineCreateRequire } from 'module'; const require = __tiplineCreateRequire(import.meta.url);",
        forceDockerBundling: false,
      },
    });
    (this.fn.node.defaultChild as lambda.CfnFunction).addMetadata(HANDLER_METADATA_KEY, entry);
  }

  /** Read objects under the given key patterns (e.g. "incoming/*") and name the bucket in `envName`. */
  bindBucketRead(bucket: s3.IBucket, envName: string, ...patterns: string[]): this {
    for (const p of patterns) bucket.grantRead(this.fn, p);
    this.fn.addEnvironment(envName, bucket.bucketName);
    return this;
  }

  /** Read and write objects under the given key patterns. */
  bindBucketReadWrite(bucket: s3.IBucket, envName: string, ...patterns: string[]): this {
    for (const p of patterns) {
      bucket.grantRead(this.fn, p);
      bucket.grantPut(this.fn, p);
    }
    this.fn.addEnvironment(envName, bucket.bucketName);
    return this;
  }

  bindTableRead(table: dynamodb.ITable, envName: string): this {
    table.grantReadData(this.fn);
    this.fn.addEnvironment(envName, table.tableName);
    return this;
  }

  bindTableReadWrite(table: dynamodb.ITable, envName: string): this {
    table.grantReadWriteData(this.fn);
    this.fn.addEnvironment(envName, table.tableName);
    return this;
  }
}
