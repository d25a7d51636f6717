/** Enrich Lambda: see shared/pipeline/enrich-chunk.ts. */
import { stepHandler } from '../../shared/handler.js';
import { enrichInputSchema } from '../../shared/model/workflow.js';
import { enrichChunk } from '../../shared/pipeline/enrich-chunk.js';

export const handler = stepHandler('Enrich', enrichInputSchema, enrichChunk);
