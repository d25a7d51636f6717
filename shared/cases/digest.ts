/**
 * The daily digest (09:00 IST on AWS by EventBridge Scheduler; `tipline digest [--now ISO]` locally):
 * 1. sweep — settle changes and finish creation groups a crash left unfinished, prune old counter guards;
 * 2. mark newly overdue cases (assigned past their due time) — the funnel's `overdue` counts them;
 * 3. mail each district its newly promoted cases and its overdue ones, and HQ the overdue list by district.
 * One reminder per case, recipient and IST day: the reminder ledger is claimed before the mail and marked
 * after it; the mail's ledger slot is named by the cases it carries, so a retry of the same digest sends
 * nothing twice, and a case whose reminder was claimed but not sent goes into the next attempt.
 */
import { createHash } from 'node:crypto';
import { DISTRICT_NAMES } from './roles.js';
import { settle } from './case-service.js';
import { finishGroup, isAbandoned } from './create-cases.js';
import {
  announcedCases, changeId, claimReminder, clearAnnounce, dueCases, markOverdue, markReminded, pruneGuards, unfinishedGroups, unsettledCases,
  type StoredCase,
} from '../aws/lifecycle-store.js';
import { deltasOf } from './funnel.js';
import { sendOnce } from '../aws/mailer.js';
import { recipientFor } from '../notify/recipients.js';
import { recipientDirectory } from '../aws/recipient-store.js';
import { renderDistrictReminder, renderHqOverdue, type ReminderCase } from '../notify/case-reminders.js';
import { config } from '../config.js';
import { errorName, logger } from '../logger.js';

export interface DigestResult {
  /** Emails sent by this run. */
  sent: number;
  /** Promoted cases announced to their districts. */
  promoted: number;
  /** Overdue cases reminded to their districts. */
  reminders: number;
  /** Cases newly marked overdue. */
  overdue: number;
}

const IST_MS = 5.5 * 3_600_000;
export const istDay = (now: Date): string => new Date(now.getTime() + IST_MS).toISOString().slice(0, 10);

const slotOf = (prefix: string, ids: string[]): string => `${prefix}#${createHash('sha256').update([...ids].sort().join(',')).digest('hex').slice(0, 16)}`;

const asReminder = (c: StoredCase): ReminderCase => ({ caseId: c.caseId, priority: c.priority, district: c.district, batchId: c.batchId, ...(c.dueAt && { dueAt: c.dueAt }) });

export interface SweepResult {
  /** Changes whose counters were settled. */
  settled: number;
  /** Abandoned creation groups finished (a group a live step still holds is left to it). */
  groups: number;
  /** Counter guards pruned. */
  pruned: number;
}

/** Settles what a crash left unsettled, finishes creation groups, prunes old counter guards (hourly on AWS, and first in every digest). */
export async function sweep(): Promise<SweepResult> {
  let settled = 0;
  for (const kase of await unsettledCases()) {
    try {
      await settle(kase);
      settled++;
    } catch (err) {
      logger.warn('sweep: case left unsettled', { caseId: kase.caseId, error: errorName(err) });
    }
  }
  // Only groups nobody is working on: a live step's claim is still running (it renews it while it writes), and
  // that step finishes its own group — waiting for it would hold up the sweep and the digest behind it.
  const now = Date.now();
  const abandoned = (await unfinishedGroups()).filter((g) => isAbandoned(g, now));
  let groups = 0;
  for (const g of abandoned) {
    try {
      await finishGroup(g);
      groups++;
    } catch (err) {
      logger.warn('sweep: creation group left unfinished', { group: g.key, error: errorName(err) });
    }
  }
  return { settled, groups, pruned: await pruneGuards() };
}

/** Marks the case overdue unless it changed; true when it was marked by this call. */
async function markIfStill(kase: StoredCase): Promise<boolean> {
  if (kase.overdue || kase.pending) return false;
  const pending = { id: changeId(kase.caseId, kase.version), deltas: deltasOf(kase, { ...kase, overdue: true }) };
  if (!(await markOverdue(kase, pending))) return false;
  await settle({ ...kase, overdue: true, pending });
  return true;
}

/** Claims today's reminders of these cases for `recipient`; returns those not yet sent. */
async function unsentToday(day: string, recipient: string, cases: StoredCase[]): Promise<StoredCase[]> {
  const out: StoredCase[] = [];
  for (const c of cases) if ((await claimReminder(day, recipient, c.caseId)) !== 'sent') out.push(c);
  return out;
}

export async function runDigest(now: Date): Promise<DigestResult> {
  const swept = await sweep();
  const day = istDay(now);
  const directory = await recipientDirectory();
  const ledger = `digest-${day}`;
  const result: DigestResult = { sent: 0, promoted: 0, reminders: 0, overdue: 0 };
  const hqOverdue: StoredCase[] = [];

  for (const district of DISTRICT_NAMES) {
    const [promoted, due] = await Promise.all([announcedCases(district), dueCases(district, now.toISOString())]);
    for (const c of due) if (await markIfStill(c)) result.overdue++;
    const overdue = due.filter((c) => c.status === 'assigned');
    hqOverdue.push(...overdue);
    const remind = await unsentToday(day, district, overdue);
    if (promoted.length === 0 && remind.length === 0) continue;
    const recipient = recipientFor(directory, district);
    const email = renderDistrictReminder({ district, day, promoted: promoted.map(asReminder), overdue: remind.map(asReminder) });
    const outcome = await sendOnce(ledger, slotOf(`DISTRICT#${district}`, [...promoted, ...remind].map((c) => c.caseId)), recipient.to, email);
    if (outcome.status === 'sent') result.sent++;
    if (outcome.status === 'unsent') continue; // SES refused it (kept in the ledger with its reason): remind again next run
    for (const c of remind) await markReminded(day, district, c.caseId);
    for (const c of promoted) await clearAnnounce(c.caseId, c.version);
    result.promoted += promoted.length;
    result.reminders += remind.length;
  }

  const hqRemind = await unsentToday(day, 'HQ', hqOverdue);
  if (hqRemind.length) {
    const email = renderHqOverdue({ day, overdue: hqRemind.map(asReminder) });
    const outcome = await sendOnce(ledger, slotOf('HQ', hqRemind.map((c) => c.caseId)), config().HQ_EMAIL ?? directory.hq.email, email);
    if (outcome.status === 'sent') result.sent++;
    if (outcome.status !== 'unsent') for (const c of hqRemind) await markReminded(day, 'HQ', c.caseId);
  }
  logger.info('digest done', { day, ...result, ...swept });
  return result;
}
