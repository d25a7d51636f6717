/**
 * The case lists of the HQ summary — the review queue, out-of-state cases grouped by where they point, the other
 * not-actionable cases — gathered one case at a time. Each list keeps its total and only the cases the email
 * shows (the first `max` in reading order), so Finalize can stream a million cases through it.
 */
import type { Case } from '../model/case.js';
import { byPriorityThenNewest } from './case-order.js';
import { oneLine } from './escape.js';

/** A list as the email shows it: how many cases it has, and the first of them in reading order. */
export interface CaseList {
  total: number;
  leading: Case[];
}

export interface HqCaseLists {
  review: CaseList;
  /** Out-of-state cases by place, largest group first. */
  outOfState: { place: string; list: CaseList }[];
  otherNotActionable: CaseList;
}

export const UNKNOWN_PLACE = 'place not known';

export const isOutOfState = (kase: Case): boolean => kase.reasons.includes('OUT_OF_JURISDICTION') || kase.elsewhere !== undefined;

const placeOf = (kase: Case): string => (kase.elsewhere?.trim() ? oneLine(kase.elsewhere, 60) : UNKNOWN_PLACE);

/** The first `max` cases in reading order, kept sorted as cases arrive (binary insertion, the last one dropped). */
class LeadingCases {
  readonly list: CaseList = { total: 0, leading: [] };

  constructor(private readonly max: number) {}

  add(kase: Case): void {
    this.list.total++;
    const leading = this.list.leading;
    if (this.max <= 0) return;
    if (leading.length === this.max && byPriorityThenNewest(kase, leading[leading.length - 1]!) >= 0) return;
    let lo = 0;
    let hi = leading.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byPriorityThenNewest(leading[mid]!, kase) <= 0) lo = mid + 1;
      else hi = mid;
    }
    leading.splice(lo, 0, kase);
    if (leading.length > this.max) leading.pop();
  }
}

export class HqCaseListsCollector {
  private readonly review: LeadingCases;
  private readonly otherNotActionable: LeadingCases;
  private readonly outOfState = new Map<string, LeadingCases>();

  constructor(private readonly max: number) {
    this.review = new LeadingCases(max);
    this.otherNotActionable = new LeadingCases(max);
  }

  /** Takes any case; only review and not-actionable ones are listed. */
  add(kase: Case): void {
    if (kase.disposition === 'review') this.review.add(kase);
    else if (kase.disposition !== 'not-actionable') return;
    else if (!isOutOfState(kase)) this.otherNotActionable.add(kase);
    else {
      const place = placeOf(kase);
      let group = this.outOfState.get(place);
      if (!group) this.outOfState.set(place, (group = new LeadingCases(this.max)));
      group.add(kase);
    }
  }

  lists(): HqCaseLists {
    const outOfState = [...this.outOfState.entries()]
      .map(([place, group]) => ({ place, list: group.list }))
      .sort((a, b) => b.list.total - a.list.total || a.place.localeCompare(b.place));
    return { review: this.review.list, outOfState, otherNotActionable: this.otherNotActionable.list };
  }
}

/** The lists of cases already in memory (tests, small batches). */
export function hqCaseLists(cases: Iterable<Case>, max: number): HqCaseLists {
  const collector = new HqCaseListsCollector(max);
  for (const kase of cases) collector.add(kase);
  return collector.lists();
}
