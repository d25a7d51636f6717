/** WriteIndex Lambda: see shared/pipeline/write-index.ts. */
import { stepHandler } from '../../shared/handler.js';
import { writeIndexInputSchema } from '../../shared/model/workflow.js';
import { writeIndex } from '../../shared/pipeline/write-index.js';

export const handler = stepHandler('WriteIndex', writeIndexInputSchema, writeIndex);
