/**
 * The portal's static files in a private S3 bucket, served only through CloudFront (origin access control:
 * the bucket policy admits this distribution alone), HTTPS only, from India only, with a strict
 * Content-Security-Policy and the other security headers on every response (a response headers policy), and
 * the API under /api on the same origin. A viewer-request function sends the links in emails
 * (/districts/…, /review) without an Authorization header to the portal's own route, where sign-in starts;
 * those pages hold no data — every datum comes from the API, whose every route checks the token.
 *
 * The files are published by the operator after deploying (README: `aws s3 sync portal/` and the PortalConfig
 * output as config.json), not by a deployment custom resource, whose CDK-owned role would hold wildcard S3
 * actions in this stack.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { PORTAL_SECURITY_HEADERS, portalContentSecurityPolicy } from '../../shared/portal/security-headers.js';

/** What the portal reads at /config.json to sign in (OAuth 2.0 authorization code with PKCE). */
export interface PortalAuthConfig {
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl: string;
  clientId: string;
  scope: string;
}

export interface PortalHostingProps {
  /** Origins the portal's scripts may call besides itself: the sign-in service's token endpoint. */
  signInOrigins: string[];
}

/** Links from emails: without a token, to the portal's route of the same name (a hash route), else the portal. */
const ENTRY_LINKS_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri !== '/review' && uri.indexOf('/districts/') !== 0) return request;
  if (request.headers.authorization) { request.uri = '/index.html'; return request; }
  var query = Object.keys(request.querystring).map(function (k) {
    return encodeURIComponent(k) + '=' + encodeURIComponent(request.querystring[k].value);
  }).join('&');
  return { statusCode: 302, statusDescription: 'Found',
    headers: { location: { value: '/#' + uri + (query ? '?' + query : '') }, 'cache-control': { value: 'no-store' } } };
}`;

export class PortalHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headersPolicy: cloudfront.ResponseHeadersPolicy;
  /** https://<distribution domain> */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PortalHostingProps) {
    super(scope, id);
    const logs = new s3.Bucket(this, 'AccessLogs', {
      // CloudFront standard logs are delivered with an ACL, which needs object-writer ownership.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the portal\'s CloudFront and bucket access logs; logging its own access would log into itself.',
    });

    this.bucket = new s3.Bucket(this, 'Site', {
      // The portal's code only: no data is ever stored here (data comes from the API, behind sign-in).
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const headers: cloudfront.ResponseSecurityHeadersBehavior = {
      contentSecurityPolicy: { contentSecurityPolicy: portalContentSecurityPolicy(props.signInOrigins), override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, preload: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
    };
    const others = Object.entries(PORTAL_SECURITY_HEADERS)
      .filter(([name]) => !['X-Content-Type-Options', 'X-Frame-Options', 'Referrer-Policy'].includes(name))
      .map(([header, value]) => ({ header, value, override: true }));
    this.headersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Tipline portal: strict CSP and security headers',
      securityHeadersBehavior: headers,
      customHeadersBehavior: { customHeaders: others },
    });

    const entryLinks = new cloudfront.Function(this, 'EntryLinks', {
      code: cloudfront.FunctionCode.fromInline(ENTRY_LINKS_FUNCTION),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Email links: to sign-in without a token',
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Tipline Router district portal',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.headersPolicy,
        functionAssociations: [{ function: entryLinks, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      geoRestriction: cloudfront.GeoRestriction.allowlist('IN'),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR2',
        reason: 'No WAF web ACL yet: every data route is behind the API\'s JWT authorizer and the static files are the portal\'s public code; add a web ACL (rate limits) when the deployment has one.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'The default *.cloudfront.net certificate\'s security policy is fixed by CloudFront; attach a custom domain with its certificate and set minimumProtocolVersion TLSv1.2_2021 to pin TLS 1.2.',
      },
    );
  }

  /** The API under /api on the portal's origin: no caching, every viewer header (Authorization) forwarded. */
  addApi(api: apigwv2.IHttpApi): void {
    const domain = `${api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    this.distribution.addBehavior('/api/*', new origins.HttpOrigin(domain, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }), {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.headersPolicy,
    });
  }
}
