/**
 * The JSON batch (docs/design.md §4): `{ batchRef, generatedAt, reports: [...] }`, laid out exactly as
 * `JSON.stringify(batch, null, 1)` would (the fixtures' layout), but written report by report.
 */
import type { BatchMeta } from './batch-meta.js';
import type { StreamSink } from './stream-sink.js';

export async function writeJson(reports: Iterable<Record<string, unknown>>, sink: StreamSink, meta: BatchMeta): Promise<void> {
  await sink.write(`{\n "batchRef": ${JSON.stringify(meta.batchRef)},\n "generatedAt": ${JSON.stringify(meta.generatedAt)},\n "reports": [`);
  let first = true;
  for (const report of reports) {
    const body = JSON.stringify(report, null, 1).replace(/\n/g, '\n  ');
    await sink.write(`${first ? '\n' : ',\n'}  ${body}`);
    first = false;
  }
  await sink.write(first ? ']\n}\n' : '\n ]\n}\n');
}
