/**
 * A batch is one version of one object: its ID derives from bucket, key and version (or ETag where the
 * bucket keeps no versions), so every execution for the same upload — a redelivered event, a retry, a
 * re-run — works on the same batch, and MarkFailed can name it even when RegisterBatch never ran.
 */
import { createHash } from 'node:crypto';

export function batchIdFor(bucket: string, key: string, versionOrEtag: string | undefined): string {
  return `b-${createHash('sha256').update(`${bucket}/${key}#${versionOrEtag ?? ''}`).digest('hex').slice(0, 16)}`;
}
