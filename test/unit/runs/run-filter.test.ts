import { checkFilter, linkLaterSuccesses, matchesFilter } from '../../../shared/runs/run-store.js';
import { ZERO_COUNTS, type RunRow } from '../../../shared/runs/run-view.js';

const row = (execution: string, status: string, startDate: string, file = 'incoming/a.json'): RunRow => ({ execution, status, startDate, file, counts: ZERO_COUNTS, emails: 0 });
// Newest first, as listings are.
const rows = [
  row('e4', 'SUCCEEDED', '2026-12-03T10:00:00.000Z', 'incoming/b.csv'),
  row('e3', 'SUCCEEDED', '2026-12-03T09:00:00.000Z'),
  row('e2', 'FAILED', '2026-12-02T09:00:00.000Z'),
  row('e1', 'FAILED', '2026-12-01T09:00:00.000Z', 'incoming/b.csv'),
  row('e0', 'FAILED', '2026-11-30T09:00:00.000Z', 'incoming/c.xml'),
];

test('a failed run names the later run that succeeded for the same file, and only that', () => {
  const linked = linkLaterSuccesses(rows);
  expect(linked.map((r) => [r.execution, r.succeededLater])).toEqual([['e4', undefined], ['e3', undefined], ['e2', 'e3'], ['e1', 'e4'], ['e0', undefined]]);
});

test('filters by status, date (until includes its day) and part of the file name', () => {
  const pick = (f: Parameters<typeof matchesFilter>[1]) => rows.filter((r) => matchesFilter(r, f)).map((r) => r.execution);
  expect(pick({ status: 'failed' })).toEqual(['e2', 'e1', 'e0']);
  expect(pick({ since: '2026-12-02' })).toEqual(['e4', 'e3', 'e2']);
  expect(pick({ until: '2026-12-02' })).toEqual(['e2', 'e1', 'e0']);
  expect(pick({ file: 'B.CSV', status: 'SUCCEEDED' })).toEqual(['e4']);
  expect(() => checkFilter({ since: 'last tuesday' })).toThrow('--since must be a date');
});
