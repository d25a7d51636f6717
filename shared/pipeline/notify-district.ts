/**
 * Notify: write the district's full list (CSV), per-ISP request sheets and their manifest (what the portal offers
 * for download), and email the digest — which links to the district's page for the batch in the portal, never to
 * an object — to the district's recipient: at least once per batch and district, and once unless an attempt
 * crashed mid-send (then again, marked as a possible repeat). A digest SES refuses is recorded as unsent and
 * the step still succeeds: the assignments stand and `tipline resend` sends it later. A district without a
 * valid recipient goes to HQ, and the HQ summary says so.
 */
import type { DistrictTaskInput, NotifyResult } from '../model/workflow.js';
import type { CaseWithReports } from '../model/case.js';
import { readJsonLines, putText } from '../aws/object-store.js';
import { sendOnce } from '../aws/mailer.js';
import { recipientFor } from '../notify/recipients.js';
import { recipientDirectory } from '../aws/recipient-store.js';
import { digestCase, renderDistrictDigest, type DigestCase } from '../notify/district-digest.js';
import { DistrictListCsv, IspSheets } from '../notify/district-list-csv.js';
import { keys } from '../storage/keys.js';
import type { DistrictFile } from '../portal/district-files.js';
import { districtBatchLink } from '../notify/portal-links.js';
import { config, resource } from '../config.js';
import { logger } from '../logger.js';

const CSV = 'text/csv; charset=utf-8';
const fileName = (key: string): string => key.slice(key.lastIndexOf('/') + 1);

export async function notifyDistrict({ batch, work }: DistrictTaskInput): Promise<NotifyResult> {
  const bucket = resource('WORK_BUCKET');
  // One case at a time: a big district's reports never sit in memory together, only the rows made of them.
  const list = new DistrictListCsv();
  const sheets = new IspSheets();
  const cases: DigestCase[] = [];
  for await (const kase of readJsonLines<CaseWithReports>(bucket, work.casesKey)) {
    list.add(kase);
    sheets.add(kase);
    cases.push(digestCase(kase));
  }

  const listKey = keys.districtList(batch.batchId, work.district);
  await putText(bucket, listKey, list.render(), CSV);
  const ispSheets = [];
  const files: DistrictFile[] = [{ name: fileName(listKey), kind: 'list', rows: cases.length }];
  for (const sheet of sheets.render()) {
    const key = keys.ispSheet(batch.batchId, work.district, sheet.slug);
    await putText(bucket, key, sheet.csv, CSV);
    ispSheets.push({ isp: sheet.isp, rows: sheet.rows });
    files.push({ name: fileName(key), kind: 'isp', isp: sheet.isp, rows: sheet.rows });
  }
  // What the portal offers for download: only the files named here, to whoever may see the district.
  await putText(bucket, keys.districtFiles(batch.batchId, work.district), JSON.stringify({ batchId: batch.batchId, district: work.district, files }), 'application/json');

  const recipient = recipientFor(await recipientDirectory(), work.district);
  const now = new Date();
  const email = renderDistrictDigest({
    batchId: batch.batchId,
    district: work.district,
    recipientTitle: recipient.title,
    cases,
    portalUrl: districtBatchLink(config().PORTAL_URL, work.district, batch.batchId),
    ispSheets,
    generatedAt: now.toISOString(),
  });
  const outcome = await sendOnce(batch.batchId, `DISTRICT#${work.district}`, recipient.to, email);
  const delivery = outcome.status === 'sent' ? (outcome.repeat ? 'resent' : 'sent') : outcome.status;
  logger.info('district notified', { batchId: batch.batchId, district: work.district, delivery, fellBackToHq: recipient.fellBackToHq });
  return {
    district: work.district,
    recipient: recipient.title,
    fellBackToHq: recipient.fellBackToHq,
    sent: outcome.status === 'sent',
    delivery,
    ...(outcome.status === 'unsent' && { unsentReason: outcome.reason }),
    listKey,
  };
}
