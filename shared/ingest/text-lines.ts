/**
 * UTF-8 text and lines from a byte stream, without holding more than one line plus one chunk.
 */
import { StringDecoder } from 'node:string_decoder';

/** Decoded text pieces; a leading BOM is dropped. Multi-byte characters split across chunks are kept whole. */
export async function* utf8Text(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of bytes) {
    let text = decoder.write(chunk);
    if (first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text) yield text;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}

/** Lines (without \n or \r\n) with their 1-based line numbers, in batches (one per decoded piece). */
export async function* numberedLines(text: AsyncIterable<string>): AsyncGenerator<Array<[string, number]>> {
  let pending = '';
  let lineNo = 0;
  for await (const piece of text) {
    let start = 0;
    let nl = piece.indexOf('\n');
    if (nl === -1) {
      pending += piece;
      continue;
    }
    const batch: Array<[string, number]> = [];
    while (nl !== -1) {
      let line = pending + piece.slice(start, nl);
      pending = '';
      if (line.endsWith('\r')) line = line.slice(0, -1);
      batch.push([line, ++lineNo]);
      start = nl + 1;
      nl = piece.indexOf('\n', start);
    }
    pending = piece.slice(start);
    yield batch;
  }
  if (pending) yield [[pending.endsWith('\r') ? pending.slice(0, -1) : pending, ++lineNo]];
}
