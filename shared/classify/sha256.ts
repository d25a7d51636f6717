/**
 * SHA-256 for the many short strings Classify hashes (index keys, case IDs). crypto.hash (Node ≥ 20.12) is a
 * one-shot call several times cheaper than a createHash object; older runtimes fall back to createHash.
 */
import * as crypto from 'node:crypto';

interface OneShot {
  (algorithm: string, data: string, outputEncoding: 'buffer'): Buffer;
  (algorithm: string, data: string, outputEncoding: 'hex'): string;
}
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

export function sha256(data: string): Buffer {
  return oneShot ? oneShot('sha256', data, 'buffer') : crypto.createHash('sha256').update(data).digest();
}

/** Straight to hex: cheaper than a Buffer then toString when the whole digest is wanted. */
export function sha256Hex(data: string): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}
