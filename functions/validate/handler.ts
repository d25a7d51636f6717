/** Validate Lambda: see shared/pipeline/validate-batch.ts. */
import { stepHandler } from '../../shared/handler.js';
import { batchRefSchema } from '../../shared/model/workflow.js';
import { validateBatch } from '../../shared/pipeline/validate-batch.js';

export const handler = stepHandler('Validate', batchRefSchema, validateBatch);
