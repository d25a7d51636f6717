/** AcquireLinkingLease Lambda: see shared/pipeline/linking-section.ts. */
import { stepHandler } from '../../shared/handler.js';
import { linkingLeaseInputSchema } from '../../shared/model/workflow.js';
import { acquireLinking } from '../../shared/pipeline/linking-section.js';

export const handler = stepHandler('AcquireLinkingLease', linkingLeaseInputSchema, acquireLinking);
