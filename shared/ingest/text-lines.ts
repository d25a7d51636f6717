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

/**
 * Lines with their 1-based line numbers, in batches (one per decoded piece). A line ends at \n, \r\n or a
 * lone \r (old Mac and some exporters write CR only); the break is not part of the line.
 */
export async function* numberedLines(text: AsyncIterable<string>): AsyncGenerator<Array<[string, number]>> {
  let pending = '';
  let lineNo = 0;
  /** The previous piece ended in \r: a \n opening this one belongs to that line break. */
  let afterCr = false;
  for await (const whole of text) {
    const piece = afterCr && whole.charCodeAt(0) === 0x0a ? whole.slice(1) : whole;
    afterCr = false;
    const hasCr = piece.includes('\r');
    const batch: Array<[string, number]> = [];
    let start = 0;
    for (;;) {
      let end = piece.indexOf('\n', start);
      let next = end + 1;
      if (hasCr) {
        const cr = piece.indexOf('\r', start);
        if (cr !== -1 && (end === -1 || cr < end)) {
          end = cr;
          next = piece.charCodeAt(cr + 1) === 0x0a ? cr + 2 : cr + 1;
          if (cr + 1 === piece.length) afterCr = true;
        }
      }
      if (end === -1) break;
      batch.push([pending + piece.slice(start, end), ++lineNo]);
      pending = '';
      start = next;
    }
    pending += piece.slice(start);
    if (batch.length) yield batch;
  }
  if (pending) yield [[pending, ++lineNo]];
}
