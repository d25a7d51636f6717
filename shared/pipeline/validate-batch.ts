/**
 * Validate: stream the original, parse and validate every record, write valid canonical reports as JSONL
 * chunks and rejected records (position + every error) to the rejected file. Returns keys and counts only.
 * Conservation: received = valid + rejected, checked before returning.
 *
 * One report ID, one report: records under one ID that differ are all rejected (CONFLICTING_REPORT_ID). They
 * are only known at the end of the file, when some may already sit in written chunks: those chunks are read
 * back and written again without them (ingest/report-id-conflicts.ts).
 */
import type { BatchRef, ValidationResult } from '../model/workflow.js';
import { getObjectStream, putText, readLines } from '../aws/object-store.js';
import { linesUpload } from '../aws/lines-upload.js';
import { updateBatch } from '../aws/batch-records.js';
import { readBatch } from '../ingest/read-batch.js';
import { ReportIdRegistry, conflictError, type ReportIdConflict } from '../ingest/report-id-conflicts.js';
import { keys } from '../storage/keys.js';
import { config, resource } from '../config.js';
import { UnreadableFileError } from '../errors.js';
import { logger } from '../logger.js';

export async function validateBatch(batch: BatchRef): Promise<ValidationResult> {
  const workBucket = resource('WORK_BUCKET');
  const { CHUNK_SIZE, MAX_FILE_BYTES } = config();
  if (batch.size > MAX_FILE_BYTES) {
    throw new UnreadableFileError(batch.key, `file is ${batch.size} bytes, over the ${MAX_FILE_BYTES}-byte limit`);
  }
  const source = await getObjectStream(batch.bucket, batch.key, batch.versionId);
  const { records, info } = readBatch(source, { fileName: batch.key, maxBytes: MAX_FILE_BYTES });

  const chunks: number[] = [];
  let chunk: string[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    await putText(workBucket, keys.validChunk(batch.batchId, chunks.length), chunk.join(''), 'application/x-ndjson');
    chunks.push(chunk.length);
    chunk = [];
  };
  let rejectedFile: ReturnType<typeof linesUpload> | undefined;
  let received = 0;
  let valid = 0;
  let rejected = 0;
  const ids = new ReportIdRegistry();

  for await (const record of records) {
    received++;
    if (record.ok) {
      const text = JSON.stringify(record.report);
      ids.add(record.report.reportId, text, record.position, valid);
      valid++;
      chunk.push(`${text}\n`);
      if (chunk.length >= CHUNK_SIZE) await flush();
    } else {
      rejected++;
      rejectedFile ??= linesUpload(workBucket, keys.rejected(batch.batchId));
      await rejectedFile.write(JSON.stringify({ position: record.position, reportId: record.reportId, errors: record.errors }));
    }
  }
  const conflicts = ids.conflicts();
  if (conflicts.length > 0) {
    rejectedFile ??= linesUpload(workBucket, keys.rejected(batch.batchId));
    const taken = await takeOutConflicts(workBucket, batch.batchId, conflicts, chunks, chunk, CHUNK_SIZE);
    for (const c of conflicts) {
      const error = conflictError(c);
      for (const position of c.positions) {
        await rejectedFile.write(JSON.stringify({ position, reportId: c.reportId, errors: [error] }));
      }
    }
    valid -= taken;
    rejected += taken;
  }
  await flush();
  if (rejectedFile) await rejectedFile.close();
  const file = await info;

  if (received !== valid + rejected) throw new Error(`conservation broken: received ${received} != ${valid} + ${rejected}`);
  const result: ValidationResult = {
    file: { sha256: file.sha256, size: file.bytes, format: file.format, gzip: file.gzip },
    counts: { received, valid, rejected },
    chunks,
    rejectedKey: rejectedFile ? keys.rejected(batch.batchId) : null,
  };
  await updateBatch(batch.batchId, { file: result.file, counts: result.counts, rejectedKey: result.rejectedKey }, 'validatedAt');
  logger.info('batch validated', { batchId: batch.batchId, ...result.counts, chunks: chunks.length, format: file.format });
  return result;
}

/**
 * Takes the records of conflicting report IDs out of the chunks: the written ones are read back and written
 * again without them (their counts in `chunks` updated), the open one (`open`, not yet written) is filtered in
 * place. Chunk n holds the valid reports of ordinals n × size … n × size + size − 1. Returns how many were taken.
 */
async function takeOutConflicts(
  bucket: string,
  batchId: string,
  conflicts: readonly ReportIdConflict[],
  chunks: number[],
  open: string[],
  size: number,
): Promise<number> {
  const byChunk = new Map<number, Set<number>>();
  for (const c of conflicts) {
    for (const ordinal of c.ordinals) {
      const n = Math.floor(ordinal / size);
      let set = byChunk.get(n);
      if (!set) byChunk.set(n, (set = new Set()));
      set.add(ordinal - n * size);
    }
  }
  let taken = 0;
  for (const [n, lines] of byChunk) {
    taken += lines.size;
    if (n === chunks.length) {
      const kept = open.filter((_, i) => !lines.has(i));
      open.length = 0;
      open.push(...kept);
      continue;
    }
    const key = keys.validChunk(batchId, n);
    const kept: string[] = [];
    let i = 0;
    for await (const line of readLines(bucket, key)) if (!lines.has(i++)) kept.push(`${line}\n`);
    await putText(bucket, key, kept.join(''), 'application/x-ndjson');
    chunks[n] = kept.length;
  }
  return taken;
}
