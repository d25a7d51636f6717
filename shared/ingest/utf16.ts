/**
 * UTF-16 batch files (Excel's "Unicode text" export, some Windows tools): recognised by their byte-order mark
 * and turned into UTF-8 as they stream, so every reader sees one encoding. A file that looks like UTF-16 but
 * has no mark (every other byte zero) is named rather than guessed at.
 */
import { StringDecoder } from 'node:string_decoder';

export type Utf16 = 'utf16le' | 'utf16be';

/** The encoding a file's first bytes declare: a UTF-16 BOM, or 'unmarked' for UTF-16-looking text without one. */
export function utf16Encoding(head: Buffer): Utf16 | 'unmarked' | undefined {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  const sample = head.subarray(0, 512);
  if (sample.length < 8) return undefined;
  let zeros = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) if ((sample[i] === 0) !== (sample[i + 1] === 0)) zeros++;
  return zeros * 2 >= sample.length * 0.8 ? 'unmarked' : undefined;
}

/** UTF-8 bytes of a UTF-16 stream (its BOM becomes the UTF-8 BOM, which the readers drop). */
export async function* utf16ToUtf8(bytes: AsyncIterable<Buffer>, encoding: Utf16): AsyncGenerator<Buffer> {
  const decoder = new StringDecoder('utf16le');
  let odd: Buffer | undefined; // big-endian: a byte waiting for its pair
  for await (const chunk of bytes) {
    let le = chunk;
    if (encoding === 'utf16be') {
      const joined = odd ? Buffer.concat([odd, chunk]) : chunk;
      const even = joined.length - (joined.length % 2);
      odd = even < joined.length ? joined.subarray(even) : undefined;
      le = Buffer.from(joined.subarray(0, even)).swap16();
    }
    const text = decoder.write(le);
    if (text) yield Buffer.from(text, 'utf8');
  }
  const tail = decoder.end();
  if (tail) yield Buffer.from(tail, 'utf8');
}
