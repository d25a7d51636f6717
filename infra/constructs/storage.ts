/**
 * Stateful resources: the customer-managed key, the ingest bucket (originals, versioned, Object Lock),
 * the work bucket (working files, expiring), the access-log bucket, and the three tables. Nothing here
 * knows about the workflow; the stateless constructs receive these through typed props.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { INCOMING_PREFIX, BATCHES_PREFIX } from '../../shared/storage/keys.js';

/** The lifecycle table's indexes: name, partition key, sort key (shared/aws/lifecycle-store.ts queries them). */
export const LIFECYCLE_INDEXES = [
  ['byDistrictStatus', 'districtPk', 'statusSk'],
  ['byDue', 'duePk', 'dueAt'],
  ['byReview', 'reviewPk', 'reviewSk'],
  ['byAnnounce', 'announcePk', 'caseId'],
  ['byPending', 'pendingPk', 'pk'],
  ['byUnfinishedGroup', 'groupPk', 'pk'],
] as const;

export interface StorageProps {
  /** Governance-mode Object Lock retention of originals, in days. */
  originalsRetentionDays: number;
  /** Working files under batches/ expire after this many days. */
  workingFilesExpireDays: number;
}

export class Storage extends Construct {
  readonly key: kms.Key;
  readonly ingestBucket: s3.Bucket;
  readonly workBucket: s3.Bucket;
  readonly batchesTable: dynamodb.Table;
  readonly casesTable: dynamodb.Table;
  readonly indexTable: dynamodb.Table;
  readonly lifecycleTable: dynamodb.Table;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const region = stack.region;

    this.key = new kms.Key(this, 'DataKey', {
      description: 'Tipline Router: encrypts report metadata at rest (buckets, tables, logs, topic, state machine)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts this account's log groups (state machine, functions) with this key: explicit
    // actions, and only for log groups of this account and region (the logs encryption context).
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
      },
    }));

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // Server access logs can only be delivered to an SSE-S3 bucket.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const secureBucket: s3.BucketProps = {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      removalPolicy: RemovalPolicy.RETAIN,
    };

    this.ingestBucket = new s3.Bucket(this, 'IngestBucket', {
      ...secureBucket,
      serverAccessLogsPrefix: 'ingest/',
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(props.originalsRetentionDays)),
      lifecycleRules: [{ prefix: INCOMING_PREFIX, noncurrentVersionExpiration: Duration.days(props.originalsRetentionDays) }],
    });
    // S3 → EventBridge, set on the bucket itself: `eventBridgeEnabled` would add a custom-resource Lambda
    // (with an AWS managed policy) only to flip this one setting.
    (this.ingestBucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    this.workBucket = new s3.Bucket(this, 'WorkBucket', {
      ...secureBucket,
      serverAccessLogsPrefix: 'work/',
      lifecycleRules: [
        {
          prefix: BATCHES_PREFIX,
          expiration: Duration.days(props.workingFilesExpireDays),
          noncurrentVersionExpiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });

    const secureTable = {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    } satisfies Partial<dynamodb.TableProps>;
    const S = dynamodb.AttributeType.STRING;

    // Batch records (pk BATCH#id, sk META) and the email ledger (sk EMAIL#recipient); newest runs by GSI.
    this.batchesTable = new dynamodb.Table(this, 'BatchesTable', {
      ...secureTable,
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
    });
    this.batchesTable.addGlobalSecondaryIndex({
      indexName: 'byRecency',
      partitionKey: { name: 'recencyPk', type: S },
      sortKey: { name: 'startedAt', type: S },
    });

    // One item per case; a district's cases newest first or by priority; a batch's cases.
    this.casesTable = new dynamodb.Table(this, 'CasesTable', {
      ...secureTable,
      partitionKey: { name: 'caseId', type: S },
    });
    this.casesTable.addGlobalSecondaryIndex({
      indexName: 'byDistrictNewest',
      partitionKey: { name: 'assignedDistrict', type: S },
      sortKey: { name: 'newestKey', type: S },
    });
    this.casesTable.addGlobalSecondaryIndex({
      indexName: 'byDistrictPriority',
      partitionKey: { name: 'assignedDistrict', type: S },
      sortKey: { name: 'priorityKey', type: S },
    });
    this.casesTable.addGlobalSecondaryIndex({
      indexName: 'byBatch',
      partitionKey: { name: 'batchId', type: S },
      sortKey: { name: 'caseId', type: S },
    });

    // The case lifecycle (docs/design.md §9.4): case records with their history, funnel counters, creation
    // groups, the reminder ledger. Sparse indexes serve each access pattern; an index holds only the items
    // whose state sets its key.
    this.lifecycleTable = new dynamodb.Table(this, 'LifecycleTable', {
      ...secureTable,
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
    });
    for (const [indexName, partition, sort] of LIFECYCLE_INDEXES) {
      this.lifecycleTable.addGlobalSecondaryIndex({ indexName, partitionKey: { name: partition, type: S }, sortKey: { name: sort, type: S } });
    }

    // Report registry (pk REPORT#id) and identifier index (pk ID#sha256): point reads only, never scanned.
    this.indexTable = new dynamodb.Table(this, 'IndexTable', {
      ...secureTable,
      partitionKey: { name: 'pk', type: S },
    });
  }
}
