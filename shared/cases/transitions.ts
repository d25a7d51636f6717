/**
 * The lifecycle's transitions, pure: given a case, an (already authorised) request, who makes it and when,
 * the case after the change with one more history event — or a Refusal. Nothing here reads or writes.
 *
 *   in-review ──promote──▶ assigned ─▶ acknowledged ─▶ investigating ─▶ closed (with an outcome)
 *   in-review ──drop─────▶ closed (not-csam | suspect-not-identified)
 *   any open status ─▶ closed;  HQ: any open status ─▶ assigned in another district (reassignment)
 *   out-of-state ──HQ──▶ closed (transferred: to the state it was located in, unless HQ names another)
 *                 └─HQ──▶ assigned to an MP district (it was located wrongly)
 */
import type { HistoryEvent, LifecycleCase, Status } from './lifecycle.js';
import type { ReviewDecision, StatusRequest, TransferRequest } from './requests.js';
import { Refusal } from './refusal.js';
import { districtNamed } from './roles.js';
import { dueAtFor, type DueHours } from './due-time.js';

export interface ChangeContext {
  actor: string;
  now: Date;
  dueHours: DueHours;
}

/** The next status each open status may move to by a status update (closing is allowed from each). */
const NEXT: Partial<Record<Status, Status>> = { assigned: 'acknowledged', acknowledged: 'investigating' };
const OPEN: readonly Status[] = ['assigned', 'acknowledged', 'investigating'];

const notAllowed = (message: string): never => {
  throw new Refusal('transition-not-allowed', `transition not allowed: ${message}`);
};
const bad = (message: string): never => {
  throw new Refusal('bad-request', message);
};

function append(kase: LifecycleCase, after: Omit<LifecycleCase, 'version' | 'history'>, event: Omit<HistoryEvent, 'version' | 'at' | 'actor' | 'from' | 'to'>, ctx: ChangeContext): LifecycleCase {
  const version = kase.version + 1;
  const e: HistoryEvent = { version, at: ctx.now.toISOString(), actor: ctx.actor, from: kase.status, to: after.status, ...event };
  return { ...after, version, history: [...kase.history, e] };
}

/** Starts (or restarts) an assignment to a district: due time from now, not overdue. */
function assignTo(kase: LifecycleCase, district: string, ctx: ChangeContext): Omit<LifecycleCase, 'version' | 'history'> {
  const { history: _h, version: _v, transferRequest: _t, dueAt: _d, ...rest } = kase;
  const assignedAt = ctx.now.toISOString();
  const dueAt = dueAtFor(kase.priority, assignedAt, ctx.dueHours);
  return { ...rest, status: 'assigned', district, assignedAt, ...(dueAt && { dueAt }), overdue: false };
}

function withoutDue(kase: LifecycleCase): Omit<LifecycleCase, 'version' | 'history'> {
  const { history: _h, version: _v, dueAt: _d, ...rest } = kase;
  return { ...rest, overdue: false };
}

function mpDistrict(name: string): string {
  return districtNamed(name) ?? bad(`unknown district: ${name} (not one of Madhya Pradesh's 55)`);
}

export function applyStatusUpdate(kase: LifecycleCase, req: StatusRequest, ctx: ChangeContext): LifecycleCase {
  if (kase.status === 'in-review') notAllowed(`${kase.caseId} is in review: HQ promotes or drops it through the review queue`);
  if (kase.status === 'closed') notAllowed(`${kase.caseId} is closed (${kase.outcome ?? 'no outcome'})`);
  if (req.outcome !== undefined && req.status !== 'closed') bad('an outcome is given only when closing (--status closed)');
  const note = req.note === undefined || req.note.trim() === '' ? {} : { note: req.note };
  const fir = req.fir === undefined ? {} : { fir: req.fir };

  if (req.status === 'assigned') {
    if (req.transferTo === undefined) notAllowed(`${kase.status} → assigned needs the district to reassign to (transferTo)`);
    const district = mpDistrict(req.transferTo!);
    if (district === kase.district) notAllowed(`${kase.caseId} is already assigned to ${district}`);
    return append(kase, assignTo(kase, district, ctx), { kind: 'reassigned', transferTo: district, ...note, ...fir }, ctx);
  }
  if (req.status === 'closed') {
    if (req.outcome === undefined) bad('closing needs an outcome: arrested, fir-registered, not-csam, suspect-not-identified or transferred');
    // An out-of-state case goes by default to the state it was located in.
    const to = req.outcome === 'transferred' ? (req.transferTo ?? kase.elsewhere) : req.transferTo;
    if (req.outcome === 'transferred' && to === undefined) bad('closing as transferred needs the district or state it went to (transferTo)');
    if (req.outcome !== 'transferred' && req.transferTo !== undefined) bad('transferTo is given only with the outcome transferred or to reassign');
    const transferTo = to === undefined ? {} : { transferTo: districtNamed(to) ?? to.trim() };
    const after = { ...withoutDue(kase), status: 'closed' as const, outcome: req.outcome!, ...fir, ...transferTo };
    return append(kase, after, { outcome: req.outcome!, ...note, ...fir, ...transferTo }, ctx);
  }
  if (req.transferTo !== undefined) bad('transferTo is given only with the outcome transferred or to reassign (status assigned)');
  if (!OPEN.includes(kase.status) || NEXT[kase.status] !== req.status) {
    notAllowed(`${kase.status} → ${req.status} (the order is assigned → acknowledged → investigating → closed)`);
  }
  return append(kase, { ...withoutDue(kase), status: req.status, ...fir }, { ...note, ...fir }, ctx);
}

export function applyReviewDecision(kase: LifecycleCase, req: ReviewDecision, ctx: ChangeContext): LifecycleCase {
  if (kase.status !== 'in-review') notAllowed(`${kase.caseId} is not in review (it is ${kase.status})`);
  const note = req.note === undefined || req.note.trim() === '' ? {} : { note: req.note };
  if (req.decision === 'promote') {
    if (req.outcome !== undefined) bad('an outcome is given only when dropping');
    const named = req.district ?? kase.placedIn ?? bad(`${kase.caseId} has no district: name one to promote it to`);
    const district = mpDistrict(named);
    return append(kase, { ...assignTo(kase, district, ctx), review: 'promoted', announce: true }, { kind: 'promoted', ...note }, ctx);
  }
  if (req.district !== undefined) bad('a district is named only when promoting');
  if (req.outcome === undefined) bad('dropping needs an outcome: not-csam or suspect-not-identified');
  return append(kase, { ...withoutDue(kase), status: 'closed', outcome: req.outcome!, review: 'dropped' }, { kind: 'dropped', outcome: req.outcome!, ...note }, ctx);
}

export function applyTransferRequest(kase: LifecycleCase, req: TransferRequest, ctx: ChangeContext): LifecycleCase {
  if (!OPEN.includes(kase.status)) notAllowed(`${kase.caseId} is ${kase.status}: only an open case can be transferred`);
  const to = districtNamed(req.transferTo) ?? req.transferTo.trim();
  if (to === kase.district) notAllowed(`${kase.caseId} is already assigned to ${to}`);
  const { history: _h, version: _v, ...rest } = kase;
  const note = req.note === undefined || req.note.trim() === '' ? {} : { note: req.note };
  return append(kase, { ...rest, transferRequest: { to, at: ctx.now.toISOString() } }, { kind: 'transfer-requested', transferTo: to, ...note }, ctx);
}
