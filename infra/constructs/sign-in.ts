/**
 * Sign-in for the portal and its API: a Cognito user pool (administrators create the accounts; MFA required,
 * TOTP only; threat protection enforced) with one group per role — `hq`, `auditor` and `district-<slug>` for
 * each of the 55 districts — the hosted sign-in on a Cognito domain, a public app client for the portal
 * (authorization code with PKCE, no secret), and the JWT authorizer every API route uses.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Construct } from 'constructs';
import { SIGN_IN_GROUPS } from '../../shared/auth/sign-in-groups.js';

export interface SignInProps {
  /** The portal's origin (https://…, no trailing slash): the only sign-in callback and sign-out target. */
  portalUrl: string;
  /** The Cognito domain prefix of the hosted sign-in (globally unique within the region). */
  domainPrefix: string;
}

export class SignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** Attach to every API route: API Gateway checks the token's signature, issuer, expiry and client. */
  readonly authorizer: HttpUserPoolAuthorizer;
  /** https://<prefix>.auth.<region>.amazoncognito.com */
  readonly signInOrigin: string;

  constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: 'tipline-portal',
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CDK's threat-protection setting lands in UserPoolAddOns; cdk-nag's COG3 reads AdvancedSecurityMode there.
    (this.userPool.node.defaultChild as cognito.CfnUserPool).userPoolAddOns = { advancedSecurityMode: 'ENFORCED' };

    for (const group of SIGN_IN_GROUPS) {
      new cognito.UserPoolGroup(this, `Group-${group}`, {
        userPool: this.userPool,
        groupName: group,
        description: group === 'hq' ? 'State Cyber Cell HQ: every case, review decisions' : group === 'auditor' ? 'Read-only audit' : `District ${group.slice('district-'.length)}: its own cases`,
      });
    }

    this.domain = this.userPool.addDomain('HostedSignIn', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.signInOrigin = `https://${props.domainPrefix}.auth.${Stack.of(this).region}.amazoncognito.com`;

    this.client = this.userPool.addClient('PortalClient', {
      userPoolClientName: 'tipline-portal',
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.portalUrl}/`],
        logoutUrls: [`${props.portalUrl}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.authorizer = new HttpUserPoolAuthorizer('PortalAuthorizer', this.userPool, {
      userPoolClients: [this.client],
      identitySource: ['$request.header.Authorization'],
    });

  }
}
