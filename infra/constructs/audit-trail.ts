/**
 * The audit trail: a CloudTrail trail recording every object-level call on the data buckets and every item
 * call on the tables (data events), plus write management events (key policy changes, role changes),
 * encrypted with the data key into a bucket of its own (private, TLS-only, versioned, access-logged, kept
 * auditLogRetentionDays). Reading it needs s3:GetObject on that bucket and the key through S3.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Storage } from './storage.js';

export interface AuditTrailProps {
  storage: Storage;
  /** Tables outside Storage whose item calls are recorded too (the portal API's access audit). */
  tables?: dynamodb.ITable[];
  /** Days the trail's log files are kept. */
  retentionDays: number;
}

export class AuditTrail extends Construct {
  readonly trail: cloudtrail.Trail;
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { storage } = props;
    const stack = Stack.of(this);
    this.bucket = new s3.Bucket(this, 'TrailBucket', {
      // CloudTrail encrypts each log file with the data key (SSE-KMS); the bucket default covers anything else.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: storage.accessLogsBucket,
      serverAccessLogsPrefix: 'trail/',
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const trailName = `${stack.stackName}-data-events`;
    const trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: trailName });
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName,
      bucket: this.bucket,
      encryptionKey: storage.key,
      enableFileValidation: true,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: false,
      managementEvents: cloudtrail.ReadWriteType.WRITE_ONLY,
    });
    // CloudTrail encrypts log files for this trail only.
    storage.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudTrailEncryptsThisTrail',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceArn': trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: '*', region: '*' }) },
      },
    }));

    // Advanced selectors: the data events of exactly these buckets and tables, and write management events.
    const data = (type: string, field: 'startsWith' | 'equals', arns: string[]) => ({
      name: `${type} data events`,
      fieldSelectors: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: [type] },
        field === 'startsWith' ? { field: 'resources.ARN', startsWith: arns } : { field: 'resources.ARN', equalTo: arns },
      ],
    });
    const cfn = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    cfn.addPropertyDeletionOverride('EventSelectors');
    cfn.advancedEventSelectors = [
      { name: 'write management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }, { field: 'readOnly', equalTo: ['false'] }] },
      data('AWS::S3::Object', 'startsWith', [storage.ingestBucket, storage.workBucket].map((b) => `${b.bucketArn}/`)),
      data('AWS::DynamoDB::Table', 'equals', [storage.batchesTable, storage.casesTable, storage.indexTable, storage.lifecycleTable, storage.directoryTable, ...(props.tables ?? [])].map((t) => t.tableArn)),
    ];
  }
}
