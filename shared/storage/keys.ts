/**
 * Where things live. Originals arrive under incoming/ in the ingest bucket and are never modified;
 * everything the workflow writes sits under batches/<batchId>/ in the work bucket, whose lifecycle
 * rules expire it (the ingest bucket's Object Lock would otherwise pin working files too).
 */
export const INCOMING_PREFIX = 'incoming/';
export const BATCHES_PREFIX = 'batches/';

const pad = (n: number): string => String(n).padStart(5, '0');
const safe = (name: string): string => name.replace(/[^A-Za-z0-9-]+/g, '-');

export const keys = {
  validChunk: (batchId: string, index: number) => `${BATCHES_PREFIX}${batchId}/valid/chunk-${pad(index)}.jsonl`,
  rejected: (batchId: string) => `${BATCHES_PREFIX}${batchId}/rejected.jsonl`,
  enrichedChunk: (validChunkKey: string) => validChunkKey.replace('/valid/', '/enriched/'),
  /** What earlier batches hold of an enriched chunk's report IDs and identifiers (index items). */
  priorOfChunk: (enrichedChunkKey: string) => enrichedChunkKey.replace('/enriched/', '/prior/'),
  /** Index items this batch is the first to hold, in parts that WriteIndex puts one by one. */
  indexPart: (batchId: string, index: number) => `${BATCHES_PREFIX}${batchId}/index/part-${pad(index)}.jsonl`,
  allCases: (batchId: string) => `${BATCHES_PREFIX}${batchId}/cases/all.jsonl`,
  districtCases: (batchId: string, district: string) => `${BATCHES_PREFIX}${batchId}/cases/district-${safe(district)}.jsonl`,
  districtList: (batchId: string, district: string) => `${BATCHES_PREFIX}${batchId}/districts/${safe(district)}/cases.csv`,
  ispSheet: (batchId: string, district: string, isp: string) =>
    `${BATCHES_PREFIX}${batchId}/districts/${safe(district)}/isp-${safe(isp).toLowerCase()}.csv`,
  /** What the portal offers a district for a batch: the list and the ISP sheets (written by Notify). */
  districtFiles: (batchId: string, district: string) => `${BATCHES_PREFIX}${batchId}/districts/${safe(district)}/files.json`,
  /** A file of that manifest, by its name. */
  districtFile: (batchId: string, district: string, name: string) => `${BATCHES_PREFIX}${batchId}/districts/${safe(district)}/${name}`,
  summary: (batchId: string) => `${BATCHES_PREFIX}${batchId}/summary.json`,
  /** A message SES refused (recipient + rendered email), kept for `tipline resend`. */
  unsentMessage: (batchId: string, slot: string) => `${BATCHES_PREFIX}${batchId}/unsent/${safe(slot)}.json`,
};
