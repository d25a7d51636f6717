/**
 * One synthesis per test file: the whole app as `cdk synth` builds it (cdk.json context, cdk-nag on),
 * with Lambda bundling skipped, plus helpers to find resources by what they are rather than by logical ID.
 */
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type BuildOptions } from '../../infra/build-app.js';
import { HANDLER_METADATA_KEY } from '../../infra/constructs/pipeline-function.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The context `cdk synth` passes from cdk.json (feature flags and tipline:* settings). */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf-8')) as { context?: Record<string, unknown> }).context ?? {};
}

/** Real-looking addresses: the tests synthesize a production deployment unless they ask for a demo. */
export const PRODUCTION_ADDRESSES = {
  'tipline:sesSender': 'tipline@cybercell.mppolice.gov.in',
  'tipline:hqEmail': 'cybercell-hq@mppolice.gov.in',
  'tipline:alarmEmail': 'tipline-admin@mppolice.gov.in',
};

export function synthApp(options: BuildOptions = {}) {
  const outdir = options.outdir ?? mkdtempSync(path.join(tmpdir(), 'tipline-infra-test-'));
  return buildApp({
    ...options,
    outdir,
    context: { ...cdkJsonContext(), ...PRODUCTION_ADDRESSES, 'aws:cdk:bundling-stacks': [], ...options.context },
  });
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> }>;

export function resources(template: Template): Resources {
  return template.toJSON().Resources as Resources;
}

export function ofType(template: Template, type: string): [string, Resources[string]][] {
  return Object.entries(resources(template)).filter(([, r]) => r.Type === type);
}

/** Logical ID of the function whose handler is functions/<step>/handler.ts. */
export function functionIdOf(template: Template, step: string): string {
  const found = ofType(template, 'AWS::Lambda::Function').filter(([, r]) => r.Metadata?.[HANDLER_METADATA_KEY] === `functions/${step}/handler.ts`);
  if (found.length !== 1) throw new Error(`expected one function for ${step}, found ${found.length}`);
  return found[0]![0];
}

/** Every statement of every IAM policy attached to the role of the given function. */
export function roleStatementsOf(template: Template, functionId: string): Statement[] {
  const fn = resources(template)[functionId]!;
  const roleId = (fn.Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return ofType(template, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as Statement[]);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOf = (s: Statement): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** `{ "Fn::GetAtt": [id, "Arn"] }` → id; `{ "Fn::Join": ["", [GetAtt, "/batches/*"]] }` → "id/batches/*"; "*" → "*". */
export function describeResource(r: unknown): string {
  if (typeof r === 'string') return r;
  const o = r as Record<string, any>;
  if (o['Fn::GetAtt']) return String(o['Fn::GetAtt'][0]);
  if (o.Ref) return String(o.Ref);
  if (o['Fn::Join']) return (o['Fn::Join'][1] as unknown[]).map(describeResource).join('');
  return JSON.stringify(r);
}
