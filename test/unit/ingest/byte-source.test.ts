import { inSlices } from '../../../shared/ingest/byte-source.js';

async function* chunks(...sizes: number[]): AsyncGenerator<Buffer> {
  let byte = 0;
  for (const size of sizes) yield Buffer.from(Array.from({ length: size }, () => byte++ % 251));
}

async function all(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const b of source) out.push(b);
  return out;
}

describe('inSlices', () => {
  it('cuts big chunks into views of at most the slice size, keeping every byte in order', async () => {
    const slices = await all(inSlices(chunks(10, 0, 3, 25, 8), 8));
    expect(slices.map((s) => s.length)).toEqual([8, 2, 0, 3, 8, 8, 8, 1, 8]);
    expect(Buffer.concat(slices)).toEqual(Buffer.concat(await all(chunks(10, 0, 3, 25, 8))));
  });
});
