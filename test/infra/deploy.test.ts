/**
 * A first deploy to ap-south-1 (issue 20), on the synthesized template: the region whatever the shell says,
 * refusals of placeholder addresses and other regions, the outputs the runbook and the CLI read, Lambda
 * environments within AWS's limits, the access perimeter (key policy, bucket policies, roles), the audit trail,
 * retention as configuration, and the smaller fixes (termination protection, retried errors, bundling).
 */
import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { synthApp, ofType, resources, functionIdOf, roleStatementsOf, actionsOf, describeResource, PRODUCTION_ADDRESSES, type Statement } from './synth.js';
import { deploySettings, DEPLOY_REGION } from '../../infra/deploy-settings.js';
import { STEP_BUNDLING } from '../../infra/constructs/pipeline-function.js';
import { KEY_USE_ACTIONS } from '../../infra/constructs/storage.js';
import { RETRYABLE_ERRORS } from '../../shared/errors.js';

const LAMBDA_ENV_LIMIT = 4 * 1024;

let template: Template;
let stackRegion: string;
let terminationProtection: boolean | undefined;
const savedRegion = process.env.CDK_DEFAULT_REGION;

beforeAll(() => {
  // As the CDK CLI runs the app from a shell whose profile says us-east-1.
  process.env.CDK_DEFAULT_REGION = 'us-east-1';
  try {
    const { stack } = synthApp();
    template = Template.fromStack(stack);
    stackRegion = stack.region;
    terminationProtection = stack.terminationProtection;
  } finally {
    if (savedRegion === undefined) delete process.env.CDK_DEFAULT_REGION;
    else process.env.CDK_DEFAULT_REGION = savedRegion;
  }
});

const outputs = () => template.toJSON().Outputs as Record<string, { Value: unknown }>;
const json = () => JSON.stringify(template.toJSON());

describe('region: ap-south-1 only', () => {
  it('a us-east-1 shell still synthesizes ap-south-1, and no other region appears in the template', () => {
    expect(stackRegion).toBe('ap-south-1');
    expect(json()).toContain('ap-south-1');
    expect(json()).not.toMatch(/us-east-1|\{"Ref":"AWS::Region"\}/);
  });

  it('asking for another region is refused, naming ap-south-1', () => {
    const ctx = (c: Record<string, unknown>) => (k: string) => c[k];
    expect(() => deploySettings(ctx({ region: 'us-east-1', demo: true }))).toThrow(/deploys to ap-south-1 only.*"us-east-1"/);
    expect(deploySettings(ctx({ region: 'ap-south-1', demo: true })).region).toBe(DEPLOY_REGION);
  });
});

describe('addresses: a placeholder is refused unless the deployment is a demo', () => {
  const withContext = (c: Record<string, unknown>) => (k: string) => c[k];
  it.each([
    ['sesSender', { ...PRODUCTION_ADDRESSES, 'tipline:sesSender': 'tipline@cybercell.mppolice.example' }],
    ['hqEmail', { ...PRODUCTION_ADDRESSES, 'tipline:hqEmail': 'hq@example.com' }],
    ['alarmEmail', { ...PRODUCTION_ADDRESSES, 'tipline:alarmEmail': '' }],
  ])('%s', (key, context) => {
    const ctx = withContext(Object.fromEntries(Object.entries(context).map(([k, v]) => [k.replace('tipline:', ''), v])));
    expect(() => deploySettings(ctx)).toThrow(new RegExp(`placeholder addresses: tipline:${key} .*tipline:demo=true`));
  });

  it('synthesis itself refuses: nothing unset from cdk.json deploys to nowhere', () => {
    expect(() => synthApp({ context: { 'tipline:hqEmail': undefined, 'tipline:alarmEmail': 'ops@mppolice.test' } })).toThrow(/tipline:hqEmail is not set.*tipline:alarmEmail "ops@mppolice.test"/);
  });

  it('a demo deployment may use placeholders and says so to the sending steps', () => {
    const demo = deploySettings(withContext({ demo: 'true' }));
    expect(demo).toMatchObject({ demo: true, sesSender: expect.stringMatching(/\.example$/), alarmEmail: expect.stringMatching(/\.example$/) });
  });

  it('subscribes the alarm address to the alarm topic (confirm it from that mailbox)', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: PRODUCTION_ADDRESSES['tipline:alarmEmail'] });
  });
});

