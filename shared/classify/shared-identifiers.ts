/**
 * The shared-identifier rule (docs/design.md §5 "Cases"): an identifier seen on reports placed in more than
 * `maxDistricts` districts of one batch identifies no one person (a shop's phone, an ESP's support address,
 * a placeholder the list does not know yet). It links nothing, within the batch or to earlier batches, and is
 * not written to the index; the reports keep it, and their cases carry SHARED_IDENTIFIER. Decided within the
 * batch only: the index keeps one anchor case per identifier, not the districts it was seen in.
 *
 * Independent of input order: it depends only on the set of (key, district) pairs of the batch.
 */
import { linkingKeys, type BatchFacts } from './report-facts.js';

export const DEFAULT_MAX_IDENTIFIER_DISTRICTS = 3;

/**
 * Removes the batch's shared keys from its reports' linking keys (`batch.keysJson`, so union-find and the
 * index both lose them) and returns, per report, whether it held one.
 */
export function setAsideSharedIdentifiers(batch: BatchFacts, maxDistricts: number): Uint8Array {
  const n = batch.keysJson.length;
  const held = new Uint8Array(n);
  const districtIds = new Map<string, number>();
  /** key → the one district index seen so far, or -1 once it is in several (then `several` counts them). */
  const first = new Map<string, number>();
  const several = new Map<string, Set<number>>();
  for (let i = 0; i < n; i++) {
    const district = batch.facts[i]?.location.district;
    if (!district || batch.keysJson[i] === '[]') continue;
    let d = districtIds.get(district);
    if (d === undefined) districtIds.set(district, (d = districtIds.size));
    for (const key of linkingKeys(batch, i)) {
      const seen = first.get(key);
      if (seen === undefined) first.set(key, d);
      else if (seen !== -1 && seen !== d) {
        several.set(key, new Set([seen, d]));
        first.set(key, -1);
      } else if (seen === -1) several.get(key)!.add(d);
    }
  }
  first.clear();
  const shared = new Set<string>();
  for (const [key, districts] of several) if (districts.size > maxDistricts) shared.add(key);
  if (shared.size === 0) return held;
  for (let i = 0; i < n; i++) {
    const keys = linkingKeys(batch, i);
    const kept = keys.filter((k) => !shared.has(k));
    if (kept.length !== keys.length) {
      held[i] = 1;
      batch.keysJson[i] = JSON.stringify(kept);
    }
  }
  return held;
}
