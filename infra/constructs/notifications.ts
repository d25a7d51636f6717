/**
 * Outbound email: the SES identity mail is sent from (a domain identity with Easy DKIM: the stack outputs its
 * three CNAME records), a configuration set that refuses non-TLS delivery, and `bindSender` to let a step
 * send as that identity (and only that identity) to the recipients of the stored directory.
 */
import { Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { PipelineFunction } from './pipeline-function.js';

export interface NotificationsProps {
  /** The From address; its domain is the SES identity. */
  sender: string;
  /** Cyber-cell HQ: the batch summary and failure emails go here. */
  hqEmail: string;
  /** The stored recipient directory (district → SP), read by every sending step; never in the environment. */
  directoryTable: dynamodb.ITable;
  /** A demo deployment: with no directory loaded, steps use the shipped placeholder directory. */
  demo: boolean;
}

export class Notifications extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, private readonly props: NotificationsProps) {
    super(scope, id);
    const domain = props.sender.split('@')[1];
    if (!domain) throw new Error(`tipline:sesSender must be an email address, got "${props.sender}"`);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.identity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: ses.Identity.domain(domain),
      configurationSet: this.configurationSet,
    });
  }

  bindSender(step: PipelineFunction): void {
    const stack = Stack.of(this);
    step.fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.identity.emailIdentityName }),
        stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': this.props.sender } },
    }));
    step.fn.addEnvironment('SES_SENDER', this.props.sender);
    step.fn.addEnvironment('HQ_EMAIL', this.props.hqEmail);
    step.fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    // The directory is data (55 districts are 6–8 KB, over Lambda's 4 KB environment): read, never written.
    step.bindTable(this.props.directoryTable, 'RECIPIENTS_TABLE', ['dynamodb:GetItem']);
    if (this.props.demo) step.fn.addEnvironment('TIPLINE_DEMO', 'true');
  }
}
