import fc from 'fast-check';
import { ReportIdRegistry, conflictError } from '../../../shared/ingest/report-id-conflicts.js';

describe('ReportIdRegistry', () => {
  it('finds IDs given to records that differ, with every position, and lets identical repeats be', () => {
    const ids = new ReportIdRegistry();
    ids.add('500', '{"a":1}', { line: 1 }, 0);
    ids.add('501', '{"b":1}', { line: 2 }, 1);
    ids.add('500', '{"a":2}', { line: 3 }, 2);
    ids.add('502', '{"c":1}', { element: 4 }, 3);
    ids.add('502', '{"c":1}', { element: 5 }, 4);
    ids.add('500', '{"a":1}', { line: 6 }, 5);
    expect(ids.conflicts()).toEqual([{ reportId: '500', ordinals: [0, 2, 5], positions: [{ line: 1 }, { line: 3 }, { line: 6 }] }]);
  });

  it('names the ID, the rule and the positions, and no value', () => {
    const error = conflictError({ reportId: '9007199254740993', ordinals: [0, 1], positions: [{ line: 2 }, { line: 7, row: 6 }] });
    expect(error).toEqual({
      path: 'reportId',
      code: 'CONFLICTING_REPORT_ID',
      message: 'CONFLICTING_REPORT_ID: report ID 9007199254740993 is given to 2 records that differ (line 2, line 7 (row 6)); none of them is used',
    });
  });

  it('grows past its first arrays and finds conflicts in any order of the records', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 3000 }), (records) => {
        const ids = new ReportIdRegistry();
        records.forEach(([id, body], i) => ids.add(String(id), `{"v":${body}}`, { line: i + 1 }, i));
        const bodies = new Map<number, Set<number>>();
        for (const [id, body] of records) bodies.set(id, (bodies.get(id) ?? new Set()).add(body));
        const expected = [...bodies].filter(([, b]) => b.size > 1).map(([id]) => String(id)).sort();
        const found = ids.conflicts();
        expect(found.map((c) => c.reportId).sort()).toEqual(expected);
        for (const c of found) expect(c.ordinals).toEqual(records.flatMap(([id], i) => (String(id) === c.reportId ? [i] : [])));
      }),
      { numRuns: 50 },
    );
  });
});
