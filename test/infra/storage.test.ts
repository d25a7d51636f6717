/**
 * Stateful resources (docs/design.md §8): customer-managed key with rotation; buckets private, TLS-only, versioned,
 * KMS-encrypted, access-logged; originals under governance Object Lock with the configured retention;
 * working files expire; tables encrypted with the key, point-in-time recovery, deletion protection.
 * Built on a bare stack (no functions), so it synthesizes in a moment.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { LIFECYCLE_INDEXES, Storage } from '../../infra/constructs/storage.js';
import { cdkJsonContext, ofType } from './synth.js';

let template: Template;
let keyId: string;

beforeAll(() => {
  const app = new App({ context: cdkJsonContext() });
  const stack = new Stack(app, 'StorageUnderTest', { env: { region: 'ap-south-1' } });
  new Storage(stack, 'Storage', { originalsRetentionDays: 30, workingFilesExpireDays: 10 });
  template = Template.fromStack(stack);
  keyId = ofType(template, 'AWS::KMS::Key')[0]![0];
});

const keyArn = () => ({ 'Fn::GetAtt': [keyId, 'Arn'] });

describe('data key', () => {
  it('is one customer-managed key with rotation on, retained', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  it('lets CloudWatch Logs use it only for this account and region log groups, with explicit actions', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.ap-south-1.amazonaws.com' },
            Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey']),
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
    const statements = ofType(template, 'AWS::KMS::Key')[0]![1].Properties!.KeyPolicy.Statement as { Principal: unknown; Action: string | string[] }[];
    const logs = statements.find((s) => JSON.stringify(s.Principal).includes('logs.ap-south-1'))!;
    expect([logs.Action].flat().filter((a) => a.includes('*'))).toEqual([]);
  });
});

describe('buckets', () => {
  it('every bucket blocks public access, is versioned and owner-enforced', () => {
    const buckets = ofType(template, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(3); // ingest, work, access logs
    for (const [, b] of buckets) {
      expect(b.Properties!.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties!.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(b.Properties!.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    }
  });

  it('every bucket policy denies non-TLS requests', () => {
    const policies = ofType(template, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(3);
    for (const [, p] of policies) {
      expect(p.Properties!.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      );
    }
  });

  it('data buckets are SSE-KMS with the data key (bucket keys on), TLS 1.2+, and log access to the log bucket', () => {
    const data = ofType(template, 'AWS::S3::Bucket').filter(([, b]) => b.Properties!.LoggingConfiguration);
    expect(data).toHaveLength(2);
    for (const [, b] of data) {
      expect(b.Properties!.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [
          { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn() } },
        ],
      });
      expect(b.Properties!.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: expect.any(String) }, LogFilePrefix: expect.any(String) });
    }
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('the ingest bucket locks originals in governance mode for the configured days and sends events to EventBridge', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    // No custom-resource Lambda just to turn EventBridge on.
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  it('working files under batches/ expire after the configured days; stale uploads are aborted', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Prefix: 'batches/',
            Status: 'Enabled',
            ExpirationInDays: 10,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            NoncurrentVersionExpiration: Match.objectLike({ NoncurrentDays: Match.anyValue() }),
          }),
        ],
      },
    });
  });

  it('all buckets are retained on stack deletion', () => {
    for (const [id] of ofType(template, 'AWS::S3::Bucket')) {
      expect(template.toJSON().Resources[id].DeletionPolicy).toBe('Retain');
    }
  });
});

describe('tables', () => {
  it('five tables (batches, cases, index, lifecycle, recipient directory), each KMS-encrypted with the data key, with point-in-time recovery and deletion protection', () => {
    const tables = ofType(template, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(5);
    for (const [id, t] of tables) {
      expect(t.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
      expect(template.toJSON().Resources[id].DeletionPolicy).toBe('Retain');
    }
  });

  it('keeps the key schemas and indexes the handlers and the local runtime rely on', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byRecency' })],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'caseId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'byDistrictNewest' }),
        Match.objectLike({ IndexName: 'byDistrictPriority' }),
        Match.objectLike({ IndexName: 'byBatch' }),
      ],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: Match.absent(),
    });
    // The lifecycle table: one sparse index per access pattern (shared/aws/lifecycle-store.ts).
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      GlobalSecondaryIndexes: LIFECYCLE_INDEXES.map(([IndexName, partition, sort]) => Match.objectLike({
        IndexName,
        KeySchema: [{ AttributeName: partition, KeyType: 'HASH' }, { AttributeName: sort, KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });
});
