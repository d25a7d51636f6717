/**
 * What travels between the states of the workflow: S3 keys, counts and names only, never reports
 * (docs/design.md §2: the 256 KB payload limit, and cost per transition). Each Task handler parses its input
 * with one of these schemas and returns one of these shapes; the state machine places the result with
 * ResultPath, so the state grows by one small object per step.
 */
import * as z from 'zod';

/** The EventBridge "Object Created" event S3 sends (and the local runtime builds from s3rver's event). */
export const objectCreatedEventSchema = z.object({
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  time: z.string().optional(),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      etag: z.string().optional(),
      'version-id': z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});
export type ObjectCreatedEvent = z.infer<typeof objectCreatedEventSchema>;

export const batchRefSchema = z.object({
  batchId: z.string().regex(/^b-[0-9a-f]{16}$/),
  bucket: z.string().min(1),
  key: z.string().min(1),
  versionId: z.string().optional(),
  size: z.number().int().nonnegative(),
  registeredAt: z.string(),
  /** Set when an earlier execution already owns this batch: the workflow ends without doing it twice. */
  alreadyHandledBy: z.string().optional(),
});
export type BatchRef = z.infer<typeof batchRefSchema>;

export const FILE_FORMATS = ['json', 'jsonl', 'xml', 'csv'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const validationResultSchema = z.object({
  file: z.object({
    sha256: z.string(),
    size: z.number().int().nonnegative(),
    format: z.enum(FILE_FORMATS),
    gzip: z.boolean(),
  }),
  counts: z.object({ received: z.number().int(), valid: z.number().int(), rejected: z.number().int() }),
  /**
   * Valid reports in each chunk, in chunk order: chunk i is keys.validChunk(batchId, i). Counts, not keys,
   * because the state carries this list through the enrichment: it grows by about 5 bytes a chunk, not 60.
   */
  chunks: z.array(z.number().int().positive()),
  rejectedKey: z.string().nullable(),
});
export type ValidationResult = z.infer<typeof validationResultSchema>;

export const enrichInputSchema = z.object({
  batchId: batchRefSchema.shape.batchId,
  /** The chunk's index, and the reports Validate put in it (checked when it is read). */
  chunk: z.number().int().nonnegative(),
  reports: z.number().int().positive(),
});
export type EnrichInput = z.infer<typeof enrichInputSchema>;

/** Only what Classify needs: the state holds one of these a chunk (the enriched chunk's key follows from its index). */
export const enrichResultSchema = z.object({
  /** Index items earlier batches hold for this chunk's reports (keys.priorOfChunk), 0 when none. */
  prior: z.number().int().nonnegative(),
});
export type EnrichResult = z.infer<typeof enrichResultSchema>;

export const classifyInputSchema = z.object({
  batch: batchRefSchema,
  /** One result a chunk, in chunk order (the Map keeps it). */
  enriched: z.array(enrichResultSchema),
});
export type ClassifyInput = z.infer<typeof classifyInputSchema>;

export const priorityCountsSchema = z.object({ P1: z.number().int(), P2: z.number().int(), P3: z.number().int() });

export const districtWorkSchema = z.object({
  district: z.string(),
  casesKey: z.string(),
  cases: z.number().int(),
  ...priorityCountsSchema.shape,
});
export type DistrictWork = z.infer<typeof districtWorkSchema>;

const count = z.number().int().nonnegative();

/** What Classify counts, and the run summary reports: valid reports, duplicates, cases by disposition. */
const caseCounts = {
  valid: count,
  duplicates: count,
  cases: count,
  actionable: count,
  review: count,
  notActionable: count,
};

export const classificationResultSchema = z.object({
  rulesVersion: z.string(),
  counts: z.object({ ...caseCounts, duplicateCases: count }),
  /** Districts with at least one actionable case: the Map over districts fans out over these. */
  districts: z.array(districtWorkSchema),
  /** Every case of the batch (all dispositions), for the HQ summary and `tipline cases`. */
  allCasesKey: z.string(),
  /**
   * The index items this batch is the first to hold, in parts: items in each part, in part order (part i is
   * keys.indexPart(batchId, i)). The Map over parts writes them.
   */
  indexParts: z.array(z.number().int().positive()),
});
export type ClassificationResult = z.infer<typeof classificationResultSchema>;

/** AcquireLinkingLease and ReleaseLinkingLease: the lease's holder is the batch. */
export const linkingLeaseInputSchema = z.object({ batchId: batchRefSchema.shape.batchId });
export type LinkingLeaseInput = z.infer<typeof linkingLeaseInputSchema>;

export const writeIndexInputSchema = z.object({
  batchId: batchRefSchema.shape.batchId,
  part: z.number().int().nonnegative(),
  /** The items Classify wrote into the part (checked when it is read). */
  items: z.number().int().positive(),
});
export type WriteIndexInput = z.infer<typeof writeIndexInputSchema>;

export const writeIndexResultSchema = z.object({ written: z.number().int().nonnegative() });
export type WriteIndexResult = z.infer<typeof writeIndexResultSchema>;

export const districtTaskInputSchema = z.object({ batch: batchRefSchema, work: districtWorkSchema });
export type DistrictTaskInput = z.infer<typeof districtTaskInputSchema>;

export const assignResultSchema = z.object({ district: z.string(), written: z.number().int(), alreadyPresent: z.number().int() });
export type AssignResult = z.infer<typeof assignResultSchema>;

export const notifyResultSchema = z.object({
  district: z.string(),
  recipient: z.string(),
  fellBackToHq: z.boolean(),
  /** True when this attempt sent the digest (first time, or again as a possible repeat). */
  sent: z.boolean(),
  /**
   * What became of the digest: sent; resent (an earlier attempt crashed while sending it, so it went again
   * marked as a possible repeat); already-sent (by an earlier attempt); unsent (SES refused it: see reason).
   */
  delivery: z.enum(['sent', 'resent', 'already-sent', 'unsent']).optional(),
  unsentReason: z.string().optional(),
  listKey: z.string(),
});
export type NotifyResult = z.infer<typeof notifyResultSchema>;

export const finalizeInputSchema = z.object({
  batch: batchRefSchema,
  // What KeepSummaries keeps (infra/constructs/pipeline.ts): no list of chunks or index parts.
  validation: validationResultSchema.omit({ chunks: true }),
  classification: classificationResultSchema.omit({ indexParts: true }),
  fanout: z.array(z.object({ assignment: assignResultSchema, notification: notifyResultSchema })),
  startedAt: z.string().optional(),
});
export type FinalizeInput = z.infer<typeof finalizeInputSchema>;

/** The run summary: the execution's output, and what `tipline run --json` prints (docs/design.md §7). */
export const runSummarySchema = z.object({
  batchId: z.string(),
  execution: z.string(),
  status: z.enum(['SUCCEEDED', 'FAILED']),
  error: z.string().optional(),
  file: z.object({ key: z.string(), sha256: z.string(), format: z.string() }),
  counts: z.object({ received: count, rejected: count, ...caseCounts }),
  districts: z.record(z.string(), z.object({ cases: z.number().int(), ...priorityCountsSchema.shape })),
  emails: z.number().int(),
  /** Messages SES refused in this run (district digests and the HQ summary): `tipline resend` sends them. */
  emailsUnsent: count.default(0),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const markFailedInputSchema = z.object({
  detail: objectCreatedEventSchema.shape.detail.optional(),
  batch: batchRefSchema.optional(),
  error: z.object({ Error: z.string(), Cause: z.string().optional() }),
});
export type MarkFailedInput = z.infer<typeof markFailedInputSchema>;
