// The emulators run in a worker thread, so S3, DynamoDB and SES work on the second core while the
// handlers run on the first. Plain JavaScript: a worker does not inherit the TypeScript loader.
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import S3rver from 's3rver';
import dynalite from 'dynalite';

const HOST = '127.0.0.1';
const { s3Dir, ddbDir, ports } = workerData;

const listen = (server, port) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve(server.address().port));
  });

// SES is needed only when mail is sent, and its server (express, nodemailer, handlebars) takes this thread
// about 300 ms to load — during which S3 and DynamoDB, served by this same thread, would wait. So its port is
// bound at once by a server that loads the SES app on the first request and hands it every request after.
let sesServer;
const loadSes = () =>
  (sesServer ??= import('aws-ses-v2-local').then(({ default: sesModule }) => {
    // aws-ses-v2-local is CommonJS with `exports.default`. Its own listener, on a spare port, goes unused.
    const startSes = sesModule.default ?? sesModule;
    return startSes({ host: HOST, port: 0 });
  }));
const sesFront = createServer((req, res) => {
  loadSes().then(
    (ses) => ses.emit('request', req, res),
    (err) => {
      res.statusCode = 503;
      res.end(`the SES emulator did not start: ${err?.message ?? err}`);
    },
  );
});

const s3 = new S3rver({ address: HOST, port: ports.s3 ?? 0, directory: s3Dir, silent: true, vhostBuckets: false });
s3.on('event', (event) => parentPort.postMessage({ type: 's3-event', event }));
const ddb = dynalite({ path: ddbDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const [s3Address, ddbPort, sesPort] = await Promise.all([s3.run(), listen(ddb, ports.dynamodb ?? 0), listen(sesFront, ports.ses ?? 0)]);

parentPort.on('message', async (message) => {
  if (message?.type !== 'stop') return;
  await s3.close();
  await new Promise((resolve) => ddb.close(resolve));
  sesFront.closeAllConnections();
  await new Promise((resolve) => sesFront.close(resolve));
  const ses = await sesServer?.catch(() => undefined);
  if (ses) await new Promise((resolve) => ses.close(resolve));
  parentPort.postMessage({ type: 'stopped' });
});

parentPort.postMessage({ type: 'ready', ports: { s3: s3Address.port, dynamodb: ddbPort, ses: sesPort } });
