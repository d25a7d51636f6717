/** MarkFailed Lambda: see shared/pipeline/mark-failed.ts. */
import * as z from 'zod';
import { stepHandler } from '../../shared/handler.js';
import { markFailedInputSchema } from '../../shared/model/workflow.js';
import { markFailed } from '../../shared/pipeline/mark-failed.js';

const input = markFailedInputSchema.extend({ execution: z.string().min(1) });

export const handler = stepHandler('MarkFailed', input, markFailed);
