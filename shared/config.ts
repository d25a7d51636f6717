/**
 * Configuration, parsed once from the environment with zod; a missing or malformed value fails at cold
 * start with a message naming the variable. The CDK stack sets these on every function; the local runtime
 * sets the same names (taken from the synthesized template) before it calls a handler.
 */
import * as z from 'zod';
import { ConfigError } from './errors.js';

const positiveInt = z.coerce.number().int().positive();

const configSchema = z.object({
  // Resource names: each function is given (and granted) only the ones it uses; see resource().
  /** Originals land here (versioned, Object Lock); the workflow only reads it. */
  INGEST_BUCKET: z.string().min(1).optional(),
  /** Everything the workflow writes: chunks, case files, district lists, summaries. */
  WORK_BUCKET: z.string().min(1).optional(),
  BATCHES_TABLE: z.string().min(1).optional(),
  CASES_TABLE: z.string().min(1).optional(),
  INDEX_TABLE: z.string().min(1).optional(),
  /** Case lifecycle: case records with their history, funnel counters, reminder ledger (docs/design.md §2 "Overlapping batches"). */
  LIFECYCLE_TABLE: z.string().min(1).optional(),
  /** Append-only audit trail of API access (shared/aws/audit-log.ts). */
  AUDIT_TABLE: z.string().min(1).optional(),
  /**
   * Where the district portal is (no trailing slash): emails link to it. On AWS the CloudFront domain; locally
   * `tipline serve`'s portal, on a fixed port so links in mail work whenever it runs.
   */
  PORTAL_URL: z.url().default('http://127.0.0.1:8643'),
  SES_SENDER: z.email().optional(),
  HQ_EMAIL: z.email().optional(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** The stored recipient directory (shared/aws/recipient-store.ts); never the directory itself (4 KB limit). */
  RECIPIENTS_TABLE: z.string().min(1).optional(),
  /** A demo deployment: with no directory stored, the shipped placeholder one is used. */
  TIPLINE_DEMO: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Index items expire this many days after they are written (DynamoDB TTL on retainUntil); unset = never. */
  INDEX_TTL_DAYS: positiveInt.optional(),
  CHUNK_SIZE: positiveInt.default(5000),
  /** Report text (characters) Classify holds at once while writing district files: sized to its memory. */
  CLASSIFY_TEXT_BUDGET: positiveInt.default(192 * 2 ** 20),
  /** Index items per part file: one WriteIndex task each, well inside its timeout. */
  INDEX_PART_SIZE: positiveInt.default(50_000),
  /**
   * The linking lease (docs/design.md §2 "Overlapping batches"): how long a holder's lease lasts past its last renewal, how often a
   * task of the linking section renews it, and how long after a failure it is left to in-flight tasks.
   */
  LINKING_LEASE_SECONDS: positiveInt.default(300),
  LINKING_LEASE_RENEW_SECONDS: positiveInt.default(15),
  LINKING_LEASE_DRAIN_SECONDS: positiveInt.default(60),
  MAX_FILE_BYTES: positiveInt.default(2 * 1024 ** 3),
  /** An identifier on reports placed in more districts than this, in one batch, links nothing (SHARED_IDENTIFIER). */
  MAX_IDENTIFIER_DISTRICTS: positiveInt.default(3),
  /** Lifetime of a download link the portal API hands out (S3 presigned GET): five minutes at most. */
  LINK_TTL_SECONDS: positiveInt.max(300).default(300),
  SES_RATE_PER_SECOND: positiveInt.default(10),
  /** Hours to acknowledge an assigned case before it is overdue; P3 has no deadline unless set. */
  DUE_HOURS_P1: positiveInt.default(24),
  DUE_HOURS_P2: positiveInt.default(72),
  DUE_HOURS_P3: positiveInt.optional(),
  /** Path-style S3 addressing, needed by the local S3 emulator. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type Config = z.infer<typeof configSchema>;
type ResourceName = 'INGEST_BUCKET' | 'WORK_BUCKET' | 'BATCHES_TABLE' | 'CASES_TABLE' | 'INDEX_TABLE' | 'LIFECYCLE_TABLE' | 'AUDIT_TABLE' | 'SES_SENDER' | 'HQ_EMAIL';

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** The process-wide configuration, parsed on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** A resource name this function needs; its absence is a deployment error, named. */
export function resource(name: ResourceName): string {
  const value = config()[name];
  if (!value) throw new ConfigError(`missing configuration: ${name} is not set for this function`);
  return value;
}

/** For the local runtime and tests, which set the environment after import. */
export function resetConfig(): void {
  cached = undefined;
}
