/** Assign Lambda: see shared/pipeline/assign-district.ts. */
import { stepHandler } from '../../shared/handler.js';
import { districtTaskInputSchema } from '../../shared/model/workflow.js';
import { assignDistrict } from '../../shared/pipeline/assign-district.js';

export const handler = stepHandler('Assign', districtTaskInputSchema, assignDistrict);