describe('outputs', () => {
  it('name the work bucket, tables, state machine, roles and region', () => {
    const o = outputs();
    expect(Object.keys(o)).toEqual(expect.arrayContaining([
      'Region', 'DeployMode', 'IngestBucketName', 'WorkBucketName', 'StateMachineArn', 'BatchesTableName', 'CasesTableName',
      'RecipientsTableName', 'UploaderRoleArn', 'ReaderRoleArn', 'BreakGlassRoleArn', 'RecipientsAdminRoleArn', 'SesIdentity',
    ]));
    const work = ofType(template, 'AWS::S3::Bucket').find(([, b]) => b.Properties!.LoggingConfiguration?.LogFilePrefix === 'work/')![0];
    expect(o.WorkBucketName!.Value).toEqual({ Ref: work });
    expect(o.DeployMode!.Value).toBe('production');
  });

  it('give the three DKIM CNAME records of the sender domain', () => {
    const o = outputs();
    const dkim = Object.keys(o).filter((k) => k.startsWith('DkimRecord')).sort();
    expect(dkim).toEqual(['DkimRecord1', 'DkimRecord2', 'DkimRecord3']);
    const identity = ofType(template, 'AWS::SES::EmailIdentity')[0]![0];
    for (const [i, k] of dkim.entries()) {
      const text = JSON.stringify(o[k]!.Value);
      expect(text).toContain(`"${identity}","DkimDNSTokenName${i + 1}"`);
      expect(text).toContain(`"${identity}","DkimDNSTokenValue${i + 1}"`);
      expect(text).toContain(' CNAME ');
    }
  });
});

describe('Lambda environments', () => {
  it('every function environment is within 4 KB, with no value over 1 KB and no recipient directory', () => {
    const fns = ofType(template, 'AWS::Lambda::Function');
    expect(fns.length).toBeGreaterThanOrEqual(9);
    for (const [id, fn] of fns) {
      const vars = (fn.Properties!.Environment?.Variables ?? {}) as Record<string, unknown>;
      // Lambda counts keys and values; a token (Ref, GetAtt) deploys as a name or ARN: counted at 200 bytes.
      const size = Object.entries(vars).reduce((n, [k, v]) => n + k.length + (typeof v === 'string' ? v.length : 200), 0);
      expect({ id, size: size <= LAMBDA_ENV_LIMIT }).toEqual({ id, size: true });
      for (const [k, v] of Object.entries(vars)) expect({ k, long: (typeof v === 'string' ? v.length : 200) > 1024 }).toEqual({ k, long: false });
      expect(Object.keys(vars)).not.toContain('RECIPIENTS_JSON');
    }
  });
});

