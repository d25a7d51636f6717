/** The JSONL batch (docs/design.md §4): a header line `{batchRef, generatedAt}`, then one report per line. */
import type { BatchMeta } from './batch-meta.js';
import type { StreamSink } from './stream-sink.js';

// Module-scope alias: see prng.ts on why hot paths avoid global lookups.
const { stringify } = JSON;

export async function writeJsonl(reports: Iterable<Record<string, unknown>>, sink: StreamSink, meta: BatchMeta): Promise<void> {
  await sink.write(`${JSON.stringify({ batchRef: meta.batchRef, generatedAt: meta.generatedAt })}\n`);
  for (const report of reports) await sink.write(`${stringify(report)}\n`);
}
