/**
 * The lifecycle's operations over the lifecycle table: what every API route and CLI command calls after
 * parsing its input. Each one authorises first (authorize.ts), then reads, then — for a change — plans it
 * purely (transitions.ts) and commits it with one conditional write, then settles its counters
 * (shared/aws/lifecycle-store.ts explains why that is safe without transactions). Nothing here logs a note.
 */
import { authorize, requireIdentity, type Action } from './authorize.js';
import { Refusal } from './refusal.js';
import { roleName, DISTRICT_NAMES, districtNamed, type Role } from './roles.js';
import { applyReviewDecision, applyStatusUpdate, applyTransferRequest, type ChangeContext } from './transitions.js';
import { deltasOf, districtFunnel, hqFunnel, HQ_SCOPE, type DistrictFunnel, type HqFunnel } from './funnel.js';
import { byUrgency, caseView, listItem, type CaseListItem, type CaseView } from './case-view.js';
import type { LifecycleCase } from './lifecycle.js';
import type { CaseListQuery, ReviewDecision, StatusRequest, TransferRequest } from './requests.js';
import { dueHours } from './due-time.js';
import {
  addToCounters, casesOfDistrict, changeId, clearPending, commitChange, getCase, readCounters, reviewQueue, type StoredCase,
} from '../aws/lifecycle-store.js';
import { errorName, logger } from '../logger.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };


/** Adds a committed change's deltas to the counters and clears its pending record. Idempotent. */
export async function settle(kase: StoredCase): Promise<void> {
  if (!kase.pending) return;
  const readAt = Date.now();
  await addToCounters(kase.pending.id, kase.pending.deltas, readAt);
  await clearPending(kase.caseId, kase.pending);
}

async function readCase(caseId: string): Promise<StoredCase> {
  const kase = await getCase(caseId);
  if (!kase) throw new Refusal('not-found', `no case ${caseId}`);
  return kase;
}

const MAX_ROUNDS = 20;

/**
 * Read, authorise, plan, commit; on a lost race read again. With `ifVersion` a change the caller did not see
 * is refused as stale; without it the request is planned again against the case as it now is (and refused if
 * that status no longer allows it).
 */
async function change(
  caseId: string,
  role: Role | undefined,
  action: (kase: LifecycleCase) => Action,
  plan: (kase: LifecycleCase, ctx: ChangeContext) => LifecycleCase,
  ifVersion: number | undefined,
  clock: Clock,
): Promise<CaseView> {
  requireIdentity(role); // 401 before any read
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const kase = await readCase(caseId);
    authorize(role, action(kase));
    if (kase.pending) {
      await settle(kase);
      continue;
    }
    if (ifVersion !== undefined && ifVersion !== kase.version) {
      throw new Refusal('stale-version', `stale version: ${caseId} is at version ${kase.version}, the request saw ${ifVersion}; nothing changed`);
    }
    const ctx: ChangeContext = { actor: roleName(role!), now: clock.now(), dueHours: dueHours() };
    const after = plan(kase, ctx);
    const pending = { id: changeId(caseId, after.version), deltas: deltasOf(kase, after) };
    if (!(await commitChange(kase, after, pending))) continue;
    try {
      await settle({ ...after, pending });
    } catch (err) {
      // The change stands; its counters are settled by the next writer of the case or the digest's sweep.
      logger.warn('counters left unsettled', { caseId, error: errorName(err) });
    }
    return caseView(after, ctx.now);
  }
  throw new Refusal('stale-version', `stale version: ${caseId} kept changing while this request was applied; nothing changed`);
}

export function updateStatus(caseId: string, role: Role | undefined, req: StatusRequest, clock: Clock = systemClock): Promise<CaseView> {
  return change(caseId, role, (kase) => ({ action: 'update-status', kase, request: req }), (kase, ctx) => applyStatusUpdate(kase, req, ctx), req.ifVersion, clock);
}

export function decideReview(caseId: string, role: Role | undefined, req: ReviewDecision, clock: Clock = systemClock): Promise<CaseView> {
  authorize(role, { action: 'decide-review' });
  return change(caseId, role, () => ({ action: 'decide-review' }), (kase, ctx) => applyReviewDecision(kase, req, ctx), req.ifVersion, clock);
}

export function requestTransfer(caseId: string, role: Role | undefined, req: TransferRequest, clock: Clock = systemClock): Promise<CaseView> {
  return change(caseId, role, (kase) => ({ action: 'request-transfer', kase }), (kase, ctx) => applyTransferRequest(kase, req, ctx), req.ifVersion, clock);
}

export async function showCase(caseId: string, role: Role | undefined, clock: Clock = systemClock): Promise<CaseView> {
  requireIdentity(role);
  const kase = await readCase(caseId);
  authorize(role, { action: 'read-case', kase });
  return caseView(kase, clock.now());
}

/** A role's cases: a district its own; HQ and auditors one district or all. P1 first, overdue marked. */
export async function listCases(role: Role | undefined, query: CaseListQuery, clock: Clock = systemClock): Promise<CaseListItem[]> {
  const named = query.district === undefined ? undefined : districtNamed(query.district);
  if (query.district !== undefined && !named) throw new Refusal('bad-request', `unknown district: ${query.district}`);
  authorize(role, { action: 'list-cases', district: named });
  const districts = role!.kind === 'district' ? [role!.district] : named ? [named] : DISTRICT_NAMES;
  const now = clock.now();
  const found: CaseListItem[] = [];
  for (const d of districts) {
    for (const kase of await casesOfDistrict(d, query.status)) {
      if (query.batch === undefined || kase.batchId === query.batch) found.push(listItem(kase, now));
    }
  }
  return found.sort(byUrgency);
}

/** Review cases awaiting a decision, oldest first. */
export async function listReview(role: Role | undefined, batch: string | undefined, clock: Clock = systemClock): Promise<CaseListItem[]> {
  authorize(role, { action: 'list-review' });
  const now = clock.now();
  return (await reviewQueue()).filter((k) => batch === undefined || k.batchId === batch).map((k) => ({ ...listItem(k, now), placedIn: k.placedIn }));
}

export interface Funnel {
  districts: Record<string, DistrictFunnel>;
  hq?: HqFunnel;
}

/** The funnel from its counters (no case is read). A district sees its own row only. */
export async function readFunnel(role: Role | undefined): Promise<Funnel> {
  authorize(role, { action: 'read-funnel' });
  const counters = await readCounters();
  const districts: Record<string, DistrictFunnel> = {};
  for (const name of DISTRICT_NAMES) {
    if (role!.kind === 'district' && role!.district !== name) continue;
    const c = counters[name];
    if (c && Object.values(c).some((n) => n !== 0)) districts[name] = districtFunnel(c);
  }
  return role!.kind === 'district' ? { districts } : { districts, hq: hqFunnel(counters[HQ_SCOPE]) };
}
