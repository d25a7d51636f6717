/**
 * Digest Lambda, started by EventBridge Scheduler: daily for the digest (shared/cases/digest.ts), hourly with
 * `{ "sweepOnly": true }` for its sweep alone, so a change a crash left unsettled reaches the funnel within the
 * hour and the counters' guard maps stay small. `now` only in tests and locally.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod';
import { runDigest, sweep, type DigestResult, type SweepResult } from '../../shared/cases/digest.js';
import { logger } from '../../shared/logger.js';
import { InvalidStepInputError } from '../../shared/errors.js';

const inputSchema = z.object({ now: z.iso.datetime({ offset: true }).optional(), sweepOnly: z.boolean().optional() }).loose();

export const handler = middy(async (event: unknown): Promise<DigestResult | SweepResult> => {
  const parsed = inputSchema.safeParse(event ?? {});
  if (!parsed.success) throw new InvalidStepInputError('Digest: input does not match its contract');
  if (parsed.data.sweepOnly) return sweep();
  return runDigest(parsed.data.now ? new Date(parsed.data.now) : new Date());
}).use(injectLambdaContext(logger, { resetKeys: true }));
