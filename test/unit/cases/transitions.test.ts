/**
 * The transition table per role: every status update from every status, by HQ, the case's own district,
 * another district and the auditor — allowed (the new status and one more history event) or refused (with
 * the reason's code), decided by authorize() then the transitions, as the service does.
 */
import { authorize } from '../../../shared/cases/authorize.js';
import { applyReviewDecision, applyStatusUpdate, applyTransferRequest, type ChangeContext } from '../../../shared/cases/transitions.js';
import { Refusal } from '../../../shared/cases/refusal.js';
import type { LifecycleCase, Status } from '../../../shared/cases/lifecycle.js';
import type { Role } from '../../../shared/cases/roles.js';
import type { StatusRequest } from '../../../shared/cases/requests.js';

const NOW = new Date('2026-12-03T04:00:00Z');
const ctx = (actor: string): ChangeContext => ({ actor, now: NOW, dueHours: { P1: 24, P2: 72 } });

function kase(status: Status, over: Partial<LifecycleCase> = {}): LifecycleCase {
  return {
    caseId: 'C-0123456789abcdef', batchId: 'b-0123456789abcdef', priority: 'P1', status,
    district: status === 'in-review' || status === 'out-of-state' ? null : 'Indore', placedIn: status === 'out-of-state' ? null : 'Indore', version: 3,
    ...(status === 'out-of-state' && { elsewhere: 'Maharashtra' }),
    createdAt: '2026-12-01T00:00:00.000Z', overdue: false, history: [], ...over,
  };
}

const ROLES: Record<string, Role> = {
  hq: { kind: 'hq' },
  own: { kind: 'district', district: 'Indore' },
  other: { kind: 'district', district: 'Bhopal' },
  auditor: { kind: 'auditor' },
};

/** What a role gets: the new status, or the refusal's code. */
function outcome(roleKey: string, from: Status, req: StatusRequest): string {
  const role = ROLES[roleKey]!;
  const before = kase(from);
  try {
    authorize(role, { action: 'update-status', kase: before, request: req });
    const after = applyStatusUpdate(before, req, ctx(roleKey));
    expect(after.version).toBe(before.version + 1);
    expect(after.history).toHaveLength(1);
    expect(after.history[0]).toMatchObject({ from, to: after.status, at: NOW.toISOString(), version: 4 });
    return after.status;
  } catch (err) {
    if (err instanceof Refusal) return err.code;
    throw err;
  }
}

const ack = { status: 'acknowledged' } as const;
const inv = { status: 'investigating' } as const;
const close = { status: 'closed', outcome: 'arrested', fir: '12/2026' } as const;
const closeNoOutcome = { status: 'closed' } as const;
const transferOut = { status: 'closed', outcome: 'transferred', transferTo: 'Maharashtra' } as const;
const reassign = { status: 'assigned', transferTo: 'Bhopal' } as const;

