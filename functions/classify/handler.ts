/** Classify Lambda: see shared/pipeline/classify-cases.ts. */
import { stepHandler } from '../../shared/handler.js';
import { classifyInputSchema } from '../../shared/model/workflow.js';
import { classifyCases } from '../../shared/pipeline/classify-cases.js';

export const handler = stepHandler('Classify', classifyInputSchema, classifyCases);
