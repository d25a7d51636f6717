/**
 * Writes reports as a batch file in one of the four formats of docs/design.md §4, streaming: reports are
 * pulled from the iterable one at a time and the output stream's backpressure is honoured, so a
 * generator of a million reports can go straight to a file. The stream is not ended here; the caller
 * owns it.
 */
import type { FileFormat } from '../model/workflow.js';
import type { BatchMeta } from './batch-meta.js';
import { StreamSink } from './stream-sink.js';
import { writeCsv } from './write-csv.js';
import { writeJson } from './write-json.js';
import { writeJsonl } from './write-jsonl.js';
import { writeXml } from './write-xml.js';

type Writer = (reports: Iterable<Record<string, unknown>>, sink: StreamSink, meta: BatchMeta) => Promise<void>;

const WRITERS: Record<FileFormat, Writer> = { json: writeJson, jsonl: writeJsonl, xml: writeXml, csv: writeCsv };

export async function writeBatch(
  format: FileFormat,
  reports: Iterable<Record<string, unknown>>,
  out: NodeJS.WritableStream,
  meta: BatchMeta,
): Promise<void> {
  const writer = WRITERS[format];
  if (!writer) throw new Error(`unknown batch format "${String(format)}"`);
  const sink = new StreamSink(out);
  await writer(reports, sink, meta);
  await sink.flush();
}
