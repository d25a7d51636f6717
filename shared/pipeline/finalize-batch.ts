/**
 * Finalize: email HQ the batch summary (listing every digest re-sent as a possible repeat or not sent),
 * write the summary file, and close the batch record as SUCCEEDED with counts, per-district counts, timings
 * and deliveries. Returns the run summary (docs/design.md §7).
 */
import type { FinalizeInput, NotifyResult, RunSummary } from '../model/workflow.js';
import type { Case } from '../model/case.js';
import { readJsonLines, putText } from '../aws/object-store.js';
import { updateBatch, type Deliveries } from '../aws/batch-records.js';
import { sendOnce } from '../aws/mailer.js';
import { recipientFor } from '../notify/recipients.js';
import { recipientDirectory } from '../aws/recipient-store.js';
import { DEFAULT_MAX_LISTED, renderHqSummary } from '../notify/hq-summary.js';
import { reviewQueueLink } from '../notify/portal-links.js';
import { HqCaseListsCollector } from '../notify/hq-case-lists.js';
import { keys } from '../storage/keys.js';
import { config, resource } from '../config.js';
import { logger } from '../logger.js';
import { createRecords, initialRecord, isOutOfState } from '../cases/create-cases.js';
import { dueHours } from '../cases/due-time.js';
import type { LifecycleCase } from '../cases/lifecycle.js';

const REJECTED_LISTED = 50;
const HQ_SUMMARY = 'HQ summary';

/** The digests this run sent again as possible repeats, and those SES refused. */
function digestDeliveries(notifications: NotifyResult[]): Deliveries {
  return {
    resent: notifications.filter((n) => n.delivery === 'resent').map((n) => n.district),
    unsent: notifications.filter((n) => n.delivery === 'unsent').map((n) => ({ to: n.district, reason: n.unsentReason ?? 'refused' })),
  };
}

interface RejectedLine {
  position: { line?: number; element?: number; row?: number };
  reportId?: string;
  errors: { path: string; message: string }[];
}

function describePosition(p: RejectedLine['position']): string {
  if (p.element !== undefined) return `record ${p.element}${p.line !== undefined ? ` (line ${p.line})` : ''}`;
  if (p.line !== undefined) return `line ${p.line}`;
  return p.row !== undefined ? `row ${p.row}` : 'unknown position';
}

export async function finalizeBatch(input: FinalizeInput & { execution: string }): Promise<RunSummary> {
  const { batch, validation, classification, fanout, execution } = input;
  const bucket = resource('WORK_BUCKET');
  // Streamed: the email lists a few cases of each kind, and a batch can hold a million.
  const lists = new HqCaseListsCollector(DEFAULT_MAX_LISTED);
  const at = new Date().toISOString();
  const review: LifecycleCase[] = [];
  const outOfState: LifecycleCase[] = [];
  const hours = dueHours();
  for await (const kase of readJsonLines<Case>(bucket, classification.allCasesKey)) {
    lists.add(kase);
    if (kase.disposition === 'review') review.push(initialRecord(kase, at, hours));
    else if (isOutOfState(kase)) outOfState.push(initialRecord(kase, at, hours));
  }
  // Review cases start their lifecycle `in-review` in HQ's queue, out-of-state ones `out-of-state` for HQ to
  // forward and close as transferred (docs/design.md §9); a retry adds nothing.
  await createRecords(batch.batchId, 'REVIEW', review);
  await createRecords(batch.batchId, 'OUT-OF-STATE', outOfState);
  const rejected: RejectedLine[] = [];
  if (validation.rejectedKey) {
    for await (const line of readJsonLines<RejectedLine>(bucket, validation.rejectedKey)) {
      rejected.push(line);
      if (rejected.length >= REJECTED_LISTED) break;
    }
  }

  const counts: RunSummary['counts'] = {
    received: validation.counts.received,
    rejected: validation.counts.rejected,
    valid: validation.counts.valid,
    duplicates: classification.counts.duplicates,
    cases: classification.counts.cases,
    actionable: classification.counts.actionable,
    review: classification.counts.review,
    notActionable: classification.counts.notActionable,
  };
  const districts: RunSummary['districts'] = Object.fromEntries(
    classification.districts.map((d) => [d.district, { cases: d.cases, P1: d.P1, P2: d.P2, P3: d.P3 }]),
  );
  const notifications = new Map(fanout.map((f) => [f.notification.district, f.notification]));

  const directory = await recipientDirectory();
  const hqTo = config().HQ_EMAIL ?? directory.hq.email;
  const digests = digestDeliveries(fanout.map((f) => f.notification));
  const email = renderHqSummary({
    batchId: batch.batchId,
    fileKey: batch.key,
    counts,
    districts: classification.districts.map((d) => {
      const n = notifications.get(d.district);
      const r = recipientFor(directory, d.district);
      return { district: d.district, cases: d.cases, P1: d.P1, P2: d.P2, P3: d.P3, recipient: n?.recipient ?? r.title, fellBackToHq: r.fellBackToHq, reason: r.reason };
    }),
    lists: lists.lists(),
    rejected: rejected.map((r) => ({ position: describePosition(r.position), reportId: r.reportId, errors: r.errors })),
    rejectedTotal: validation.counts.rejected,
    deliveries: digests,
    generatedAt: new Date().toISOString(),
    reviewUrl: reviewQueueLink(config().PORTAL_URL, batch.batchId),
  });
  const hqOutcome = await sendOnce(batch.batchId, 'HQ#SUMMARY', hqTo, email);
  const emails = fanout.filter((f) => f.notification.sent).length + (hqOutcome.status === 'sent' ? 1 : 0);
  const deliveries: Deliveries = {
    resent: [...digests.resent, ...(hqOutcome.status === 'sent' && hqOutcome.repeat ? [HQ_SUMMARY] : [])],
    unsent: [...digests.unsent, ...(hqOutcome.status === 'unsent' ? [{ to: HQ_SUMMARY, reason: hqOutcome.reason }] : [])],
  };
  const emailsUnsent = deliveries.unsent.length;

  const summary: RunSummary = {
    batchId: batch.batchId,
    execution,
    status: 'SUCCEEDED',
    file: { key: batch.key, sha256: validation.file.sha256, format: validation.file.format },
    counts,
    districts,
    emails,
    emailsUnsent,
  };
  const summaryKey = keys.summary(batch.batchId);
  await putText(bucket, summaryKey, JSON.stringify({ ...summary, rulesVersion: classification.rulesVersion, file: { ...summary.file, ...validation.file } }, null, 1), 'application/json');
  await updateBatch(batch.batchId, { status: 'SUCCEEDED', counts, districts, emails, emailsUnsent, deliveries, summaryKey, finishedAt: new Date().toISOString() }, 'finishedAt');
  logger.info('batch finished', { batchId: batch.batchId, ...counts, emails, emailsUnsent, resent: deliveries.resent.length });
  return summary;
}
