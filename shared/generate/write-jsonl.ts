/** The JSONL batch (DESIGN §4): a header line `{batchRef, generatedAt}`, then one report per line. */
import type { BatchMeta } from './batch-meta.js';
import type { StreamSink } from './stream-sink.js';

export async function writeJsonl(reports: Iterable<Record<string, unknown>>, sink: StreamSink, meta: BatchMeta): Promise<void> {
  await sink.write(`${JSON.stringify({ batchRef: meta.batchRef, generatedAt: meta.generatedAt })}\n`);
  for (const report of reports) await sink.write(`${JSON.stringify(report)}\n`);
}
