/** ReleaseLinkingLease Lambda: see shared/pipeline/linking-section.ts. */
import { stepHandler } from '../../shared/handler.js';
import { linkingLeaseInputSchema } from '../../shared/model/workflow.js';
import { releaseLinking } from '../../shared/pipeline/linking-section.js';

export const handler = stepHandler('ReleaseLinkingLease', linkingLeaseInputSchema, releaseLinking);
