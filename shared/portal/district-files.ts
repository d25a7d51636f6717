/**
 * The files a district has for a batch (files.json beside them, written by Notify): the full case list with
 * identifiers and one subscriber-request sheet per ISP. The portal downloads only files named here.
 */
import * as z from 'zod';

export const districtFileSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/),
  kind: z.enum(['list', 'isp']),
  isp: z.string().optional(),
  rows: z.number().int().nonnegative(),
});
export type DistrictFile = z.infer<typeof districtFileSchema>;

export const districtFilesSchema = z.object({
  batchId: z.string(),
  district: z.string(),
  files: z.array(districtFileSchema),
});
export type DistrictFiles = z.infer<typeof districtFilesSchema>;
