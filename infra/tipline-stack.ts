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
import type { DeploySettings } from './deploy-settings.js';
import { CaseApi } from './constructs/case-api.js';
import { PortalHosting, type PortalAuthConfig } from './constructs/portal-hosting.js';
import { SignIn } from './constructs/sign-in.js';
import { AccessAudit } from './constructs/access-audit.js';

/** The deploy settings less the region, which the stack takes from its `env`. */
export interface TiplineStackProps extends StackProps, Omit<DeploySettings, 'region'> {}

export class TiplineStack extends Stack {
  readonly storage: Storage;
  readonly pipeline: Pipeline;
  readonly perimeter: AccessPerimeter;
  readonly reminders: CaseReminders;
  readonly notifications: Notifications;
  readonly api: CaseApi;
  readonly portal: PortalHosting;
  readonly signIn: SignIn;
  readonly accessAudit: AccessAudit;

  constructor(scope: Construct, id: string, props: TiplineStackProps) {
    super(scope, id, props);
    this.storage = new Storage(this, 'Storage', props.retention);
    const notifications = (this.notifications = new Notifications(this, 'Notifications', {
      sender: props.sesSender,
      hqEmail: props.hqEmail,
      directoryTable: this.storage.directoryTable,
      demo: props.demo,
    }));
    this.accessAudit = new AccessAudit(this, 'AccessAudit', { key: this.storage.key });
    const signInOrigin = `https://${props.signInDomainPrefix}.auth.${this.region}.amazoncognito.com`;
    this.portal = new PortalHosting(this, 'Portal', { signInOrigins: [signInOrigin] });
    this.signIn = new SignIn(this, 'SignIn', { portalUrl: this.portal.url, domainPrefix: props.signInDomainPrefix });
    this.pipeline = new Pipeline(this, 'Pipeline', {
      storage: this.storage,
      notifications,
      // Emails link to the portal (PORTAL_URL), never to an object.
      settings: { ...props.settings, INDEX_TTL_DAYS: String(props.retention.indexRetentionDays), PORTAL_URL: this.portal.url },
    });
    // The case lifecycle's daily digest.
    const lifecycleSettings = pick(props.settings, ['DUE_HOURS_P1', 'DUE_HOURS_P2', 'DUE_HOURS_P3']);
    this.reminders = new CaseReminders(this, 'CaseReminders', { storage: this.storage, notifications, settings: lifecycleSettings });
    // The case API behind the portal's Cognito authorizer (a required property: no route without it), on the
    // portal's origin (/api/*); its handler writes the access audit and hands out the district's downloads.
    this.api = new CaseApi(this, 'CaseApi', {
      storage: this.storage,
      notifications,
      authorizer: this.signIn.authorizer,
      settings: { ...lifecycleSettings, LINK_TTL_SECONDS: props.settings.LINK_TTL_SECONDS ?? '300', PORTAL_URL: this.portal.url },
    });
    this.accessAudit.grantAppend(this.api.handler);
    // Downloads (presigned with this role), a case's identifiers and HQ's lists read the batch's files; read only.
    this.api.handler.bindBucket(this.storage.workBucket, 'WORK_BUCKET', ['s3:GetObject'], 'batches/*');
    this.portal.addApi(this.api.api);
    this.perimeter = new AccessPerimeter(this, 'Access', { storage: this.storage, pipeline: this.pipeline, workBucketReaders: [this.api.handler.role] });
    new AuditTrail(this, 'Audit', { storage: this.storage, retentionDays: props.retention.auditLogRetentionDays, tables: [this.accessAudit.table] });
    new Alarms(this, 'Alarms', {
      key: this.storage.key,
      stateMachine: this.pipeline.stateMachine,
      functions: [...this.pipeline.functions, this.reminders.digest, this.api.handler],
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
    const portalConfig: PortalAuthConfig = {
      authorizeUrl: `${this.signIn.signInOrigin}/oauth2/authorize`,
      tokenUrl: `${this.signIn.signInOrigin}/oauth2/token`,
      logoutUrl: `${this.signIn.signInOrigin}/logout`,
      clientId: this.signIn.client.userPoolClientId,
      scope: 'openid email profile',
    };
    out('PortalUrl', this.portal.url, 'The district portal; emails link here');
    out('PortalBucketName', this.portal.bucket.bucketName, 'aws s3 sync portal/ here (README)');
    out('PortalConfig', this.toJsonString({ auth: portalConfig }), "The portal's config.json (sign-in endpoints and client)");
    out('UserPoolId', this.signIn.userPool.userPoolId, 'Create accounts here and add each to one group');
    out('AuditTableName', this.accessAudit.table.tableName, 'tipline audit --aws reads this');
  }
}

function pick(from: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]!]));
}