// [role, from, request, expected]
const TABLE: [string, Status, StatusRequest, string][] = [
  // the case's own district: forward one step, close from any open status
  ['own', 'assigned', ack, 'acknowledged'],
  ['own', 'assigned', inv, 'transition-not-allowed'],
  ['own', 'acknowledged', inv, 'investigating'],
  ['own', 'acknowledged', ack, 'transition-not-allowed'],
  ['own', 'investigating', ack, 'transition-not-allowed'],
  ['own', 'assigned', close, 'closed'],
  ['own', 'acknowledged', close, 'closed'],
  ['own', 'investigating', close, 'closed'],
  ['own', 'investigating', closeNoOutcome, 'bad-request'],
  ['own', 'closed', ack, 'transition-not-allowed'],
  ['own', 'closed', close, 'transition-not-allowed'],
  ['own', 'in-review', ack, 'forbidden'],
  ['own', 'investigating', transferOut, 'forbidden'],
  ['own', 'assigned', reassign, 'forbidden'],
  // another district and the auditor: never
  ['other', 'assigned', ack, 'forbidden'],
  ['other', 'investigating', close, 'forbidden'],
  ['auditor', 'assigned', ack, 'forbidden'],
  ['auditor', 'investigating', close, 'forbidden'],
  // HQ: what a district may, plus reassignment and transfers out of state
  ['hq', 'assigned', ack, 'acknowledged'],
  ['hq', 'acknowledged', inv, 'investigating'],
  ['hq', 'investigating', close, 'closed'],
  ['hq', 'acknowledged', transferOut, 'closed'],
  ['hq', 'investigating', reassign, 'assigned'],
  ['hq', 'assigned', { status: 'assigned', transferTo: 'Indore' }, 'transition-not-allowed'],
  ['hq', 'assigned', { status: 'assigned' }, 'transition-not-allowed'],
  ['hq', 'assigned', { status: 'assigned', transferTo: 'Atlantis' }, 'bad-request'],
  ['hq', 'closed', reassign, 'transition-not-allowed'],
  ['hq', 'in-review', ack, 'transition-not-allowed'],
  ['hq', 'in-review', close, 'transition-not-allowed'],
  ['hq', 'investigating', { status: 'closed', outcome: 'transferred' }, 'bad-request'],
  ['hq', 'investigating', { status: 'acknowledged', outcome: 'arrested' }, 'bad-request'],
  ['hq', 'assigned', { status: 'in-review' }, 'transition-not-allowed'],
  // an out-of-state case: HQ forwards it (closed as transferred) or, located wrongly, assigns it to a district
  ['hq', 'out-of-state', transferOut, 'closed'],
  ['hq', 'out-of-state', { status: 'closed', outcome: 'transferred' }, 'closed'],
  ['hq', 'out-of-state', reassign, 'assigned'],
  ['hq', 'out-of-state', ack, 'transition-not-allowed'],
  ['hq', 'out-of-state', closeNoOutcome, 'bad-request'],
  ['own', 'out-of-state', transferOut, 'forbidden'],
  ['own', 'out-of-state', ack, 'forbidden'],
  ['auditor', 'out-of-state', transferOut, 'forbidden'],
];

it.each(TABLE)('%s: %s + %j → %s', (role, from, req, expected) => {
  expect(outcome(role, from, req)).toBe(expected);
});

it('no identity is refused before anything else', () => {
  expect(() => authorize(undefined, { action: 'update-status', kase: kase('assigned'), request: ack })).toThrow(expect.objectContaining({ code: 'unauthenticated', status: 401 }));
});

it('acknowledging ends the overdue mark and the due time; reassignment restarts the clock', () => {
  const overdue = kase('assigned', { overdue: true, dueAt: '2026-12-02T00:00:00.000Z', assignedAt: '2026-12-01T00:00:00.000Z' });
  const acked = applyStatusUpdate(overdue, ack, ctx('district:Indore'));
  expect(acked).toMatchObject({ status: 'acknowledged', overdue: false });
  expect(acked.dueAt).toBeUndefined();
  const moved = applyStatusUpdate(overdue, reassign, ctx('hq'));
  expect(moved).toMatchObject({ status: 'assigned', district: 'Bhopal', overdue: false, assignedAt: NOW.toISOString(), dueAt: '2026-12-04T04:00:00.000Z' });
  expect(moved.history.at(-1)).toMatchObject({ kind: 'reassigned', transferTo: 'Bhopal', actor: 'hq' });
});

it('keeps notes and FIR numbers in the event, and earlier events unchanged', () => {
  const first = applyStatusUpdate(kase('assigned'), { status: 'acknowledged', note: '<script>x</script>' }, ctx('district:Indore'));
  const second = applyStatusUpdate(first, { status: 'closed', outcome: 'fir-registered', fir: '0042/2026' }, ctx('district:Indore'));
  expect(second.history).toEqual([
    { version: 4, at: NOW.toISOString(), actor: 'district:Indore', from: 'assigned', to: 'acknowledged', note: '<script>x</script>' },
    { version: 5, at: NOW.toISOString(), actor: 'district:Indore', from: 'acknowledged', to: 'closed', outcome: 'fir-registered', fir: '0042/2026' },
  ]);
  expect(second).toMatchObject({ outcome: 'fir-registered', fir: '0042/2026', version: 5 });
});

