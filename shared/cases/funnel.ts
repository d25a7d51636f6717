/**
 * The funnel (docs/design.md §9): per district, how many cases it holds and where they are; for HQ, the review
 * queue. Each case contributes to counters by its state alone, so a change adds (after − before) to them with
 * atomic ADDs — never a scan — and the counters always equal the sum of every case's contribution (the
 * property the tests check against a recount).
 */
import { DISTRICT_STATUSES, OUTCOMES, type LifecycleCase } from './lifecycle.js';

/** The counter item of a district is its name; HQ's is this. */
export const HQ_SCOPE = '#HQ';

export type Counts = Record<string, number>;
/** Scope (district name or HQ_SCOPE) → counter attribute → amount. */
export type Deltas = Record<string, Counts>;

type CaseState = Pick<LifecycleCase, 'status' | 'district' | 'outcome' | 'overdue' | 'review'>;

/** The counters one case in this state adds to. */
export function contribution(kase: CaseState | undefined): Deltas {
  const d: Deltas = {};
  if (!kase) return d;
  const hq: Counts = {};
  if (kase.status === 'in-review') hq.reviewQueue = 1;
  if (kase.status === 'out-of-state') hq.outOfState = 1;
  if (kase.review === 'promoted') hq.promoted = 1;
  if (kase.review === 'dropped') hq.dropped = 1;
  if (Object.keys(hq).length) d[HQ_SCOPE] = hq;
  if (kase.district !== null && kase.status !== 'in-review' && kase.review !== 'dropped') {
    const c: Counts = { total: 1, [kase.status]: 1 };
    if (kase.outcome) c[`outcome:${kase.outcome}`] = 1;
    if (kase.overdue) c.overdue = 1;
    d[kase.district] = c;
  }
  return d;
}

/** What a change from `before` to `after` adds to each counter; zero amounts left out. */
export function deltasOf(before: CaseState | undefined, after: CaseState | undefined): Deltas {
  const out: Deltas = {};
  const add = (from: Deltas, sign: 1 | -1) => {
    for (const [scope, counts] of Object.entries(from)) {
      for (const [k, n] of Object.entries(counts)) {
        const s = (out[scope] ??= {});
        s[k] = (s[k] ?? 0) + sign * n;
      }
    }
  };
  add(contribution(after), 1);
  add(contribution(before), -1);
  for (const [scope, counts] of Object.entries(out)) {
    for (const [k, n] of Object.entries(counts)) if (n === 0) delete counts[k];
    if (Object.keys(counts).length === 0) delete out[scope];
  }
  return out;
}

export function sumDeltas(all: Iterable<Deltas>): Deltas {
  const out: Deltas = {};
  for (const d of all) {
    for (const [scope, counts] of Object.entries(d)) {
      const s = (out[scope] ??= {});
      for (const [k, n] of Object.entries(counts)) s[k] = (s[k] ?? 0) + n;
    }
  }
  return out;
}

export interface DistrictFunnel {
  total: number;
  assigned: number;
  acknowledged: number;
  investigating: number;
  closed: number;
  overdue: number;
  outcomes: Record<string, number>;
}
export interface HqFunnel {
  reviewQueue: number;
  /** Out-of-state cases not yet closed as transferred (or reassigned to a district). */
  outOfState: number;
  promoted: number;
  dropped: number;
}

/** The public shape of a district's counters (`tipline districts`). */
export function districtFunnel(counts: Counts): DistrictFunnel {
  const n = (k: string) => counts[k] ?? 0;
  const outcomes: Record<string, number> = {};
  for (const o of OUTCOMES) if (n(`outcome:${o}`)) outcomes[o] = n(`outcome:${o}`);
  const f = { total: n('total'), overdue: n('overdue'), outcomes } as DistrictFunnel;
  for (const s of DISTRICT_STATUSES) f[s] = n(s);
  return { total: f.total, assigned: f.assigned, acknowledged: f.acknowledged, investigating: f.investigating, closed: f.closed, overdue: f.overdue, outcomes };
}

export function hqFunnel(counts: Counts | undefined): HqFunnel {
  return { reviewQueue: counts?.reviewQueue ?? 0, outOfState: counts?.outOfState ?? 0, promoted: counts?.promoted ?? 0, dropped: counts?.dropped ?? 0 };
}
