/** Finalize Lambda: see shared/pipeline/finalize-batch.ts. */
import * as z from 'zod';
import { stepHandler } from '../../shared/handler.js';
import { finalizeInputSchema } from '../../shared/model/workflow.js';
import { finalizeBatch } from '../../shared/pipeline/finalize-batch.js';

const input = finalizeInputSchema.extend({ execution: z.string().min(1) });

export const handler = stepHandler('Finalize', input, finalizeBatch);
