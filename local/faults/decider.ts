/**
 * Seeded fault decisions: one independent PRNG stream (mulberry32) per target, so a fixed
 * TIPLINE_FAULT_SEED gives the same sequence of decisions for each state or service.
 */
function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A function that answers "inject a fault now?" true for about `rate` of its calls. */
export function decider(rate: number, seed: number, target: string): () => boolean {
  if (rate <= 0) return () => false;
  if (rate >= 1) return () => true;
  const next = mulberry32(hashString(`${seed}:${target}`));
  return () => next() < rate;
}

export function parseSeed(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 1;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`TIPLINE_FAULT_SEED: "${text}" is not an integer`);
  return n >>> 0;
}
