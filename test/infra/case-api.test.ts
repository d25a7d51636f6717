/**
 * The case lifecycle's infrastructure: the case API (every route behind the authorizer it is given, access
 * logs, least privilege) and the daily digest (09:00 IST schedule, the digest's grants), cdk-nag clean.
 * The API is in the app's stack behind the portal's Cognito user pool authorizer (a JWT authorizer).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Template, Match } from 'aws-cdk-lib/assertions';
import { CaseApi } from '../../infra/constructs/case-api.js';
import { API_ROUTES } from '../../shared/cases/api-routes.js';
import { synthApp, ofType, functionIdOf, roleStatementsOf, actionsOf, resourcesOf, describeResource } from './synth.js';

interface Report {
  pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

let template: Template;
let findings: { rule: string; path: string }[];

beforeAll(() => {
  const { app, stack } = synthApp({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  expect(stack.api).toBeInstanceOf(CaseApi); // in the stack, behind the portal's Cognito authorizer
  const assembly = app.synth();
  template = Template.fromJSON(JSON.parse(readFileSync(path.join(assembly.directory, `${stack.artifactId}.template.json`), 'utf-8')));
  const report = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf-8')) as Report;
  findings = report.pluginReports.flatMap((p) => p.violations.flatMap((v) => v.violatingConstructs.map((c) => ({ rule: v.ruleName, path: c.constructPath }))));
});

const grants = (step: string): string[] => {
  const out = new Set<string>();
  for (const s of roleStatementsOf(template, functionIdOf(template, step))) {
    for (const a of actionsOf(s)) {
      if (a.startsWith('logs:') || a.startsWith('xray:') || a.startsWith('kms:') || a.startsWith('ses:')) continue;
      for (const r of resourcesOf(s)) out.add(`${a} ${describeResource(r).replace(/^Storage(\w+?)Table\w{8}/, '$1')}`);
    }
  }
  return [...out].sort();
};

it('has zero unacknowledged cdk-nag findings with the case API and the digest in the stack', () => {
  expect(findings).toEqual([]);
});

it('routes exactly the API routes, each with the JWT authorizer (none without)', () => {
  const routes = ofType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!);
  expect(routes.map((r) => r.RouteKey).sort()).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  for (const r of routes) {
    expect(r.AuthorizationType).toBe('JWT');
    expect(r.AuthorizerId).toBeDefined();
  }
  template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
});

it('logs access (route, status, latency; no path values, IPs or identities) to an encrypted log group', () => {
  const [, stage] = ofType(template, 'AWS::ApiGatewayV2::Stage')[0]!;
  const format = JSON.parse(stage.Properties!.AccessLogSettings.Format as string) as Record<string, string>;
  expect(Object.values(format).sort()).toEqual(['$context.requestId', '$context.requestTime', '$context.responseLatency', '$context.routeKey', '$context.status']);
  template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: 180 });
});

it('grants the API and the digest exactly the calls the lifecycle code makes', () => {
  const expected = [
    'dynamodb:GetItem Batches', 'dynamodb:PutItem Batches', 'dynamodb:UpdateItem Batches',
    // senders read the stored recipient directory (notifications.ts bindSender), and only read it
    'dynamodb:GetItem Directory',
    // the sweep finishes creation groups: BatchGetItem and BatchWriteItem on the table, not its indexes
    'dynamodb:BatchGetItem Lifecycle', 'dynamodb:BatchWriteItem Lifecycle',
    'dynamodb:GetItem Lifecycle', 'dynamodb:PutItem Lifecycle', 'dynamodb:Query Lifecycle', 'dynamodb:UpdateItem Lifecycle',
    ...['byAnnounce', 'byDistrictStatus', 'byDue', 'byPending', 'byReview', 'byUnfinishedGroup'].flatMap((i) =>
      ['GetItem', 'PutItem', 'Query', 'UpdateItem'].map((a) => `dynamodb:${a} Lifecycle/index/${i}`)),
  ].sort();
  // The API also appends audit events (PutItem only) and reads the batch's files for the portal's downloads.
  const portal = ['dynamodb:PutItem AccessAuditTable', 's3:GetObject StorageWorkBucket/batches/*'];
  expect(grants('api').map((g) => g.replace(/(AccessAuditTable|StorageWorkBucket)\w{8}/, '$1'))).toEqual([...expected, ...portal].sort());
  expect(grants('digest')).toEqual(expected);
});

it('runs the sweep alone hourly, through the same role and function as the daily digest', () => {
  template.hasResourceProperties('AWS::Scheduler::Schedule', {
    ScheduleExpression: 'rate(1 hour)',
    Target: Match.objectLike({ Input: JSON.stringify({ sweepOnly: true }), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }) }),
  });
  const schedules = ofType(template, 'AWS::Scheduler::Schedule').map(([, s]) => s.Properties!.Target as { Arn: unknown; RoleArn: unknown });
  expect(schedules).toHaveLength(2);
  expect(JSON.stringify(schedules[0]!.RoleArn)).toBe(JSON.stringify(schedules[1]!.RoleArn));
  expect(JSON.stringify(schedules[0]!.Arn)).toBe(JSON.stringify(schedules[1]!.Arn));
});

it('runs the digest daily at 09:00 IST, with retries', () => {
  template.hasResourceProperties('AWS::Scheduler::Schedule', {
    ScheduleExpression: 'cron(0 9 * * ? *)',
    ScheduleExpressionTimezone: 'Asia/Kolkata',
    Target: Match.objectLike({ RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }) }),
  });
  // The schedule's role may invoke the digest function and nothing else.
  const [, schedule] = ofType(template, 'AWS::Scheduler::Schedule').find(([, s]) => s.Properties!.ScheduleExpression === 'cron(0 9 * * ? *)')!;
  const roleId = (schedule.Properties!.Target.RoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const policies = ofType(template, 'AWS::IAM::Policy').filter(([, p]) => (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId));
  const statements = policies.flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as { Action: string; Resource: unknown }[]);
  expect(statements.map((s) => [s.Action, describeResource(s.Resource)])).toEqual([['lambda:InvokeFunction', functionIdOf(template, 'digest')]]);
});
