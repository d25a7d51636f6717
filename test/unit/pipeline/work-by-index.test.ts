/**
 * The Maps over chunks and index parts hand each task an index and a count, not a key (the state carries the
 * lists, so they are kept to one number an item). Enrich and WriteIndex find their file from the index, and
 * fail, naming the file, when it does not hold what the step before wrote. S3 and DynamoDB are mocked
 * (aws-sdk-client-mock).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { enrichChunk } from '../../../shared/pipeline/enrich-chunk.js';
import { writeIndex } from '../../../shared/pipeline/write-index.js';
import { keys } from '../../../shared/storage/keys.js';
import { resetConfig } from '../../../shared/config.js';
import { resetClients } from '../../../shared/aws/clients.js';
import { readBatch } from '../../../shared/ingest/read-batch.js';
import type { CanonicalReport } from '../../../shared/model/canonical-report.js';

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/example-batch.jsonl');

async function exampleReports(): Promise<CanonicalReport[]> {
  const reports: CanonicalReport[] = [];
  for await (const record of readBatch(createReadStream(EXAMPLE), { fileName: 'example-batch.jsonl', maxBytes: 1 << 20 }).records) if (record.ok) reports.push(record.report);
  return reports;
}

const s3 = mockClient(S3Client);
const ddb = mockClient(DynamoDBDocumentClient);
const batchId = 'b-0123456789abcdef';
const lines = (items: unknown[]) => items.map((item) => `${JSON.stringify(item)}\n`).join('');

beforeAll(() => {
  Object.assign(process.env, { WORK_BUCKET: 'work', INDEX_TABLE: 'index', AWS_REGION: 'ap-south-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
  resetConfig();
  resetClients();
});

beforeEach(() => {
  s3.reset();
  ddb.reset();
  s3.on(PutObjectCommand).resolves({});
  ddb.on(BatchGetCommand).resolves({ Responses: { index: [] } });
  ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
});

describe('Enrich, given a chunk index and its report count', () => {
  let reports: CanonicalReport[] = [];
  beforeAll(async () => {
    reports = await exampleReports();
    expect(reports.length).toBeGreaterThan(1);
  });
  beforeEach(() => {
    s3.on(GetObjectCommand, { Bucket: 'work', Key: keys.validChunk(batchId, 3) }).callsFake(() => ({ Body: Readable.from([lines(reports)]) }));
  });

  it('reads that chunk and writes its enriched twin', async () => {
    await expect(enrichChunk({ batchId, chunk: 3, reports: reports.length })).resolves.toEqual({ prior: 0 });
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(puts).toEqual([keys.enrichedChunk(keys.validChunk(batchId, 3))]);
  });

  it('fails, naming the chunk, when it holds fewer reports than Validate wrote', async () => {
    await expect(enrichChunk({ batchId, chunk: 3, reports: reports.length + 1 })).rejects.toThrow(
      `${keys.validChunk(batchId, 3)} holds ${reports.length} reports, Validate wrote ${reports.length + 1}`,
    );
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});

describe('WriteIndex, given a part index and its item count', () => {
  const items = [
    { pk: 'REPORT#1', batchId, caseId: 'C-1' },
    { pk: 'ID#ab', batchId, caseId: 'C-1', district: 'Indore' },
  ];
  beforeEach(() => {
    s3.on(GetObjectCommand, { Bucket: 'work', Key: keys.indexPart(batchId, 2) }).callsFake(() => ({ Body: Readable.from([lines(items)]) }));
  });

  it('puts the items of that part', async () => {
    await expect(writeIndex({ batchId, part: 2, items: 2 })).resolves.toEqual({ written: 2 });
    const written = ddb.commandCalls(BatchWriteCommand).flatMap((c) => c.args[0].input.RequestItems!.index!.map((r) => r.PutRequest!.Item));
    expect(written).toEqual(items);
  });

  it('fails, naming the part, when it holds other than Classify wrote, and puts nothing', async () => {
    await expect(writeIndex({ batchId, part: 2, items: 3 })).rejects.toThrow(`${keys.indexPart(batchId, 2)} holds 2 index items, Classify wrote 3`);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });
});
