import type { Case } from '../../../shared/model/case.js';
import { hqCaseLists, isOutOfState, UNKNOWN_PLACE } from '../../../shared/notify/hq-case-lists.js';
import { sortCases } from '../../../shared/notify/case-order.js';
import { hqCases } from './hq-input.js';
import { Rng } from '../../../shared/generate/prng.js';

function randomCases(seed: number, n: number): Case[] {
  const rng = new Rng(seed);
  const pick = <T,>(xs: readonly T[]): T => rng.pick(xs);
  const template = hqCases()[0]!;
  return Array.from({ length: n }, (_, i) => {
    const disposition = pick(['actionable', 'review', 'not-actionable', 'duplicate'] as const);
    const outOfState = disposition === 'not-actionable' && rng.chance(0.6);
    return {
      ...template,
      caseId: `c-${seed}-${i}`,
      disposition,
      priority: pick(['P1', 'P2', 'P3'] as const),
      // Few distinct times, so ties fall through to the case ID.
      latestIncidentAt: pick(['2026-09-01T10:00:00Z', '2026-09-02T10:00:00Z', 'not a date']),
      reasons: outOfState ? ['OUT_OF_JURISDICTION'] : disposition === 'not-actionable' ? ['NO_LOCATION'] : [],
      ...(outOfState ? { elsewhere: pick(['Maharashtra', 'Goa', ' ', 'Uttar Pradesh']) } : {}),
    } satisfies Case;
  });
}

describe('HQ case lists, gathered one case at a time', () => {
  it.each([1, 2, 3, 4, 5])('keep the same totals and leading cases as sorting everything (seed %i)', (seed) => {
    const cases = randomCases(seed, 400);
    const max = 1 + (seed % 4) * 7;
    const lists = hqCaseLists(cases, max);

    const expected = (selected: Case[]) => ({ total: selected.length, leading: sortCases(selected).slice(0, max) });
    expect(lists.review).toEqual(expected(cases.filter((c) => c.disposition === 'review')));
    const notActionable = cases.filter((c) => c.disposition === 'not-actionable');
    expect(lists.otherNotActionable).toEqual(expected(notActionable.filter((c) => !isOutOfState(c))));

    const byPlace = new Map<string, Case[]>();
    for (const c of notActionable.filter(isOutOfState)) {
      const place = c.elsewhere?.trim() || UNKNOWN_PLACE;
      byPlace.set(place, [...(byPlace.get(place) ?? []), c]);
    }
    expect(lists.outOfState).toEqual(
      [...byPlace.entries()]
        .sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))
        .map(([place, group]) => ({ place, list: expected(group) })),
    );
  });

  it('count every case even when none is shown', () => {
    const lists = hqCaseLists(randomCases(9, 50), 0);
    expect(lists.review.leading).toEqual([]);
    expect(lists.review.total).toBeGreaterThan(0);
  });
});
