/**
 * "At most one edit apart": one letter substituted, inserted, deleted, or two neighbours swapped
 * (Damerau's optimal string alignment, bounded at 1). Linear time, no matrix: it runs on every
 * unmatched name, so it must be cheap.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // substitution: the rest must match; transposition: swapped pair then the rest.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  // one insertion/deletion: skip one letter of the longer string
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
