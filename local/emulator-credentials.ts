/**
 * The local runtime's own AWS credentials, one pair per data dir (<data dir>/credentials.json, 0600),
 * made on first use. The emulators' gate (emulator-guard.mjs) accepts only requests signed with them, so
 * only processes that can read the data dir — the local runtime and the `tipline` commands — use the local
 * services; a web page or another user's process cannot.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const credentialsPath = (dataDir: string): string => path.join(path.resolve(dataDir), 'credentials.json');

export function localCredentials(dataDir: string): LocalCredentials {
  const file = credentialsPath(dataDir);
  try {
    const saved = JSON.parse(readFileSync(file, 'utf-8')) as LocalCredentials;
    if (saved.accessKeyId && saved.secretAccessKey) return saved;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const made: LocalCredentials = {
    accessKeyId: `LOCAL${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
  try {
    writeFileSync(file, `${JSON.stringify(made)}\n`, { mode: 0o600, flag: 'wx' });
    return made;
  } catch (err) {
    // Another process made it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return JSON.parse(readFileSync(file, 'utf-8')) as LocalCredentials;
    throw err;
  }
}
