/**
 * Enrich: one chunk of valid reports in, one chunk of enriched reports out (same index, enriched/ prefix).
 * It also looks up what earlier batches hold of the chunk's report IDs and identifiers in the index table
 * and keeps those items beside the chunk (prior/ prefix), so the lookups of a big batch run in parallel,
 * chunk by chunk, instead of all at once in Classify. The lookups are part of the linking section: they run
 * under the batch's linking lease (docs/design.md §2 "Overlapping batches").
 */
import type { EnrichInput, EnrichResult } from '../model/workflow.js';
import type { CanonicalReport } from '../model/canonical-report.js';
import { readJsonLines, putText, putJsonLines } from '../aws/object-store.js';
import { lookUpIndex } from '../aws/case-index.js';
import { withLinkingLease } from '../aws/linking-lease.js';
import { enrichReport } from '../enrich/enrich-report.js';
import { identifierKeys } from '../classify/identifier-keys.js';
import { keys } from '../storage/keys.js';
import { resource } from '../config.js';

export function enrichChunk(input: EnrichInput): Promise<EnrichResult> {
  return withLinkingLease(input.batchId, (signal) => enrichUnderLease(input, signal));
}

async function enrichUnderLease(input: EnrichInput, signal: AbortSignal): Promise<EnrichResult> {
  const bucket = resource('WORK_BUCKET');
  const out: string[] = [];
  const reportIds = new Set<string>();
  const linkingKeys = new Set<string>();
  const chunkKey = keys.validChunk(input.batchId, input.chunk);
  for await (const report of readJsonLines<CanonicalReport>(bucket, chunkKey)) {
    const enriched = enrichReport(report);
    out.push(`${JSON.stringify(enriched)}\n`);
    reportIds.add(enriched.reportId);
    for (const k of identifierKeys(enriched)) linkingKeys.add(k);
  }
  if (out.length !== input.reports) throw new Error(`${chunkKey} holds ${out.length} reports, Validate wrote ${input.reports}`);
  const key = keys.enrichedChunk(chunkKey);
  const [, prior] = await Promise.all([
    putText(bucket, key, out.join(''), 'application/x-ndjson'),
    lookUpIndex(input.batchId, reportIds, linkingKeys, signal),
  ]);
  // Usually nothing is found (a first sighting); the file is written only when something is.
  if (prior.length > 0) await putJsonLines(bucket, keys.priorOfChunk(key), prior);
  return { prior: prior.length };
}
