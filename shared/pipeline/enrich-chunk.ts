/**
 * Enrich: one chunk of valid reports in, one chunk of enriched reports out (same index, enriched/ prefix).
 */
import type { EnrichInput, EnrichResult } from '../model/workflow.js';
import type { CanonicalReport } from '../model/canonical-report.js';
import { readJsonLines, putText } from '../aws/object-store.js';
import { enrichReport } from '../enrich/enrich-report.js';
import { keys } from '../storage/keys.js';
import { resource } from '../config.js';

export async function enrichChunk(input: EnrichInput): Promise<EnrichResult> {
  const bucket = resource('WORK_BUCKET');
  const out: string[] = [];
  for await (const report of readJsonLines<CanonicalReport>(bucket, input.chunkKey)) {
    out.push(`${JSON.stringify(enrichReport(report))}\n`);
  }
  const key = keys.enrichedChunk(input.chunkKey);
  await putText(bucket, key, out.join(''), 'application/x-ndjson');
  return { key, count: out.length };
}
