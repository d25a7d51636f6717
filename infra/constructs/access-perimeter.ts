/**
 * Who may touch the data besides the pipeline: the roles people assume, and bucket policies that hold the line
 * even against an account administrator's IAM permissions.
 *
 * - Uploader: puts batch files under incoming/ of the ingest bucket; reads nothing. Assumable by principals of
 *   this account allowed sts:AssumeRole on it (automation may use it, so no MFA condition).
 * - Reader: what `tipline runs|cases|rejected --aws` read — the work bucket's batches/ objects, the batch and
 *   case tables, the state machine's executions. MFA required.
 * - Break-glass: reads everything (originals included) in an emergency. MFA required, one-hour sessions; every
 *   object and item read lands in the audit trail.
 * - Recipients admin: loads and shows the recipient directory (`tipline recipients load --aws`). MFA required.
 *
 * The data buckets deny object reads (GetObject, GetObjectVersion, and their torrents) to every principal
 * except the pipeline roles that read that bucket, the reader (work bucket) and break-glass roles. Together
 * with the key policy (storage.ts: key use only through the data services) an administrator cannot read a
 * report without assuming one of these roles, which CloudTrail records.
 */
import { ArnFormat, Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { LIFECYCLE_INDEXES, type Storage } from './storage.js';
import type { Pipeline } from './pipeline.js';
import { acknowledgeObjectPattern } from './pipeline-function.js';
import { INCOMING_PREFIX, BATCHES_PREFIX } from '../../shared/storage/keys.js';

export interface AccessPerimeterProps {
  storage: Storage;
  pipeline: Pipeline;
  /** Other functions' roles that read the work bucket (the case API: the portal's downloads and identifiers). */
  workBucketReaders?: iam.IRole[];
}

/** Object reads the bucket policies deny to all but the named roles. */
export const DATA_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTorrent', 's3:GetObjectVersionTorrent'];

export class AccessPerimeter extends Construct {
  readonly uploaderRole: iam.Role;
  readonly readerRole: iam.Role;
  readonly breakGlassRole: iam.Role;
  readonly recipientsAdminRole: iam.Role;

  constructor(scope: Construct, id: string, props: AccessPerimeterProps) {
    super(scope, id);
    const { storage, pipeline } = props;
    const stack = Stack.of(this);
    const region = stack.region;
    const account = new iam.AccountRootPrincipal();
    const withMfa = new iam.AccountRootPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });

    this.uploaderRole = new iam.Role(this, 'UploaderRole', {
      assumedBy: account,
      description: 'Tipline Router: uploads batch files under incoming/ of the ingest bucket; reads nothing',
      maxSessionDuration: Duration.hours(1),
    });
    this.readerRole = new iam.Role(this, 'ReaderRole', {
      assumedBy: withMfa,
      description: 'Tipline Router: reads results (work bucket batches/, batch and case tables, executions); MFA',
      maxSessionDuration: Duration.hours(4),
    });
    this.breakGlassRole = new iam.Role(this, 'BreakGlassRole', {
      assumedBy: withMfa,
      description: 'Tipline Router: emergency read of all data, originals included; MFA, audited',
      maxSessionDuration: Duration.hours(1),
    });
    this.recipientsAdminRole = new iam.Role(this, 'RecipientsAdminRole', {
      assumedBy: withMfa,
      description: 'Tipline Router: loads and shows the recipient directory; MFA',
      maxSessionDuration: Duration.hours(1),
    });

    const keyVia = (role: iam.Role, service: string, actions: string[]) => role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions, resources: [storage.key.keyArn], conditions: { StringEquals: { 'kms:ViaService': `${service}.${region}.amazonaws.com` } },
    }));
    const objects = (role: iam.Role, bucket: s3.IBucket, actions: string[], pattern: string) => {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [bucket.arnForObjects(pattern)] }));
      acknowledgeObjectPattern(role, bucket, pattern);
    };
    // Tables and their indexes, each by name (no wildcard).
    const indexes = new Map<dynamodb.ITable, string[]>([
      [storage.batchesTable, ['byRecency']],
      [storage.casesTable, ['byDistrictNewest', 'byDistrictPriority', 'byBatch']],
      [storage.lifecycleTable, LIFECYCLE_INDEXES.map(([name]) => name)],
    ]);
    const itemReads = (role: iam.Role, tables: dynamodb.ITable[]) => role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
      resources: tables.flatMap((t) => [t.tableArn, ...(indexes.get(t) ?? []).map((i) => `${t.tableArn}/index/${i}`)]),
    }));

    // A multipart upload needs Decrypt as well, to assemble the encrypted parts.
    objects(this.uploaderRole, storage.ingestBucket, ['s3:PutObject', 's3:AbortMultipartUpload'], `${INCOMING_PREFIX}*`);
    keyVia(this.uploaderRole, 's3', ['kms:GenerateDataKey', 'kms:Decrypt']);

    objects(this.readerRole, storage.workBucket, ['s3:GetObject'], `${BATCHES_PREFIX}*`);
    itemReads(this.readerRole, [storage.batchesTable, storage.casesTable]);
    this.readerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['states:ListExecutions'], resources: [pipeline.stateMachine.stateMachineArn],
    }));
    this.readerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['states:DescribeExecution', 'states:GetExecutionHistory'],
      resources: [stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${pipeline.stateMachine.stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
    const machineName = stack.resolve((pipeline.stateMachine.node.defaultChild as CfnElement).logicalId) as string;
    Validations.of(this.readerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:aws:states:${region}:<AWS::AccountId>:execution:<${machineName}.Name>:*]`,
      reason: "The executions of this stack's state machine, whose names are per batch and cannot be listed in advance; read-only actions.",
    });
    keyVia(this.readerRole, 's3', ['kms:Decrypt']);
    keyVia(this.readerRole, 'dynamodb', ['kms:Decrypt', 'kms:DescribeKey']);
    keyVia(this.readerRole, 'states', ['kms:Decrypt']);

    for (const bucket of [storage.ingestBucket, storage.workBucket]) {
      objects(this.breakGlassRole, bucket, ['s3:GetObject', 's3:GetObjectVersion'], '*');
    }
    itemReads(this.breakGlassRole, [storage.batchesTable, storage.casesTable, storage.indexTable, storage.lifecycleTable, storage.directoryTable]);
    keyVia(this.breakGlassRole, 's3', ['kms:Decrypt']);
    keyVia(this.breakGlassRole, 'dynamodb', ['kms:Decrypt', 'kms:DescribeKey']);

    // Versions are written with conditions (shared/aws/recipient-store.ts); nothing is ever deleted.
    this.recipientsAdminRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], resources: [storage.directoryTable.tableArn],
    }));
    keyVia(this.recipientsAdminRole, 'dynamodb', ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);

    // The bucket policies: object reads only by the roles that need them.
    const readersOf = (bucket: s3.IBucket, extra: iam.IRole[]) =>
      [...pipeline.functions.filter((f) => f.readsFrom.has(bucket)).map((f) => f.role), ...extra].map((r) => r.roleArn);
    denyReadsExcept(storage.ingestBucket, readersOf(storage.ingestBucket, [this.breakGlassRole]));
    denyReadsExcept(storage.workBucket, readersOf(storage.workBucket, [this.readerRole, this.breakGlassRole, ...(props.workBucketReaders ?? [])]));
  }
}

function denyReadsExcept(bucket: s3.IBucket, roleArns: string[]): void {
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyDataReadsExceptNamedRoles',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: DATA_READ_ACTIONS,
    resources: [bucket.arnForObjects('*')],
    conditions: { ArnNotEquals: { 'aws:PrincipalArn': roleArns } },
  }));
}
