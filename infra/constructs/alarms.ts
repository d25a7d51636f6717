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

export class Alarms extends Construct {
  readonly topic: sns.Topic;

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
  }
}
