/**
 * Case assignments in the cases table: one item per actionable case, keyed by case ID, indexed by district
 * (newest first, and by priority) and by batch. Items carry what the district list needs to be found and
 * sorted — never an identifier (those stay in the encrypted S3 lists).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from './dynamo-client.js';
import { batchGet, batchPut } from './batch-write.js';
import { resource } from '../config.js';
import type { Case } from '../model/case.js';

export interface AssignmentItem {
  caseId: string;
  batchId: string;
  assignedDistrict: string;
  district: string;
  priority: Case['priority'];
  disposition: Case['disposition'];
  reasons: string[];
  /** The case's first MAX_LISTED report IDs (all of them in the district's case file in S3). */
  reportIds: string[];
  reportCount: number;
  locationSource: Case['locationSource'];
  rulesVersion: string;
  /** The first MAX_LISTED linked cases (all of them in the case file). */
  linkedCaseIds: string[];
  linkedCaseCount: number;
  latestIncidentAt: string;
  newestKey: string;
  priorityKey: string;
}

/**
 * IDs an item lists at most. DynamoDB items stop at 400 KB: a case linked through a widely shared identifier
 * can hold hundreds of thousands of reports, and its item would be refused (and the district never assigned).
 */
export const MAX_LISTED = 1000;

export function toAssignment(c: Case): AssignmentItem {
  if (!c.district) throw new Error(`case ${c.caseId} has no district and cannot be assigned`);
  return {
    caseId: c.caseId,
    batchId: c.batchId,
    assignedDistrict: c.district,
    district: c.district,
    priority: c.priority,
    disposition: c.disposition,
    reasons: c.reasons,
    reportIds: c.reportIds.slice(0, MAX_LISTED),
    reportCount: c.reportIds.length,
    locationSource: c.locationSource,
    rulesVersion: c.rulesVersion,
    linkedCaseIds: c.linkedCaseIds.slice(0, MAX_LISTED),
    linkedCaseCount: c.linkedCaseIds.length,
    latestIncidentAt: c.latestIncidentAt,
    newestKey: `${c.latestIncidentAt}#${c.caseId}`,
    // P1 < P2 < P3 sorts ascending; within a priority, newest first via an inverted timestamp.
    priorityKey: `${c.priority}#${String(9e15 - Date.parse(c.latestIncidentAt)).padStart(16, '0')}#${c.caseId}`,
  };
}

/** Writes the items that are not there yet; returns how many were new and how many already present. */
export async function writeAssignments(cases: readonly Case[]): Promise<{ written: number; alreadyPresent: number }> {
  const table = resource('CASES_TABLE');
  const present = new Set((await batchGet(table, cases.map((c) => ({ caseId: c.caseId })))).map((i) => String(i.caseId)));
  const fresh = cases.filter((c) => !present.has(c.caseId)).map(toAssignment);
  await batchPut(table, fresh as unknown as Record<string, unknown>[]);
  return { written: fresh.length, alreadyPresent: present.size };
}

export async function assignmentsOfBatch(batchId: string): Promise<AssignmentItem[]> {
  return queryAll({ IndexName: 'byBatch', KeyConditionExpression: 'batchId = :b', ExpressionAttributeValues: { ':b': batchId } });
}

export async function assignmentsOfDistrict(district: string, order: 'newest' | 'priority' = 'newest'): Promise<AssignmentItem[]> {
  return queryAll({
    IndexName: order === 'newest' ? 'byDistrictNewest' : 'byDistrictPriority',
    KeyConditionExpression: 'assignedDistrict = :d',
    ExpressionAttributeValues: { ':d': district },
    ScanIndexForward: order !== 'newest',
  });
}

async function queryAll(input: { IndexName: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown>; ScanIndexForward?: boolean }): Promise<AssignmentItem[]> {
  const items: AssignmentItem[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await dynamoClient().send(new QueryCommand({ TableName: resource('CASES_TABLE'), ...input, ExclusiveStartKey }));
    items.push(...((out.Items ?? []) as AssignmentItem[]));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
