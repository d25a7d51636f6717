/**
 * The local stand-ins for AWS, started in-process on free loopback ports (DESIGN §3): s3rver (S3),
 * dynalite (DynamoDB, persisted in LevelDB) and aws-ses-v2-local (SES v2). Data lives under the data dir.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import S3rver from 's3rver';
import dynalite from 'dynalite';
import sesModule from 'aws-ses-v2-local';

export interface Emulators {
  s3: { endpoint: string; server: S3rver };
  dynamodb: { endpoint: string };
  ses: { endpoint: string };
  stop(): Promise<void>;
}

export interface EmulatorPorts { s3?: number; dynamodb?: number; ses?: number }

const HOST = '127.0.0.1';

// aws-ses-v2-local is CommonJS with an `exports.default`; under ESM the default import is the exports object.
type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;
const sesServer = (sesModule as unknown as { default: StartSes }).default;

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, HOST, resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startEmulators(dataDir: string, ports: EmulatorPorts = {}): Promise<Emulators> {
  const s3Dir = path.join(dataDir, 's3');
  const ddbDir = path.join(dataDir, 'dynamodb');
  await mkdir(s3Dir, { recursive: true });
  await mkdir(ddbDir, { recursive: true });

  const s3Port = ports.s3 ?? (await freePort());
  const s3 = new S3rver({ address: HOST, port: s3Port, directory: s3Dir, silent: true, vhostBuckets: false });
  await s3.run();

  const ddbPort = ports.dynamodb ?? (await freePort());
  const ddb: Server = dynalite({ path: ddbDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    ddb.once('error', reject);
    ddb.listen(ddbPort, HOST, () => resolve());
  });

  const sesPort = ports.ses ?? (await freePort());
  const ses = await sesServer({ host: HOST, port: sesPort });

  return {
    s3: { endpoint: `http://${HOST}:${s3Port}`, server: s3 },
    dynamodb: { endpoint: `http://${HOST}:${ddbPort}` },
    ses: { endpoint: `http://${HOST}:${sesPort}` },
    async stop() {
      await s3.close();
      await new Promise((resolve) => ddb.close(resolve));
      await new Promise((resolve) => ses.close(resolve));
      ses.closeAllConnections?.();
    },
  };
}
