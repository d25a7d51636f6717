/**
 * The shape every Lambda step shares: middy, the step's zod input schema, one call into shared/, return.
 * Input that breaks the contract becomes InvalidStepInputError (caught, not retried); everything else the
 * step throws propagates unchanged so the state machine's Retry/Catch can match its name.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { InvalidStepInputError } from './errors.js';
import { logger } from './logger.js';

export function stepHandler<S extends z.ZodType, R>(
  step: string,
  inputSchema: S,
  run: (input: z.output<S>, context: Context) => Promise<R>,
) {
  return middy(async (event: unknown, context: Context): Promise<R> => {
    const parsed = inputSchema.safeParse(event);
    if (!parsed.success) {
      // Paths only: the values may be report data.
      const paths = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
      throw new InvalidStepInputError(`${step}: input does not match its contract at ${paths}`);
    }
    return run(parsed.data, context);
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}
