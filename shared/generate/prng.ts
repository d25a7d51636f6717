/**
 * Deterministic randomness for the generator. Every report and every suspect gets its own small PRNG,
 * seeded from (batch seed, stream, index), so report i never depends on reports 0..i-1: the batch
 * streams in constant memory and a suspect's identifiers can be re-derived wherever it recurs.
 */

// Module-scope aliases: this code runs hundreds of times per report, and a global lookup of `Math`
// costs about a microsecond inside jest's vm contexts (the unit tests), 50x the work itself.
const { imul, floor } = Math;

/** 32-bit integer mix (lowbias32); a bijection on uint32, so distinct inputs never collide. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of a few integers into one uint32 seed. */
export function hashInts(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    // Split into two 32-bit halves so indices above 2^32 (not expected, but cheap) still count.
    h = mix32(h ^ (p >>> 0));
    h = mix32(h ^ floor(p / 0x1_0000_0000));
  }
  return h;
}

const HEX = '0123456789abcdef';

/** mulberry32 with helpers; small and fast, good enough for synthetic data (not for anything secret). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[floor(this.next() * items.length)] as T;
  }

  /** Pick by relative weight: `[[value, weight], ...]`. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of table) total += w;
    let r = this.next() * total;
    for (const [value, w] of table) {
      r -= w;
      if (r < 0) return value;
    }
    return (table[table.length - 1] as readonly [T, number])[0];
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    let s = '';
    for (let k = 0; k < n; k++) s += HEX[floor(this.next() * 16)];
    return s;
  }

  /** Uniform in [-spread, spread]. */
  jitter(spread: number): number {
    return (this.next() * 2 - 1) * spread;
  }
}

/** A cumulative table for O(log n) weighted picks from a fixed list (the 55 districts). */
export class WeightedTable<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly items: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [, w] of items) {
      sum += w;
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  pick(rng: Rng): T {
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return (this.items[lo] as readonly [T, number])[0];
  }
}
