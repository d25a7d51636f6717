/**
 * Big outputs (the rejected file, case files, index parts) stream through a multipart upload so memory stays
 * flat. Apart from object-store.ts: @aws-sdk/lib-storage is bundled only into the steps that import this.
 * A step using it needs s3:PutObject and s3:AbortMultipartUpload (a failed part aborts the upload).
 */
import { Upload } from '@aws-sdk/lib-storage';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { s3Client } from './s3-client.js';

/**
 * A writer of text lines that streams into a multipart upload and waits when the upload falls behind, so a
 * file larger than memory can be written. `close()` completes the upload and gives the line count.
 */
export function linesUpload(bucket: string, key: string, contentType = 'application/x-ndjson'): {
  write(line: string): Promise<void>;
  close(): Promise<number>;
} {
  const stream = new PassThrough();
  const done = new Upload({ client: s3Client(), params: { Bucket: bucket, Key: key, Body: stream, ContentType: contentType } }).done();
  // An upload that fails stops reading; surface its error instead of waiting for a drain that never comes.
  const failed = done.then(() => new Promise<never>(() => {}));
  failed.catch(() => {}); // close() reports it
  let count = 0;
  // Lines are gathered into pieces of about 64 KB: one stream write per line costs more than the line
  // (millions of index items), and a piece is one string joined once.
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const piece = `${pending.join('\n')}\n`;
    pending = [];
    pendingLength = 0;
    if (!stream.write(piece)) await Promise.race([once(stream, 'drain'), failed]);
  };
  return {
    async write(line) {
      count++;
      pending.push(line);
      pendingLength += line.length + 1;
      if (pendingLength >= PIECE_CHARS) await flush();
    },
    async close() {
      await flush();
      stream.end();
      await done;
      return count;
    },
  };
}

const PIECE_CHARS = 64 * 1024;
