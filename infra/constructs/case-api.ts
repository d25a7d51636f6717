/**
 * The case API (docs/design.md §9.3): one HTTP API (API Gateway v2) whose every route goes to one Lambda
 * (functions/api/handler.ts) behind the JWT authorizer the caller passes — the portal's Cognito user pool
 * authorizer. There is no route without it: the authorizer is a required property, set as the API's default,
 * and each route is added with it. Access logs (no bodies, no identities beyond the request ID) go to an
 * encrypted log group.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Storage } from './storage.js';
import type { Notifications } from './notifications.js';
import { PipelineFunction } from './pipeline-function.js';
import { grantDigest } from './case-reminders.js';
import { API_ROUTES } from '../../shared/cases/api-routes.js';

export interface CaseApiProps {
  storage: Storage;
  notifications: Notifications;
  /** Every route's authorizer (the portal's Cognito user pool authorizer): identity comes only from its claims. */
  authorizer: apigwv2.IHttpRouteAuthorizer;
  /** Environment for the handler (DUE_HOURS_P1, DUE_HOURS_P2, DUE_HOURS_P3). */
  settings?: Record<string, string>;
}

export class CaseApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly handler: PipelineFunction;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CaseApiProps) {
    super(scope, id);
    const { storage } = props;
    this.handler = new PipelineFunction(this, 'Handler', {
      step: 'api',
      description: 'The case API: the case lifecycle for HQ, districts and auditors',
      key: storage.key,
      timeout: Duration.seconds(25),
      memorySize: 512,
      environment: props.settings,
    });
    // POST /api/digest (HQ) runs the digest in this function, so it holds the digest's grants (and no more).
    grantDigest(this.handler, storage, props.notifications);

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.SIX_MONTHS,
      encryptionKey: storage.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Tipline Router case API',
      defaultAuthorizer: props.authorizer,
      createDefaultStage: true,
    });
    const stage = this.api.defaultStage!.node.defaultChild as apigwv2.CfnStage;
    stage.accessLogSettings = {
      destinationArn: this.accessLogs.logGroupArn,
      // Route, status, latency and request ID only: no path values (case IDs), no source IP, no identity.
      format: JSON.stringify({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status', latency: '$context.responseLatency', time: '$context.requestTime' }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 100, throttlingRateLimit: 50 };

    const integration = new HttpLambdaIntegration('Handler', this.handler.fn);
    for (const route of API_ROUTES) {
      this.api.addRoutes({
        path: route.path,
        methods: [route.method === 'GET' ? apigwv2.HttpMethod.GET : apigwv2.HttpMethod.POST],
        integration,
        authorizer: props.authorizer,
      });
    }
  }
}
