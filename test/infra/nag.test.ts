/**
 * cdk-nag AwsSolutions runs inside buildApp (as `cdk synth` runs it): the app has zero unacknowledged
 * findings, a known-bad resource is reported (so the checks really run), and every acknowledgement
 * carries its reason in code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { synthApp } from './synth.js';

interface Report {
  pluginReports: { pluginName: string; conclusion: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

let findings: { rule: string; path: string }[];
let acknowledgements: { path: string; id: string; reason: string }[];

beforeAll(() => {
  // Report instead of throwing, so the test can say what was found.
  const { app, stack } = synthApp({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  // A canary the AwsSolutions pack must flag (SNS3: publishers not required to use TLS).
  new sns.Topic(stack, 'NagCanary');
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf-8')) as Report;
  findings = report.pluginReports.flatMap((p) =>
    p.violations.flatMap((v) => v.violatingConstructs.map((c) => ({ rule: v.ruleName, path: c.constructPath }))));
  acknowledgements = app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))));
});

it('reports findings: the canary topic is flagged', () => {
  const rules = findings.filter((f) => f.path.includes('NagCanary')).map((f) => f.rule);
  expect(rules).toEqual([expect.stringContaining('AwsSolutions-SNS3')]);
});

it('the stack itself has zero unacknowledged AwsSolutions findings', () => {
  expect(findings.filter((f) => !f.path.includes('NagCanary'))).toEqual([]);
});

it('every acknowledgement is an AwsSolutions rule with a reason of substance', () => {
  expect(acknowledgements.length).toBeGreaterThan(0);
  for (const a of acknowledgements) {
    // CDK records acknowledgements under its annotation namespace: "Annotation::AwsSolutions-…".
    expect(a.id).toMatch(/^(Annotation::)?AwsSolutions-[A-Z]+\d+/);
    expect(a.reason.trim().length).toBeGreaterThanOrEqual(40);
  }
});

it('acknowledges only the known, justified families', () => {
  const family = (id: string) => id.replace(/^Annotation::/, '').replace(/<[^>]+>/g, '<ref>');
  expect([...new Set(acknowledgements.map((a) => family(a.id)))].sort()).toEqual([
    'AwsSolutions-CFR2',
    'AwsSolutions-CFR4',
    'AwsSolutions-IAM5[Resource::*]',
    // break-glass reads every object of the data buckets
    'AwsSolutions-IAM5[Resource::<ref>/*]',
    'AwsSolutions-IAM5[Resource::<ref>/batches/*]',
    'AwsSolutions-IAM5[Resource::<ref>/incoming/*]',
    'AwsSolutions-IAM5[Resource::<ref>:*]',
    // the reader role reads this state machine's executions
    'AwsSolutions-IAM5[Resource::arn:aws:states:ap-south-1:<ref>:execution:<ref>:*]',
    'AwsSolutions-L1',
    'AwsSolutions-S1',
    'AwsSolutions-SQS3',
  ]);
});