describe('access perimeter', () => {
  const keyPolicy = () => ofType(template, 'AWS::KMS::Key')[0]![1].Properties!.KeyPolicy.Statement as (Statement & { Sid?: string; Principal: any })[];

  it('the key policy separates administration from use: admins never encrypt, decrypt or grant', () => {
    const statements = keyPolicy();
    const account = statements.filter((s) => JSON.stringify(s.Principal).includes(':root'));
    expect(account.flatMap(actionsOf)).not.toContain('kms:*');
    const admin = statements.find((s) => s.Sid === 'KeyAdministration')!;
    for (const a of actionsOf(admin)) expect(a).not.toMatch(/Encrypt|Decrypt|GenerateDataKey|ReEncrypt|CreateGrant|^kms:Create\*$/);
    const use = statements.find((s) => s.Sid === 'KeyUseThroughDataServicesOnly')!;
    expect(actionsOf(use).sort()).toEqual([...KEY_USE_ACTIONS].sort());
    expect(use.Condition!.StringEquals!['kms:ViaService']).toEqual(
      ['s3', 'dynamodb', 'lambda', 'sqs', 'sns', 'states'].map((s) => `${s}.ap-south-1.amazonaws.com`));
    const grants = statements.find((s) => s.Sid === 'GrantsForAwsResourcesOnly')!;
    expect(grants.Condition!.Bool).toEqual({ 'kms:GrantIsForAWSResource': 'true' });
  });

  it('the data buckets deny object reads to all but the roles that read them, the reader and break-glass roles', () => {
    const roleOf = (step: string) => resources(template)[functionIdOf(template, step)]!.Properties!.Role['Fn::GetAtt'][0] as string;
    const role = (suffix: string) => ofType(template, 'AWS::IAM::Role').find(([id]) => id.startsWith(`Access${suffix}`))![0];
    const denyOf = (prefix: string) => {
      const bucket = ofType(template, 'AWS::S3::Bucket').find(([, b]) => b.Properties!.LoggingConfiguration?.LogFilePrefix === prefix)![0];
      const [, policy] = ofType(template, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties!.Bucket.Ref === bucket)!;
      const deny = (policy.Properties!.PolicyDocument.Statement as any[]).find((s) => s.Sid === 'DenyDataReadsExceptNamedRoles');
      expect(deny).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: expect.arrayContaining(['s3:GetObject', 's3:GetObjectVersion']) });
      return (deny.Condition.ArnNotEquals['aws:PrincipalArn'] as unknown[]).map(describeResource).sort();
    };
    expect(denyOf('ingest/')).toEqual([roleOf('register-batch'), roleOf('validate'), role('BreakGlassRole')].sort());
    expect(denyOf('work/')).toEqual([
      ...['enrich', 'classify', 'write-index', 'assign', 'notify', 'finalize', 'api'].map(roleOf), role('ReaderRole'), role('BreakGlassRole'),
    ].sort());
  });

  it('uploader, reader, break-glass and recipients-admin roles: MFA for people, uploads only for the uploader', () => {
    const roles = ofType(template, 'AWS::IAM::Role').filter(([id]) => id.startsWith('Access'));
    expect(roles.map(([id]) => id.replace(/[A-F0-9]{8}$/, '')).sort()).toEqual(['AccessBreakGlassRole', 'AccessReaderRole', 'AccessRecipientsAdminRole', 'AccessUploaderRole']);
    for (const [id, r] of roles) {
      const trust = JSON.stringify(r.Properties!.AssumeRolePolicyDocument);
      expect(trust).toContain(':root');
      if (!id.startsWith('AccessUploader')) expect(trust).toContain('"aws:MultiFactorAuthPresent":"true"');
    }
    const statementsOf = (prefix: string) => ofType(template, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties!.Roles.some((x: { Ref: string }) => x.Ref.startsWith(prefix)))
      .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as Statement[]);
    const uploader = statementsOf('AccessUploaderRole').flatMap(actionsOf);
    expect(uploader.filter((a) => a.startsWith('s3:')).sort()).toEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
    const reader = statementsOf('AccessReaderRole').flatMap(actionsOf);
    expect(reader).toEqual(expect.arrayContaining(['s3:GetObject', 'dynamodb:Query', 'states:GetExecutionHistory']));
    expect(reader.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
  });
});

describe('audit trail', () => {
  it('records S3 and DynamoDB data events of the data, encrypted with the data key, into its own bucket', () => {
    const [[, trail]] = ofType(template, 'AWS::CloudTrail::Trail') as [[string, any]];
    expect(trail.Properties.KMSKeyId).toEqual({ 'Fn::GetAtt': [ofType(template, 'AWS::KMS::Key')[0]![0], 'Arn'] });
    expect(trail.Properties.EnableLogFileValidation).toBe(true);
    expect(trail.Properties.EventSelectors).toBeUndefined();
    const selectors = trail.Properties.AdvancedEventSelectors as { FieldSelectors: { Field: string; Equals?: string[]; StartsWith?: unknown[] }[] }[];
    const typeOf = (s: (typeof selectors)[number]) => s.FieldSelectors.find((f) => f.Field === 'resources.type')?.Equals?.[0];
    const s3 = selectors.find((s) => typeOf(s) === 'AWS::S3::Object')!;
    const ddb = selectors.find((s) => typeOf(s) === 'AWS::DynamoDB::Table')!;
    expect(s3.FieldSelectors.find((f) => f.Field === 'resources.ARN')!.StartsWith).toHaveLength(2);
    expect(ddb.FieldSelectors.find((f) => f.Field === 'resources.ARN')!.Equals).toHaveLength(ofType(template, 'AWS::DynamoDB::Table').length);
    const trailBucket = trail.Properties.S3BucketName.Ref as string;
    const dataBuckets = ofType(template, 'AWS::S3::Bucket').filter(([, b]) => ['ingest/', 'work/'].includes(b.Properties!.LoggingConfiguration?.LogFilePrefix)).map(([id]) => id);
    expect(dataBuckets).not.toContain(trailBucket);
    expect(resources(template)[trailBucket]!.Properties!.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicPolicy: true });
    expect(JSON.stringify(keyPolicy())).toContain('cloudtrail.amazonaws.com');
  });
  const keyPolicy = () => ofType(template, 'AWS::KMS::Key')[0]![1].Properties!.KeyPolicy.Statement;
});

