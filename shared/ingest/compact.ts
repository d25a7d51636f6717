/**
 * Drops what carries no information (undefined, empty objects, empty arrays) so that a value written as
 * an empty XML element, an empty CSV cell or an absent JSON key all give the same canonical report.
 * Strings are kept even when empty: an empty `escalateToHighPriority` still means "escalated".
 */
export function compact<T>(value: T): T {
  return compactValue(value) as T;
}

function compactValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const c = compactValue(item);
      if (c !== undefined) items.push(c);
    }
    return items.length ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    let any = false;
    for (const key of Object.keys(value)) {
      const c = compactValue((value as Record<string, unknown>)[key]);
      if (c !== undefined) {
        out[key] = c;
        any = true;
      }
    }
    return any ? out : undefined;
  }
  return value;
}
