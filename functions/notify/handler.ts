/** Notify Lambda: see shared/pipeline/notify-district.ts. */
import { stepHandler } from '../../shared/handler.js';
import { districtTaskInputSchema } from '../../shared/model/workflow.js';
import { notifyDistrict } from '../../shared/pipeline/notify-district.js';

export const handler = stepHandler('Notify', districtTaskInputSchema, notifyDistrict);