it('closes an out-of-state case as transferred to the state it was located in, unless HQ names another', () => {
  const closed = applyStatusUpdate(kase('out-of-state'), { status: 'closed', outcome: 'transferred' }, ctx('hq'));
  expect(closed).toMatchObject({ status: 'closed', outcome: 'transferred', transferTo: 'Maharashtra', district: null });
  expect(closed.history.at(-1)).toMatchObject({ actor: 'hq', from: 'out-of-state', to: 'closed', outcome: 'transferred', transferTo: 'Maharashtra' });
  expect(applyStatusUpdate(kase('out-of-state'), { status: 'closed', outcome: 'transferred', transferTo: 'Gujarat' }, ctx('hq'))).toMatchObject({ transferTo: 'Gujarat' });
  expect(() => applyStatusUpdate(kase('out-of-state', { elsewhere: undefined }), { status: 'closed', outcome: 'transferred' }, ctx('hq'))).toThrow(expect.objectContaining({ code: 'bad-request' }));
});

describe('review decisions (HQ only)', () => {
  const review = kase('in-review', { placedIn: 'Gwalior' });
  it('promotes to where Classify placed the case, or to the district HQ names', () => {
    expect(applyReviewDecision(review, { decision: 'promote' }, ctx('hq'))).toMatchObject({ status: 'assigned', district: 'Gwalior', review: 'promoted', announce: true, dueAt: '2026-12-04T04:00:00.000Z' });
    expect(applyReviewDecision(review, { decision: 'promote', district: 'agar malwa' }, ctx('hq'))).toMatchObject({ district: 'Agar Malwa' });
  });
  it('drops as not-csam or suspect-not-identified, and needs the outcome', () => {
    expect(applyReviewDecision(review, { decision: 'drop', outcome: 'not-csam' }, ctx('hq'))).toMatchObject({ status: 'closed', outcome: 'not-csam', review: 'dropped', district: null });
    expect(() => applyReviewDecision(review, { decision: 'drop' }, ctx('hq'))).toThrow(expect.objectContaining({ code: 'bad-request' }));
  });
  it('refuses a case not in review, a promotion with no district, and every role but HQ', () => {
    expect(() => applyReviewDecision(kase('assigned'), { decision: 'promote' }, ctx('hq'))).toThrow(expect.objectContaining({ code: 'transition-not-allowed' }));
    expect(() => applyReviewDecision(kase('in-review', { placedIn: null }), { decision: 'promote' }, ctx('hq'))).toThrow(expect.objectContaining({ code: 'bad-request' }));
    for (const role of [ROLES.own, ROLES.other, ROLES.auditor]) {
      expect(() => authorize(role, { action: 'decide-review' })).toThrow(expect.objectContaining({ code: 'forbidden', status: 403 }));
    }
  });
});

it('a district asks HQ for a transfer of its open case; the case stays where it is', () => {
  const after = applyTransferRequest(kase('acknowledged'), { transferTo: 'ujjain' }, ctx('district:Indore'));
  expect(after).toMatchObject({ status: 'acknowledged', district: 'Indore', transferRequest: { to: 'Ujjain', at: NOW.toISOString() } });
  expect(after.history.at(-1)).toMatchObject({ kind: 'transfer-requested', from: 'acknowledged', to: 'acknowledged', transferTo: 'Ujjain' });
  expect(() => applyTransferRequest(kase('closed'), { transferTo: 'Ujjain' }, ctx('hq'))).toThrow(expect.objectContaining({ code: 'transition-not-allowed' }));
  expect(() => authorize(ROLES.other, { action: 'request-transfer', kase: kase('acknowledged') })).toThrow(expect.objectContaining({ code: 'forbidden' }));
});
