/**
 * Admins hear about trouble: failed, timed-out, aborted and throttled executions, start events that could
 * not be delivered, and any step's Lambda errors or throttles, go to one encrypted SNS topic.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PipelineFunction } from './pipeline-function.js';

export interface AlarmsProps {
  key: kms.IKey;
  stateMachine: sfn.StateMachine;
  functions: PipelineFunction[];
  /** Start events EventBridge could not deliver. */
  deadLetterQueue: sqs.IQueue;
  /** Subscribed to the topic (required: deploy-settings.ts refuses a placeholder); the subscription must be confirmed from that mailbox. */
  alarmEmail: string;
}

/** Messages SES refused, counted from the mailing steps' logs. */
export const EMAILS_UNSENT_METRIC = { namespace: 'TiplineRouter', metricName: 'EmailsUnsent' } as const;

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  /** Messages SES refused (sum over 5 minutes): its alarm notifies the topic. */
  readonly emailsUnsent: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'AdminTopic', { masterKey: props.key, enforceSSL: true, displayName: 'Tipline Router alarms' });
    // CloudWatch publishes alarms to the encrypted topic: the two calls SNS makes for it, through SNS only.
    props.key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:ViaService': `sns.${Stack.of(this).region}.amazonaws.com` } },
    }));
    this.topic.addSubscription(new subs.EmailSubscription(props.alarmEmail));
    const notify = new actions.SnsAction(this.topic);

    const anyOver = (name: string, metric: cloudwatch.IMetric, description: string) => {
      const alarm = new cloudwatch.Alarm(this, name, {
        metric,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      alarm.addAlarmAction(notify);
      return alarm;
    };
    const period = { period: Duration.minutes(5), statistic: 'Sum' };
    const sm = props.stateMachine;
    anyOver('ExecutionsFailed', sm.metricFailed(period), 'A tipline batch run failed: see `tipline runs --aws`.');
    anyOver('ExecutionsTimedOut', sm.metricTimedOut(period), 'A tipline batch run timed out.');
    anyOver('ExecutionsAborted', sm.metricAborted(period), 'A tipline batch run was aborted.');
    anyOver('ExecutionsThrottled', sm.metricThrottled(period), 'Starting tipline runs is being throttled.');
    anyOver('StartEventsUndelivered', props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      'A batch file landed but its run could not be started: see the start dead-letter queue.');
    for (const f of props.functions) {
      const name = f.node.id;
      // A step whose errors are part of its normal work (waiting for the linking lease) is covered by the
      // failed-executions alarm instead.
      if (!f.errorsExpected) anyOver(`${name}Errors`, f.fn.metricErrors(period), `The ${name} step's Lambda reported errors.`);
      anyOver(`${name}Throttles`, f.fn.metricThrottles(period), `The ${name} step's Lambda was throttled.`);
    }

    // SES refusing a message does not fail the batch (shared/aws/mailer.ts): the message is recorded as unsent
    // and the "email unsent" log line of the step that tried is counted here, one metric for every step.
    for (const f of props.functions) {
      new logs.MetricFilter(this, `${f.node.id}EmailsUnsent`, {
        logGroup: f.logGroup,
        metricNamespace: EMAILS_UNSENT_METRIC.namespace,
        metricName: EMAILS_UNSENT_METRIC.metricName,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', 'email unsent'),
        metricValue: '1',
      });
    }
    this.emailsUnsent = new cloudwatch.Metric({ ...EMAILS_UNSENT_METRIC, ...period });
    anyOver('EmailsUnsent', this.emailsUnsent,
      'SES refused a district digest or HQ message (the cases are assigned): see `tipline runs show ID --aws`, fix the cause (SES sandbox, sender identity), then `tipline resend --batch ID --aws`.');
  }
}
