/**
 * The run summary `tipline run` prints: the execution's own output when Finalize produced it, otherwise
 * (a failed run, or a file already processed by an earlier execution) built from the batch record.
 */
import { GetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ExecutionRecord } from '../local/execution-record.js';
import type { RunSummary } from '../shared/model/workflow.js';
import { runSummarySchema } from '../shared/model/workflow.js';
import type { BatchRecord } from '../shared/aws/batch-records.js';
import type { LocalRuntime } from '../local/runtime.js';
import { batchIdFor } from '../shared/pipeline/batch-id.js';
import { buildRunView } from '../shared/runs/run-view.js';

const ZERO_COUNTS: RunSummary['counts'] = { received: 0, rejected: 0, valid: 0, duplicates: 0, cases: 0, actionable: 0, review: 0, notActionable: 0 };

export async function batchRecord(runtime: LocalRuntime, batchId: string): Promise<BatchRecord | undefined> {
  const doc = DynamoDBDocumentClient.from(runtime.ddb);
  const out = await doc.send(new GetCommand({ TableName: runtime.env.BATCHES_TABLE!, Key: { pk: `BATCH#${batchId}`, sk: 'META' } }));
  return out.Item as BatchRecord | undefined;
}

export function batchIdOfExecution(execution: ExecutionRecord): string {
  const input = JSON.parse(execution.input) as { detail: { bucket: { name: string }; object: { key: string; etag?: string; 'version-id'?: string } } };
  const { bucket, object } = input.detail;
  return batchIdFor(bucket.name, object.key, object['version-id'] ?? object.etag);
}

/** Where batch records are read: the runtime in this process, or a store over a running serve's services. */
export type BatchSource = LocalRuntime | { getBatch(batchId: string): Promise<BatchRecord | undefined> };

/**
 * What `tipline run` prints for a file: the run summary, and whether the file had already been processed
 * — by the same execution, found again because the upload was the same object (`submittedAt` is when this
 * upload began), or by another execution that held the batch first — and which run holds it.
 */
export type RunReport = RunSummary & { alreadyProcessed: boolean; processedBy?: string };

export async function reportExecution(source: BatchSource, execution: ExecutionRecord, submittedAt: number): Promise<RunReport> {
  const summary = await summarizeExecution(source, execution);
  const heldBy = Date.parse(execution.startDate) < submittedAt ? execution.name : buildRunView(execution).alreadyHandledBy;
  // Nothing was done again, so this run sent nothing.
  return heldBy ? { ...summary, emails: 0, alreadyProcessed: true, processedBy: heldBy } : { ...summary, alreadyProcessed: false };
}

export async function summarizeExecution(source: BatchSource, execution: ExecutionRecord): Promise<RunSummary> {
  if (execution.status === 'SUCCEEDED' && execution.output) {
    const direct = runSummarySchema.safeParse(JSON.parse(execution.output));
    if (direct.success) return direct.data;
  }
  const batchId = batchIdOfExecution(execution);
  const record = 'getBatch' in source ? await source.getBatch(batchId) : await batchRecord(source, batchId);
  const input = JSON.parse(execution.input) as { detail: { object: { key: string } } };
  const counts = { ...ZERO_COUNTS, ...(record?.counts ?? {}) } as RunSummary['counts'];
  return {
    batchId,
    execution: execution.name,
    status: execution.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED',
    ...(execution.status !== 'SUCCEEDED' && { error: record?.error ? `${record.error.name}: ${record.error.message}` : `${execution.error ?? 'Failed'}: ${execution.cause ?? ''}` }),
    file: { key: input.detail.object.key, sha256: record?.file?.sha256 ?? '', format: record?.file?.format ?? '' },
    counts: Object.fromEntries(Object.keys(ZERO_COUNTS).map((k) => [k, Number((counts as Record<string, number>)[k] ?? 0)])) as RunSummary['counts'],
    districts: record?.districts ?? {},
    // Emails sent by this execution: none when an earlier execution had already done the work.
    emails: 0,
    emailsUnsent: record?.emailsUnsent ?? 0,
  };
}
