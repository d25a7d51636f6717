/**
 * The bytes of a batch file: hashed and counted as stored, refused past the size limit, gunzipped when
 * they start with the gzip magic. Everything is pulled chunk by chunk so memory stays flat.
 */
import { createHash, type Hash } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UnreadableFileError } from '../errors.js';

export interface StoredStats {
  bytes: number;
  readonly hash: Hash;
}

export const newStoredStats = (): StoredStats => ({ bytes: 0, hash: createHash('sha256') });

const sizeText = (bytes: number): string =>
  bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0 ? `${bytes / 1024 ** 3} GB` : `${bytes} bytes`;

/** Yields the stored bytes while hashing and counting them; throws past maxBytes. */
export async function* storedBytes(
  input: AsyncIterable<Buffer | string>,
  fileName: string,
  maxBytes: number,
  stats: StoredStats,
): AsyncGenerator<Buffer> {
  for await (const piece of input) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    stats.bytes += chunk.length;
    if (stats.bytes > maxBytes) throw new UnreadableFileError(fileName, `file is larger than the ${sizeText(maxBytes)} limit`);
    stats.hash.update(chunk);
    yield chunk;
  }
}

/** Gunzips a byte stream (multi-member aware); a corrupt or truncated stream is an unreadable file. */
export async function* gunzipped(
  source: AsyncIterable<Buffer>,
  fileName: string,
  maxBytes: number,
): AsyncGenerator<Buffer> {
  const src = Readable.from(source, { objectMode: false });
  const gunzip = createGunzip();
  // Errors of either side surface through the iteration below; the callback only keeps pipeline quiet.
  pipeline(src, gunzip, () => undefined);
  let out = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      out += chunk.length;
      if (out > maxBytes) {
        throw new UnreadableFileError(fileName, `file is larger than the ${sizeText(maxBytes)} limit once decompressed`);
      }
      yield chunk;
    }
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError(fileName, 'gzip stream is corrupt or truncated');
  } finally {
    src.destroy();
    gunzip.destroy();
  }
}

/** Readers hand on their records after every piece of this many bytes (see inSlices). */
export const SLICE_BYTES = 64 * 1024;

/**
 * The same bytes in pieces of at most `size` (views, not copies). Readers hand on the records of each
 * piece before reading the next: with 1 MB chunks, a chunk's thousand-odd records would all be alive at
 * once, survive the young-generation collections and make garbage collection several times dearer.
 */
export async function* inSlices(bytes: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    if (chunk.length <= size) yield chunk;
    else for (let at = 0; at < chunk.length; at += size) yield chunk.subarray(at, at + size);
  }
}

/** Lets a caller look at the first bytes of a stream and then read the whole stream, those bytes included. */
export class Peeker {
  private readonly iterator: AsyncIterator<Buffer>;
  private buffered: Buffer[] = [];
  private ended = false;

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /**
   * Reads until `limit` bytes, the end, or `enough(chunk)` is true for a newly read chunk (or for what is
   * already buffered); returns everything read so far without consuming it.
   */
  async peek(limit: number, enough: (chunk: Buffer) => boolean = () => false): Promise<Buffer> {
    let size = this.buffered.reduce((n, b) => n + b.length, 0);
    let satisfied = this.buffered.some(enough);
    while (!this.ended && size < limit && !satisfied) {
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      this.buffered.push(next.value);
      size += next.value.length;
      satisfied = enough(next.value);
    }
    const head = Buffer.concat(this.buffered);
    this.buffered = head.length ? [head] : [];
    return head;
  }

  /** The whole stream from its first byte. */
  async *rest(): AsyncGenerator<Buffer> {
    const first = this.buffered;
    this.buffered = [];
    yield* first;
    if (this.ended) return;
    while (true) {
      const next = await this.iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }

  /** Stops the underlying source early (the file is refused). */
  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}
