/**
 * Annotation flag names from any of the shapes a flag set takes: `{ sextortion: true }` (JSON),
 * `["sextortion"]` (the parsed canonical form) or "sextortion;viral" (a CSV cell). Presence means
 * true, so only an explicit false drops a flag (REFERENCE §1.3).
 */
export function flagNames(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, on]) => on !== false && on !== null && on !== undefined && String(on).trim().toLowerCase() !== 'false')
      .map(([flag]) => flag);
  }
  return [];
}
