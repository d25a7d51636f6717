/**
 * Stateful resources: the customer-managed key, the ingest bucket (originals, versioned, Object Lock),
 * the work bucket (working files, expiring), the access-log bucket, the three data tables and the recipient
 * directory table. Nothing here knows about the workflow; the stateless constructs receive these through typed
 * props. Retention is configuration (infra/deploy-settings.ts): Object Lock mode and days, then expiry.
 *
 * The key policy separates administration from use: administrators (IAM principals of this account allowed
 * to) may manage the key but never encrypt or decrypt with it, nor grant themselves that; data use is allowed
 * only through the data services of this region (S3, DynamoDB, Lambda, SQS, SNS, Step Functions), so a
 * principal must also be allowed the data itself, which the bucket policies (access-perimeter.ts) restrict.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { INCOMING_PREFIX, BATCHES_PREFIX } from '../../shared/storage/keys.js';
import type { RetentionSettings } from '../deploy-settings.js';

/** The lifecycle table's indexes: name, partition key, sort key (shared/aws/lifecycle-store.ts queries them). */
export const LIFECYCLE_INDEXES = [
  ['byDistrictStatus', 'districtPk', 'statusSk'],
  ['byDue', 'duePk', 'dueAt'],
  ['byReview', 'reviewPk', 'reviewSk'],
  ['byAnnounce', 'announcePk', 'caseId'],
  ['byPending', 'pendingPk', 'pk'],
  ['byUnfinishedGroup', 'groupPk', 'pk'],
] as const;

export type StorageProps = Pick<RetentionSettings, 'originalsRetentionDays' | 'workingFilesExpireDays'> & Partial<RetentionSettings>;

/**
 * The attribute DynamoDB TTL reads on index items (epoch seconds); shared/aws/case-index.ts writes it. Not
 * `expiresAt`: the linking lease item in the same table uses that name for its own expiry, in milliseconds.
 */
export const INDEX_TTL_ATTRIBUTE = 'retainUntil';

/** Services through which the data key may be used (kms:ViaService), and only those. */
const DATA_SERVICES = ['s3', 'dynamodb', 'lambda', 'sqs', 'sns', 'states'] as const;

/** Managing the key, without using it: no Encrypt/Decrypt/GenerateDataKey/ReEncrypt, no CreateGrant. */
export const KEY_ADMIN_ACTIONS = [
  'kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias',
  'kms:Describe*', 'kms:Get*', 'kms:List*',
  'kms:Enable*', 'kms:Disable*', 'kms:Put*', 'kms:Update*',
  'kms:RevokeGrant', 'kms:RetireGrant',
  'kms:TagResource', 'kms:UntagResource',
  'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:RotateKeyOnDemand',
];
export const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

export class Storage extends Construct {
  readonly key: kms.Key;
  readonly ingestBucket: s3.Bucket;
  readonly workBucket: s3.Bucket;
  /** S3 server access logs of the data buckets (and the audit trail's bucket). */
  readonly accessLogsBucket: s3.Bucket;
  readonly batchesTable: dynamodb.Table;
  readonly casesTable: dynamodb.Table;
  readonly indexTable: dynamodb.Table;
  readonly lifecycleTable: dynamodb.Table;
  /** The recipient directory, versioned (shared/aws/recipient-store.ts). */
  readonly directoryTable: dynamodb.Table;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const region = stack.region;

    const account = new iam.AccountRootPrincipal();
    const viaDataServices = DATA_SERVICES.map((s) => `${s}.${region}.amazonaws.com`);
    this.key = new kms.Key(this, 'DataKey', {
      description: 'Tipline Router: encrypts report metadata at rest (buckets, tables, logs, topic, state machine)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Replaces CDK's default (account root: kms:*), which lets any admin decrypt.
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ sid: 'KeyAdministration', principals: [account], actions: KEY_ADMIN_ACTIONS, resources: ['*'] }),
          new iam.PolicyStatement({
            sid: 'KeyUseThroughDataServicesOnly',
            principals: [account],
            actions: KEY_USE_ACTIONS,
            resources: ['*'],
            conditions: { StringEquals: { 'kms:ViaService': viaDataServices, 'kms:CallerAccount': stack.account } },
          }),
          // DynamoDB and Lambda hold grants on the key for the tables and environments they encrypt.
          new iam.PolicyStatement({
            sid: 'GrantsForAwsResourcesOnly',
            principals: [account],
            actions: ['kms:CreateGrant'],
            resources: ['*'],
            conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, StringEquals: { 'kms:ViaService': viaDataServices } },
          }),
        ],
      }),
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

    const accessLogs = this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
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
      objectLockDefaultRetention: (props.objectLockMode === 'COMPLIANCE' ? s3.ObjectLockRetention.compliance : s3.ObjectLockRetention.governance)(
        Duration.days(props.originalsRetentionDays)),
      // Originals are deleted once their lock has run out: the current version becomes noncurrent when the lock
      // ends, and goes a day later. A version removed earlier by hand (governance) goes after the same time.
      lifecycleRules: [{
        prefix: INCOMING_PREFIX,
        expiration: Duration.days(props.originalsRetentionDays),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
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
    // Items expire (DynamoDB TTL on retainUntil) indexRetentionDays after they are written.
    this.indexTable = new dynamodb.Table(this, 'IndexTable', {
      ...secureTable,
      partitionKey: { name: 'pk', type: S },
      timeToLiveAttribute: INDEX_TTL_ATTRIBUTE,
    });

    // The recipient directory: pk "recipients", sk "CURRENT" (the directory in use) and "V#<n>" (every version
    // loaded, with who loaded it and when). Written only by `tipline recipients load`; the pipeline only reads.
    this.directoryTable = new dynamodb.Table(this, 'DirectoryTable', {
      ...secureTable,
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
    });
  }
}
