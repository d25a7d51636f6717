/**
 * An assignment item stays inside DynamoDB's 400 KB item limit whatever the case's size: a case linked
 * through a widely shared identifier can hold hundreds of thousands of reports (the full list stays in the
 * district's case file in S3).
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { MAX_LISTED, toAssignment } from '../../../shared/aws/assignments.js';
import type { Case } from '../../../shared/model/case.js';

const ITEM_LIMIT = 400 * 1024;

function caseOf(reports: number, linked: number): Case {
  return {
    caseId: 'C-0123456789abcdef',
    batchId: 'b-0123456789abcdef',
    reportIds: Array.from({ length: reports }, (_, i) => String(900_000_000 + i)),
    district: 'Indore',
    priority: 'P2',
    disposition: 'actionable',
    reasons: ['LINKED_TO_EXISTING_CASE'],
    locationSource: 'address',
    rulesVersion: 'test',
    linkedCaseIds: Array.from({ length: linked }, (_, i) => `C-${String(i).padStart(16, '0')}`),
    latestIncidentAt: '2026-10-01T10:00:00.000Z',
  } as Case;
}

const itemBytes = (item: object): number => Buffer.byteLength(JSON.stringify(marshall(item, { removeUndefinedValues: true })));

test('a small case lists every report and linked case', () => {
  const item = toAssignment(caseOf(3, 1));
  expect(item.reportIds).toEqual(['900000000', '900000001', '900000002']);
  expect(item.reportCount).toBe(3);
  expect(item.linkedCaseIds).toHaveLength(1);
  expect(item.linkedCaseCount).toBe(1);
});

test('a case of 258,000 reports and 50,000 linked cases still fits one item, and says how many it holds', () => {
  const item = toAssignment(caseOf(258_000, 50_000));
  expect(item.reportIds).toHaveLength(MAX_LISTED);
  expect(item.reportIds[0]).toBe('900000000');
  expect(item.reportCount).toBe(258_000);
  expect(item.linkedCaseIds).toHaveLength(MAX_LISTED);
  expect(item.linkedCaseCount).toBe(50_000);
  expect(itemBytes(item)).toBeLessThan(ITEM_LIMIT / 4);
});
