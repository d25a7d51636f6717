/**
 * The stack only composes: stateful storage, the access perimeter, the recipient directory, outbound email,
 * the pipeline, the audit trail, alarms. Its outputs are what the runbook (README "Deploying to AWS") and the
 * CLI's --aws commands read.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Storage } from './constructs/storage.js';
import { Notifications } from './constructs/notifications.js';
import { Pipeline } from './constructs/pipeline.js';
import { Alarms } from './constructs/alarms.js';
import { CaseReminders } from './constructs/case-reminders.js';
import { AccessPerimeter } from './constructs/access-perimeter.js';
import { AuditTrail } from './constructs/audit-trail.js';
import type { RetentionSettings } from './deploy-settings.js';

export interface TiplineStackProps extends StackProps {
  /** A demo deployment: placeholder addresses allowed, the shipped demo directory used when none is loaded. */
  demo: boolean;
  sesSender: string;
  hqEmail: string;
  alarmEmail: string;
  retention: RetentionSettings;
  /** Environment for every step: CHUNK_SIZE, MAX_FILE_BYTES, LINK_TTL_SECONDS, SES_RATE_PER_SECOND. */
  settings: Record<string, string>;
}

export class TiplineStack extends Stack {
  readonly storage: Storage;
  readonly pipeline: Pipeline;
  readonly perimeter: AccessPerimeter;
  readonly reminders: CaseReminders;
  readonly notifications: Notifications;

  constructor(scope: Construct, id: string, props: TiplineStackProps) {
    super(scope, id, props);
    this.storage = new Storage(this, 'Storage', props.retention);
    const notifications = (this.notifications = new Notifications(this, 'Notifications', {
      sender: props.sesSender,
      hqEmail: props.hqEmail,
      directoryTable: this.storage.directoryTable,
      demo: props.demo,
    }));
    this.pipeline = new Pipeline(this, 'Pipeline', {
      storage: this.storage,
      notifications,
      settings: { ...props.settings, INDEX_TTL_DAYS: String(props.retention.indexRetentionDays) },
    });
    // The case lifecycle's daily digest. The case API (constructs/case-api.ts) joins the stack with the portal's
    // sign-in: it takes the Cognito authorizer as a required property, so no route exists without one.
    const lifecycleSettings = pick(props.settings, ['DUE_HOURS_P1', 'DUE_HOURS_P2', 'DUE_HOURS_P3']);
    this.reminders = new CaseReminders(this, 'CaseReminders', { storage: this.storage, notifications, settings: lifecycleSettings });
    this.perimeter = new AccessPerimeter(this, 'Access', { storage: this.storage, pipeline: this.pipeline });
    new AuditTrail(this, 'Audit', { storage: this.storage, retentionDays: props.retention.auditLogRetentionDays });
    new Alarms(this, 'Alarms', {
      key: this.storage.key,
      stateMachine: this.pipeline.stateMachine,
      functions: [...this.pipeline.functions, this.reminders.digest],
      deadLetterQueue: this.pipeline.deadLetterQueue,
      alarmEmail: props.alarmEmail,
    });

    const out = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    out('Region', this.region, 'Where the stack and its data are (ap-south-1 only)');
    out('DeployMode', props.demo ? 'demo' : 'production', 'demo allows placeholder addresses; `tipline recipients load --aws` checks the directory accordingly');
    out('IngestBucketName', this.storage.ingestBucket.bucketName, 'Drop batch files under incoming/ (as the uploader role)');
    out('WorkBucketName', this.storage.workBucket.bucketName, 'Working files, case lists, rejected records: `tipline rejected|cases --aws` read it (as the reader role)');
    out('StateMachineArn', this.pipeline.stateMachine.stateMachineArn, 'tipline runs --aws reads this');
    out('BatchesTableName', this.storage.batchesTable.tableName, 'Batch records and the email ledger');
    out('CasesTableName', this.storage.casesTable.tableName, 'One item per case');
    out('RecipientsTableName', this.storage.directoryTable.tableName, '`tipline recipients load FILE --aws` stores the recipient directory here');
    out('UploaderRoleArn', this.perimeter.uploaderRole.roleArn, 'Assume to upload batch files (incoming/ only)');
    out('ReaderRoleArn', this.perimeter.readerRole.roleArn, 'Assume (with MFA) to read results: runs, cases, rejected records');
    out('BreakGlassRoleArn', this.perimeter.breakGlassRole.roleArn, 'Emergency read of everything (MFA; every use is in the audit trail)');
    out('RecipientsAdminRoleArn', this.perimeter.recipientsAdminRole.roleArn, 'Assume (with MFA) to load the recipient directory');
    out('SesIdentity', notifications.identity.emailIdentityName, 'SES domain identity: verify it with the three DKIM CNAME records below');
    notifications.identity.dkimRecords.forEach((record, i) => {
      out(`DkimRecord${i + 1}`, `${record.name} CNAME ${record.value}`, `DKIM CNAME record ${i + 1} of 3 to publish in the sender domain's DNS`);
    });
    // `tipline resend --aws` sends refused messages through the same code as Notify: it needs what Notify is given.
    out('SesSender', props.sesSender, 'From address of every message (tipline resend --aws)');
    out('SesConfigurationSetName', notifications.configurationSet.configurationSetName, 'Configuration set every message is sent with (tipline resend --aws)');
  }
}

function pick(from: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]!]));
}
