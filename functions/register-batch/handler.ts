/** RegisterBatch Lambda: see shared/pipeline/register-batch.ts. */
import * as z from 'zod';
import { stepHandler } from '../../shared/handler.js';
import { objectCreatedEventSchema } from '../../shared/model/workflow.js';
import { registerBatch } from '../../shared/pipeline/register-batch.js';

const input = z.object({ detail: objectCreatedEventSchema.shape.detail, execution: z.string().min(1) });

export const handler = stepHandler('RegisterBatch', input, ({ detail, execution }) => registerBatch(detail, execution));
