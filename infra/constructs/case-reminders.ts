/**
 * The daily digest (docs/design.md §9.5): a Lambda (functions/digest/handler.ts) that EventBridge Scheduler
 * starts at 09:00 IST every day, with retries, and `grantDigest`, the grants its code needs (also given to the
 * case API, whose POST /api/digest runs the same code).
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { Storage } from './storage.js';
import type { Notifications } from './notifications.js';
import { PipelineFunction } from './pipeline-function.js';

/** The lifecycle table's indexes the API and the digest query (shared/aws/lifecycle-store.ts). */
const QUERIED_INDEXES = ['byDistrictStatus', 'byDue', 'byReview', 'byAnnounce', 'byPending', 'byUnfinishedGroup'];

/** What the digest's code calls: the lifecycle table and its indexes, the email ledger, SES as the sender. */
export function grantDigest(fn: PipelineFunction, storage: Storage, notifications: Notifications): void {
  fn.bindTable(storage.lifecycleTable, 'LIFECYCLE_TABLE', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], QUERIED_INDEXES)
    // the sweep finishes creation groups as Assign and Finalize do (shared/cases/create-cases.ts): table only
    .bindTable(storage.lifecycleTable, 'LIFECYCLE_TABLE', ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'])
    // the email ledger (shared/aws/email-ledger.ts): conditional PutItem, GetItem, UpdateItem
    .bindTable(storage.batchesTable, 'BATCHES_TABLE', ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem']);
  notifications.bindSender(fn);
}

export interface CaseRemindersProps {
  storage: Storage;
  notifications: Notifications;
  settings?: Record<string, string>;
}

export class CaseReminders extends Construct {
  readonly digest: PipelineFunction;
  readonly schedule: scheduler.Schedule;
  readonly sweepSchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: CaseRemindersProps) {
    super(scope, id);
    this.digest = new PipelineFunction(this, 'Digest', {
      step: 'digest',
      description: 'The daily case digest: promoted and overdue cases to districts, the overdue list to HQ',
      key: props.storage.key,
      timeout: Duration.minutes(10),
      memorySize: 512,
      environment: props.settings,
    });
    grantDigest(this.digest, props.storage, props.notifications);
    // Its own role, allowed to invoke this function only (the stock target also grants every version, `:*`),
    // and only for schedules of this account.
    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'Tipline Router: EventBridge Scheduler starts the daily case digest',
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.digest.fn.functionArn] }));
    const fn = this.digest.fn;
    this.schedule = new scheduler.Schedule(this, 'Daily', {
      description: 'Tipline Router daily case digest, 09:00 IST',
      schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.ASIA_KOLKATA }),
      target: { bind: () => ({ arn: fn.functionArn, role, retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 2 * 3600 } }) },
    });
    // The sweep alone, hourly: a change a crash left unsettled reaches the funnel within the hour (not the next
    // morning), and each counter shard's guard map holds about an hour of changes rather than a day's.
    this.sweepSchedule = new scheduler.Schedule(this, 'HourlySweep', {
      description: 'Tipline Router hourly sweep of the case lifecycle: unsettled counters, unfinished creation groups, old guards',
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
      target: { bind: () => ({ arn: fn.functionArn, role, input: scheduler.ScheduleTargetInput.fromObject({ sweepOnly: true }), retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 1800 } }) },
    });
  }
}
