/**
 * Validate: stream the original, parse and validate every record, write valid canonical reports as JSONL
 * chunks and rejected records (position + every error) to the rejected file. Returns keys and counts only.
 * Conservation: received = valid + rejected, checked before returning.
 */
import type { BatchRef, ValidationResult } from '../model/workflow.js';
import { getObjectStream, linesUpload, putText } from '../aws/object-store.js';
import { updateBatch } from '../aws/batch-records.js';
import { readBatch } from '../ingest/read-batch.js';
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

  for await (const record of records) {
    received++;
    if (record.ok) {
      valid++;
      chunk.push(`${JSON.stringify(record.report)}\n`);
      if (chunk.length >= CHUNK_SIZE) await flush();
    } else {
      rejected++;
      rejectedFile ??= linesUpload(workBucket, keys.rejected(batch.batchId));
      await rejectedFile.write(JSON.stringify({ position: record.position, reportId: record.reportId, errors: record.errors }));
    }
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
