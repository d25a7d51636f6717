/**
 * The portal's AWS side: the Cognito user pool (MFA required, no self sign-up, a group per role), the hosted
 * sign-in's client (code flow with PKCE, no secret, callbacks only to the portal), CloudFront in front of a
 * private bucket through origin access control with the strict CSP on every response, and the audit table.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { synthApp, ofType, resources } from './synth.js';
import { SIGN_IN_GROUPS } from '../../shared/auth/sign-in-groups.js';

let template: Template;
beforeAll(() => {
  template = Template.fromStack(synthApp().stack);
});

test('one user pool: MFA required (TOTP), administrators create accounts, threat protection enforced', () => {
  const pools = ofType(template, 'AWS::Cognito::UserPool');
  expect(pools).toHaveLength(1);
  const p = pools[0]![1].Properties!;
  expect(p.MfaConfiguration).toBe('ON');
  expect(p.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  expect(p.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
  expect(p.UserPoolAddOns.AdvancedSecurityMode).toBe('ENFORCED');
  expect(p.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(14);
});

test('the groups are hq, auditor and one per district — 57 in all', () => {
  const groups = ofType(template, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties!.GroupName as string).sort();
  expect(groups).toEqual([...SIGN_IN_GROUPS].sort());
  expect(groups).toHaveLength(57);
  expect(groups).toEqual(expect.arrayContaining(['hq', 'auditor', 'district-indore', 'district-bhopal', 'district-agar-malwa']));
});

test('the hosted sign-in: a Cognito domain and a public client for the code flow only, back to the portal only', () => {
  expect(ofType(template, 'AWS::Cognito::UserPoolDomain')).toHaveLength(1);
  const clients = ofType(template, 'AWS::Cognito::UserPoolClient');
  expect(clients).toHaveLength(1);
  const c = clients[0]![1].Properties!;
  expect(c.GenerateSecret).toBe(false);
  expect(c.AllowedOAuthFlows).toEqual(['code']);
  expect(c.AllowedOAuthFlowsUserPoolClient).toBe(true);
  expect(c.CallbackURLs).toHaveLength(1);
  expect(JSON.stringify(c.CallbackURLs)).toContain('DomainName');
  expect(c.PreventUserExistenceErrors).toBe('ENABLED');
});

test('CloudFront serves the private portal bucket through origin access control, HTTPS only, from India only', () => {
  const dists = ofType(template, 'AWS::CloudFront::Distribution');
  expect(dists).toHaveLength(1);
  const d = dists[0]![1].Properties!.DistributionConfig;
  expect(ofType(template, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(1);
  const s3Origins = d.Origins.filter((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
  expect(s3Origins).toHaveLength(1);
  expect(s3Origins[0].OriginAccessControlId).toBeDefined();
  expect(s3Origins[0].S3OriginConfig.OriginAccessIdentity ?? '').toBe('');
  expect(d.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
  expect(d.Restrictions.GeoRestriction).toEqual({ RestrictionType: 'whitelist', Locations: ['IN'] });
  // The bucket admits only this distribution (OAC's service principal, conditioned on its ARN).
  const policy = ofType(template, 'AWS::S3::BucketPolicy').map(([, p]) => JSON.stringify(p.Properties)).find((p) => p.includes('cloudfront.amazonaws.com'));
  expect(policy).toContain('AWS:SourceArn');
});

test('every response carries the strict Content-Security-Policy and security headers', () => {
  const policies = ofType(template, 'AWS::CloudFront::ResponseHeadersPolicy');
  expect(policies).toHaveLength(1);
  const cfg = policies[0]![1].Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
  const csp = JSON.stringify(cfg.ContentSecurityPolicy.ContentSecurityPolicy);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  expect(cfg.ContentSecurityPolicy.Override).toBe(true);
  expect(cfg.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31536000);
  expect(cfg.FrameOptions.FrameOption).toBe('DENY');
  const d = ofType(template, 'AWS::CloudFront::Distribution')[0]![1].Properties!.DistributionConfig;
  expect(d.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policies[0]![0] });
});

test('the audit table: encrypted with the data key, recoverable, protected from deletion', () => {
  const audit = Object.entries(resources(template)).filter(([id, r]) => r.Type === 'AWS::DynamoDB::Table' && id.startsWith('AccessAudit'));
  expect(audit).toHaveLength(1);
  const p = audit[0]![1].Properties!;
  expect(p.SSESpecification.SSEEnabled).toBe(true);
  expect(p.SSESpecification.KMSMasterKeyId).toBeDefined();
  expect(p.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(true);
  expect(p.DeletionProtectionEnabled).toBe(true);
});

test('every /api route of the HTTP API is behind the Cognito JWT authorizer, the portal routes included', () => {
  const authorizers = ofType(template, 'AWS::ApiGatewayV2::Authorizer');
  expect(authorizers).toHaveLength(1);
  const [authorizerId, authorizer] = authorizers[0]!;
  expect(authorizer.Properties!.AuthorizerType).toBe('JWT');
  expect(JSON.stringify(authorizer.Properties!.JwtConfiguration.Issuer)).toContain('cognito-idp');
  expect(authorizer.Properties!.IdentitySource).toEqual(['$request.header.Authorization']);
  const routes = ofType(template, 'AWS::ApiGatewayV2::Route');
  const keys = routes.map(([, r]) => r.Properties!.RouteKey as string);
  expect(keys).toEqual(expect.arrayContaining([
    'GET /api/cases/{caseId}',
    'GET /api/cases/{caseId}/identifiers',
    'GET /api/batches/{batchId}/districts/{district}/files/{name}',
    'GET /api/batches/{batchId}/not-actionable',
  ]));
  for (const [, r] of routes) {
    expect(r.Properties!.RouteKey).toMatch(/^(GET|POST) \/api\//);
    expect(r.Properties!.AuthorizationType).toBe('JWT');
    expect(r.Properties!.AuthorizerId).toEqual({ Ref: authorizerId });
  }
});

test('the portal reaches the API on its own origin: /api/* on CloudFront, uncached, Authorization forwarded', () => {
  const d = ofType(template, 'AWS::CloudFront::Distribution')[0]![1].Properties!.DistributionConfig;
  const api = d.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
  expect(api.ViewerProtocolPolicy).toBe('https-only');
  expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
  expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // Managed-AllViewerExceptHostHeader
});
