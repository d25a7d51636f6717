/**
 * What AWS refuses, refused locally first, with the error AWS gives (docs/design.md §3 "Limits"):
 *
 * - a Lambda environment over 4 KB (keys and values, as Lambda measures its JSON): the deploy fails with
 *   Lambda's InvalidParameterValueException, so the local start does too;
 * - a state's input or output over 256 KB: the execution fails with States.DataLimitExceeded, which no Catch
 *   (not even States.ALL) catches (local/executor.ts);
 * - a template for any region but ap-south-1 (shared/deploy-region.ts);
 * - an item over 400 KB: dynalite already answers ValidationException "Item size has exceeded the maximum
 *   allowed size", as DynamoDB does (test/local/limits.test.ts holds it to that).
 */
import type { CfnResolver, CfnTemplate } from './cfn.js';
import { assertDeployRegion } from '../shared/deploy-region.js';

export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4 * 1024;
export const STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

/** The error a Step Functions run gives for a payload over the limit; it ends the execution. */
export class DataLimitExceededError extends Error {
  override readonly name = 'States.DataLimitExceeded';
}

/** The error a deploy gives for a function environment over 4 KB. */
export class InvalidParameterValueException extends Error {
  override readonly name = 'InvalidParameterValueException';
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Every function's environment as it would deploy (intrinsics resolved to local names), measured as Lambda does. */
export function checkFunctionEnvironments(resolver: CfnResolver): void {
  for (const [id, fn] of resolver.resourcesOfType('AWS::Lambda::Function')) {
    const vars = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const measured = JSON.stringify(resolver.resolve(vars));
    if (bytes(measured) > LAMBDA_ENVIRONMENT_LIMIT_BYTES) {
      throw new InvalidParameterValueException(
        `Resource handler returned message: "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured.slice(0, 200)}…" (function ${id}, ${bytes(measured)} bytes)`,
      );
    }
  }
}

/** A state's input or output, as Step Functions measures it (UTF-8 bytes of its JSON). */
export function checkStatePayload(value: unknown, what: string): void {
  const size = bytes(JSON.stringify(value ?? null));
  if (size > STATE_PAYLOAD_LIMIT_BYTES) {
    throw new DataLimitExceededError(`The state/task '${what}' returned a result with a size exceeding the maximum number of bytes service limit (${size} > ${STATE_PAYLOAD_LIMIT_BYTES}).`);
  }
}

/** The region the template was synthesized for (its Region output; infra/tipline-stack.ts). */
export function checkTemplateRegion(template: CfnTemplate): void {
  const region = (template as CfnTemplate & { Outputs?: Record<string, { Value?: unknown }> }).Outputs?.Region?.Value;
  if (typeof region !== 'string') throw new Error('the synthesized template has no Region output: it was not made by infra/build-app.ts');
  assertDeployRegion(region, 'the synthesized template');
}
