/**
 * Downloads through the API (docs/design.md §9): the role is checked first by the one authorisation module
 * (HQ and auditors any district, a district only its own), then the file must be one the district's manifest
 * names, and only then is a presigned GET of at most five minutes returned. The bucket is never listed and no
 * key comes from the caller.
 */
import { getObjectText } from '../aws/object-store.js';
import { presignGet } from '../aws/presign.js';
import { config, resource } from '../config.js';
import { keys } from '../storage/keys.js';
import { districtFilesSchema, type DistrictFiles } from './district-files.js';
import { districtNamed, type Role } from '../cases/roles.js';
import { authorize, requireIdentity } from '../cases/authorize.js';
import { Refusal } from '../cases/refusal.js';

/** Presigned links never outlive this, whatever LINK_TTL_SECONDS says. */
export const MAX_LINK_SECONDS = 300;
export const BATCH_ID = /^b-[0-9a-f]{16}$/;

export function checkBatchId(batchId: string): void {
  if (!BATCH_ID.test(batchId)) throw new Refusal('bad-request', 'bad batchId: a batch ID looks like b- and 16 hex digits');
}

function allowedDistrict(role: Role | undefined, batchId: string, districtText: string): string {
  requireIdentity(role);
  checkBatchId(batchId);
  const district = districtNamed(districtText);
  if (!district) throw new Refusal('not-found', 'no such district');
  authorize(role, { action: 'read-district-files', district });
  return district;
}

async function manifest(batchId: string, district: string): Promise<DistrictFiles> {
  let text: string;
  try {
    text = await getObjectText(resource('WORK_BUCKET'), keys.districtFiles(batchId, district));
  } catch (err) {
    if (['NoSuchKey', 'NotFound'].includes((err as Error).name)) throw new Refusal('not-found', `no files for ${district} in batch ${batchId}`);
    throw err;
  }
  return districtFilesSchema.parse(JSON.parse(text));
}

export async function listDistrictFiles(role: Role | undefined, batchId: string, districtText: string): Promise<DistrictFiles> {
  return manifest(batchId, allowedDistrict(role, batchId, districtText));
}

export async function downloadLink(
  role: Role | undefined,
  batchId: string,
  districtText: string,
  name: string,
  now: Date = new Date(),
): Promise<{ name: string; url: string; expiresAt: string }> {
  const district = allowedDistrict(role, batchId, districtText);
  const file = (await manifest(batchId, district)).files.find((f) => f.name === name);
  if (!file) throw new Refusal('not-found', `no file ${name} for ${district} in batch ${batchId}`);
  const seconds = Math.min(config().LINK_TTL_SECONDS, MAX_LINK_SECONDS);
  const url = await presignGet(resource('WORK_BUCKET'), keys.districtFile(batchId, district, file.name), seconds);
  return { name: file.name, url, expiresAt: new Date(now.getTime() + seconds * 1000).toISOString() };
}
