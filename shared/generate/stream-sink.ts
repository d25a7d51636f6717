/**
 * Writing to a Node stream with backpressure: when `write` returns false, wait for 'drain' before the
 * next chunk, so a million-report batch never piles up in the stream's buffer. Small strings are
 * gathered into one chunk first; one write per report would cost more than the formatting.
 */
import { once } from 'node:events';

const CHUNK_CHARS = 64 * 1024;

export class StreamSink {
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(private readonly out: NodeJS.WritableStream) {}

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= CHUNK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    if (!this.out.write(chunk)) await waitForDrain(this.out);
  }
}

/** Resolves on 'drain'; rejects if the stream errors or closes first rather than hanging forever. */
async function waitForDrain(out: NodeJS.WritableStream): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: ac.signal }),
      once(out, 'error', { signal: ac.signal }).then(([err]) => Promise.reject(err)),
      once(out, 'close', { signal: ac.signal }).then(() => Promise.reject(new Error('output stream closed before the batch was written'))),
    ]);
  } finally {
    ac.abort();
  }
}
