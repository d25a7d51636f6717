// The emulators run in a worker thread, so S3, DynamoDB and SES work on the second core while the
// handlers run on the first. Plain JavaScript: a worker does not inherit the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import S3rver from 's3rver';
import dynalite from 'dynalite';
import sesModule from 'aws-ses-v2-local';

const HOST = '127.0.0.1';
const { s3Dir, ddbDir, ports } = workerData;
// aws-ses-v2-local is CommonJS with `exports.default`.
const startSes = sesModule.default ?? sesModule;

const listen = (server, port) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve(server.address().port));
  });

const s3 = new S3rver({ address: HOST, port: ports.s3 ?? 0, directory: s3Dir, silent: true, vhostBuckets: false });
const s3Address = await s3.run();
s3.on('event', (event) => parentPort.postMessage({ type: 's3-event', event }));

const ddb = dynalite({ path: ddbDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const ddbPort = await listen(ddb, ports.dynamodb ?? 0);

const ses = await startSes({ host: HOST, port: ports.ses ?? 0 });
const sesPort = ses.address().port;

parentPort.on('message', async (message) => {
  if (message?.type !== 'stop') return;
  await s3.close();
  await new Promise((resolve) => ddb.close(resolve));
  ses.closeAllConnections?.();
  await new Promise((resolve) => ses.close(resolve));
  parentPort.postMessage({ type: 'stopped' });
});

parentPort.postMessage({ type: 'ready', ports: { s3: s3Address.port, dynamodb: ddbPort, ses: sesPort } });