describe('retention as configuration', () => {
  it('originals: governance lock by default, deleted once the lock ends; index items carry a TTL', () => {
    const ingest = ofType(template, 'AWS::S3::Bucket').find(([, b]) => b.Properties!.ObjectLockEnabled)![1];
    expect(ingest.Properties!.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'GOVERNANCE', Days: 365 });
    expect(ingest.Properties!.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ Prefix: 'incoming/', ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 1 } })]);
    template.hasResourceProperties('AWS::DynamoDB::Table', { TimeToLiveSpecification: { AttributeName: 'retainUntil', Enabled: true } });
    const writeIndex = resources(template)[functionIdOf(template, 'write-index')]!.Properties!.Environment.Variables;
    expect(writeIndex.INDEX_TTL_DAYS).toBe('730');
  });

  it('production may choose COMPLIANCE and its own days', () => {
    const { stack } = synthApp({ context: { 'tipline:objectLockMode': 'COMPLIANCE', 'tipline:originalsRetentionDays': 2555, 'tipline:indexRetentionDays': 1095 } });
    const t = Template.fromStack(stack);
    const ingest = ofType(t, 'AWS::S3::Bucket').find(([, b]) => b.Properties!.ObjectLockEnabled)![1];
    expect(ingest.Properties!.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 2555 });
    expect(ingest.Properties!.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(2555);
    expect(resources(t)[functionIdOf(t, 'write-index')]!.Properties!.Environment.Variables.INDEX_TTL_DAYS).toBe('1095');
  });

  it('refuses a lock mode or a day count that is not one', () => {
    expect(() => deploySettings((k) => ({ demo: true, objectLockMode: 'LEGAL' } as Record<string, unknown>)[k])).toThrow(/GOVERNANCE or COMPLIANCE/);
    expect(() => deploySettings((k) => ({ demo: true, originalsRetentionDays: '0' } as Record<string, unknown>)[k])).toThrow(/originalsRetentionDays/);
  });
});

describe('smaller fixes', () => {
  it('the stack has termination protection', () => {
    expect(terminationProtection).toBe(true);
  });

  it('retries a Lambda client-side invoke timeout', () => {
    expect(RETRYABLE_ERRORS).toContain('Lambda.ClientExecutionTimeoutException');
  });

  it('zips ship no source map and no esbuild metafile', () => {
    expect(STEP_BUNDLING.sourceMap).toBe(false);
    expect(STEP_BUNDLING.metafile).toBe(false);
  });

  it('cdk.json sets every currently recommended CDK feature flag', () => {
    const context = (JSON.parse(readFileSync('cdk.json', 'utf-8')) as { context: Record<string, unknown> }).context;
    const recommended = cxapi.CURRENTLY_RECOMMENDED_FLAGS as Record<string, unknown>;
    const missing = Object.entries(recommended).filter(([k, v]) => JSON.stringify(context[k]) !== JSON.stringify(v)).map(([k]) => k);
    expect(missing).toEqual([]);
  });

  it('package.json engines state what is supported: Node 22 (Lambda, aws-local-stepfunctions), or 20.19+ with the local polyfill', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf-8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.0.0');
    const stepfunctions = JSON.parse(readFileSync('node_modules/aws-local-stepfunctions/package.json', 'utf-8')) as { engines: { node: string } };
    expect(stepfunctions.engines.node).toBe('>=22.0.0'); // if this changes, so may the polyfill (local/polyfills.ts)
    expect(readFileSync('local/polyfills.ts', 'utf-8')).toContain('Promise.withResolvers');
  });
});
