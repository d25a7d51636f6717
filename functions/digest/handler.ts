/** Digest Lambda, started daily by EventBridge Scheduler: see shared/cases/digest.ts. `now` only in tests and locally. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod';
import { runDigest, type DigestResult } from '../../shared/cases/digest.js';
import { logger } from '../../shared/logger.js';
import { InvalidStepInputError } from '../../shared/errors.js';

const inputSchema = z.object({ now: z.iso.datetime({ offset: true }).optional() }).loose();

export const handler = middy(async (event: unknown): Promise<DigestResult> => {
  const parsed = inputSchema.safeParse(event ?? {});
  if (!parsed.success) throw new InvalidStepInputError('Digest: input does not match its contract');
  return runDigest(parsed.data.now ? new Date(parsed.data.now) : new Date());
}).use(injectLambdaContext(logger, { resetKeys: true }));
