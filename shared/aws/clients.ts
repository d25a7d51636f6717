/**
 * Dropping every cached client: the local runtime calls `resetClients` after it points the endpoints at its
 * emulators. Each client module registers its reset when it loads, so this module loads no SDK client itself:
 * the local start does not wait for clients (SES, the document client) that the first steps do not use.
 */
const resets = new Set<() => void>();

/** Called by each client module (s3-client, dynamo-client, ses-client) as it loads. */
export function registerClientReset(reset: () => void): void {
  resets.add(reset);
}

export function resetClients(): void {
  for (const reset of resets) reset();
}
