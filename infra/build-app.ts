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
import { deploySettings } from './deploy-settings.js';

export const STACK_NAME = 'TiplineRouter';
export { DEPLOY_REGION } from './deploy-settings.js';

export interface BuildOptions {
  /** Extra context, e.g. { 'aws:cdk:bundling-stacks': [] } to synthesize without bundling. */
  context?: Record<string, unknown>;
  outdir?: string;
  /** Run the cdk-nag AwsSolutions checks on synthesis (default true). */
  nag?: boolean;
}

export function buildApp(options: BuildOptions = {}): { app: App; stack: TiplineStack } {
  const app = new App({ context: options.context, outdir: options.outdir });
  const settings = deploySettings((key) => app.node.tryGetContext(`tipline:${key}`), process.env);
  const stack = new TiplineStack(app, STACK_NAME, {
    description: 'Tipline Router: routes CyberTipline report metadata to Madhya Pradesh district police',
    // The region is fixed (deploySettings refuses any other); the account is the deployer's.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: settings.region },
    terminationProtection: true,
    ...settings,
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
