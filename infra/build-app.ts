/**
 * Builds the CDK app from context. `infra/app.ts` (cdk synth / deploy) and the local runtime both call
 * this, so the local run executes the very definition `npx cdk synth` writes.
 *
 * cdk-nag's AwsSolutions pack runs as a CDK validation plugin on every synthesis: the CLI prints any
 * unacknowledged finding and exits non-zero; an in-process synth throws. Acknowledgements live next to the
 * constructs they concern, each with its reason.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TiplineStack } from './tipline-stack.js';

export const STACK_NAME = 'TiplineRouter';

export interface BuildOptions {
  /** Extra context, e.g. { 'aws:cdk:bundling-stacks': [] } to synthesize without bundling. */
  context?: Record<string, unknown>;
  outdir?: string;
  /** Run the cdk-nag AwsSolutions checks on synthesis (default true). */
  nag?: boolean;
}

export function buildApp(options: BuildOptions = {}): { app: App; stack: TiplineStack } {
  const app = new App({ context: options.context, outdir: options.outdir });
  const ctx = (key: string): unknown => app.node.tryGetContext(`tipline:${key}`);
  const text = (key: string, fallback = ''): string => String(ctx(key) ?? fallback);
  const stack = new TiplineStack(app, STACK_NAME, {
    description: 'Tipline Router: routes CyberTipline report metadata to Madhya Pradesh district police',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'ap-south-1' },
    sesSender: text('sesSender', 'tipline@cybercell.mppolice.example'),
    hqEmail: text('hqEmail', 'cybercell-hq@mppolice.example'),
    alarmEmail: text('alarmEmail') || undefined,
    recipientsJson: text('recipientsJson') || undefined,
    originalsRetentionDays: Number(ctx('originalsRetentionDays') ?? 365),
    workingFilesExpireDays: Number(ctx('workingFilesExpireDays') ?? 90),
    settings: {
      CHUNK_SIZE: text('chunkSize', '5000'),
      MAX_FILE_BYTES: text('maxFileBytes', String(2 * 1024 ** 3)),
      LINK_TTL_SECONDS: text('linkTtlSeconds', String(7 * 24 * 3600)),
      SES_RATE_PER_SECOND: text('sesRatePerSecond', '10'),
    },
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
