/**
 * The stack only composes: stateful storage, outbound email, the pipeline, alarms.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Storage } from './constructs/storage.js';
import { Notifications } from './constructs/notifications.js';
import { Pipeline } from './constructs/pipeline.js';
import { Alarms } from './constructs/alarms.js';
import { CaseReminders } from './constructs/case-reminders.js';

export interface TiplineStackProps extends StackProps {
  sesSender: string;
  hqEmail: string;
  alarmEmail?: string;
  recipientsJson?: string;
  originalsRetentionDays: number;
  workingFilesExpireDays: number;
  /** Environment for every step: CHUNK_SIZE, MAX_FILE_BYTES, LINK_TTL_SECONDS, SES_RATE_PER_SECOND. */
  settings: Record<string, string>;
}

export class TiplineStack extends Stack {
  readonly storage: Storage;
  readonly pipeline: Pipeline;
  readonly reminders: CaseReminders;
  readonly notifications: Notifications;

  constructor(scope: Construct, id: string, props: TiplineStackProps) {
    super(scope, id, props);
    this.storage = new Storage(this, 'Storage', {
      originalsRetentionDays: props.originalsRetentionDays,
      workingFilesExpireDays: props.workingFilesExpireDays,
    });
    const notifications = (this.notifications = new Notifications(this, 'Notifications', {
      sender: props.sesSender,
      hqEmail: props.hqEmail,
      recipientsJson: props.recipientsJson,
    }));
    this.pipeline = new Pipeline(this, 'Pipeline', { storage: this.storage, notifications, settings: props.settings });
    // The case lifecycle's daily digest. The case API (constructs/case-api.ts) joins the stack with the portal's
    // sign-in: it takes the Cognito authorizer as a required property, so no route exists without one.
    const lifecycleSettings = pick(props.settings, ['DUE_HOURS_P1', 'DUE_HOURS_P2', 'DUE_HOURS_P3']);
    this.reminders = new CaseReminders(this, 'CaseReminders', { storage: this.storage, notifications, settings: lifecycleSettings });
    new Alarms(this, 'Alarms', {
      key: this.storage.key,
      stateMachine: this.pipeline.stateMachine,
      functions: [...this.pipeline.functions, this.reminders.digest],
      deadLetterQueue: this.pipeline.deadLetterQueue,
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'IngestBucketName', { value: this.storage.ingestBucket.bucketName, description: 'Drop batch files under incoming/' });
    new CfnOutput(this, 'StateMachineArn', { value: this.pipeline.stateMachine.stateMachineArn, description: 'tipline runs --aws reads this' });
    new CfnOutput(this, 'BatchesTableName', { value: this.storage.batchesTable.tableName });
    new CfnOutput(this, 'CasesTableName', { value: this.storage.casesTable.tableName });
  }
}

function pick(from: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]!]));
}
