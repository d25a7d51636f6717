/**
 * The local sign-in's signing key: an ES256 key pair kept in the data dir (auth/signing-key.json, mode 0600),
 * created on first use. `tipline token` and `tipline serve` of one data dir share it, so a token printed by
 * one is accepted by the other; deleting the file invalidates every local token.
 */
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export const SIGNING_ALG = 'ES256';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export const signingKeyPath = (dataDir: string): string => path.join(path.resolve(dataDir), 'auth', 'signing-key.json');

async function readKey(file: string): Promise<SigningKey> {
  const jwk = JSON.parse(await readFile(file, 'utf-8')) as JWK & { kid: string };
  const { d: _private, ...publicJwk } = jwk;
  return {
    kid: jwk.kid,
    privateKey: (await importJWK(jwk, SIGNING_ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey,
  };
}

/** The data dir's key, created if there is none. Two processes creating it at once end up with the same one. */
export async function localSigningKey(dataDir: string): Promise<SigningKey> {
  const file = signingKeyPath(dataDir);
  try {
    return await readKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the local signing key ${file}: ${(err as Error).message}`);
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: SIGNING_ALG };
  // Written whole under a temporary name, then linked into place: link fails if another process won the race.
  const tmp = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(tmp, `${JSON.stringify(jwk)}\n`, { mode: 0o600 });
  try {
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(tmp, { force: true });
  }
  return readKey(file);
}
