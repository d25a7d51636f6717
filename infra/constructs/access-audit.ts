/**
 * The access audit of the portal's API (docs/design.md §9): who read a case or downloaded a file, allowed or
 * refused, one event per request. One table, encrypted with the data key, point-in-time recovery and deletion
 * protection on. Append-only by grant: the API may put (conditionally, never
 * overwriting) and nothing else; reading is for `tipline audit --aws` with an operator's own credentials.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { PipelineFunction } from './pipeline-function.js';

export class AccessAudit extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { key: kms.IKey }) {
    super(scope, id);
    // pk DAY#yyyy-mm-dd, sk <at>#<uuid> (shared/aws/audit-log.ts).
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** The function may append events (PutItem only) and finds the table as AUDIT_TABLE. */
  grantAppend(fn: PipelineFunction): void {
    fn.bindTable(this.table, 'AUDIT_TABLE', ['dynamodb:PutItem']);
  }
}
