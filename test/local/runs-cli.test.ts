/**
 * `tipline runs`, `runs show`, `rejected` and `drop` end to end: a serve session on the emulators (as
 * `tipline serve` starts it), runs of a good file, a file with rejected records and an XML file with a DTD,
 * then the real CLI in a child process reading them through serve.json.
 */
import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startServeSession, type ServeSession } from '../../local/admin/serve-session.js';
import { PROJECT_ROOT } from '../../local/paths.js';
import { showRun } from '../../shared/runs/run-store.js';
import { endpointStore } from '../../local/local-run-store.js';
import { formatRunsTable } from '../../cli/format-run.js';
import { dropCommand } from '../../cli/commands/drop.js';

const run = promisify(execFile);
const tipline = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(PROJECT_ROOT, 'bin/tipline.js'), ...args], { cwd: PROJECT_ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
};

const DTD_XML = `<?xml version="1.0"?>
<!DOCTYPE tiplineBatch [ <!ENTITY x "boom"> ]>
<tiplineBatch batchRef="B"><cyberTiplineReport reportId="1"><report><incidentSummary><incidentType>&x;</incidentType></incidentSummary></report></cyberTiplineReport></tiplineBatch>
`;
const REJECTS = [
  '{"reportId":"700000001","report":{"incidentSummary":{"incidentType":"Child Pornography (possession, manufacture, and distribution)","incidentDateTime":"2026-08-05T06:32:45Z"},"personOrUserReported":[{"personOrUserReportedPerson":{"email":["bad.person@mail.example"],"address":[{"city":"Indore","nonUsaState":"Madhya Pradesh","country":"IN"}]}}]},"fileDetails":[{"industryClassification":"A1","fileViewedByEsp":true}]}',
  '{"reportId":"abc-not-digits","report":{"incidentSummary":{"incidentType":"Child Pornography (possession, manufacture, and distribution)","incidentDateTime":"2026-08-05T06:32:45Z"}}}',
  '{"reportId":"700000003","report":{"incidentSummary":{"incidentType":"Nonsense leaky.user@mail.example","incidentDateTime":"yesterday"}}}',
].join('\n');

let dir: string;
let dataDir: string;
let session: ServeSession;
const ids: Record<string, { execution: string; batchId: string }> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tipline-runs-cli-'));
  dataDir = path.join(dir, 'data');
  await writeFile(path.join(dir, 'dtd-batch.xml'), DTD_XML);
  await writeFile(path.join(dir, 'with-rejects.jsonl'), REJECTS);
  session = await startServeSession({ dataDir, port: 0 });
  for (const f of [path.join(PROJECT_ROOT, 'test/fixtures/example-batch.json'), path.join(dir, 'dtd-batch.xml'), path.join(dir, 'with-rejects.jsonl')]) {
    const record = await session.runtime.runFile(f);
    ids[path.basename(f)] = { execution: record.name, batchId: '' };
  }
}, 150_000);

afterAll(async () => {
  await session?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('lists the runs newest first with batch ID, file, status, duration and counts', async () => {
  const { code, stdout } = await tipline('runs', '--json', '--data-dir', dataDir);
  expect(code).toBe(0);
  const rows = JSON.parse(stdout) as { execution: string; batchId: string; file: string; status: string; durationMs: number; counts: Record<string, number> }[];
  expect(rows.map((r) => [r.file, r.status])).toEqual([
    ['incoming/with-rejects.jsonl', 'SUCCEEDED'],
    ['incoming/dtd-batch.xml', 'FAILED'],
    ['incoming/example-batch.json', 'SUCCEEDED'],
  ]);
  expect(rows[2]!.counts).toMatchObject({ received: 7, valid: 7, cases: 6, actionable: 4 });
  expect(rows[0]!.counts).toMatchObject({ received: 3, valid: 1, rejected: 2 });
  expect(rows.every((r) => /^b-[0-9a-f]{16}$/.test(r.batchId) && r.durationMs > 0)).toBe(true);
  for (const r of rows) ids[path.basename(r.file)]!.batchId = r.batchId;

  // The text table is the same rows (formatted in-process: each CLI child costs seconds).
  const text = formatRunsTable(rows as never);
  expect(text).toMatch(/STARTED \(UTC\)\s+IST\s+STATUS\s+BATCH\s+FILE/);
  expect(text).toContain('3 run(s), newest first');
}, 60_000);

it('shows a failed run: where (Validate) and why (the DTD)', async () => {
  const { code, stdout } = await tipline('runs', 'show', ids['dtd-batch.xml']!.batchId, '--data-dir', dataDir);
  expect(code).toBe(0);
  expect(stdout).toContain('✘ incoming/dtd-batch.xml  FAILED');
  expect(stdout).toMatch(/FAILED at Validate: UnreadableFileError/);
  expect(stdout).toMatch(/DTD/);
  expect(stdout).toMatch(/MarkFailed\s+Task/);
}, 60_000);

it('shows a succeeded run (the model `runs show --json` prints): timeline, steps, districts, emails', async () => {
  const { info } = session;
  const store = endpointStore(dataDir, info.endpoints, info);
  const view = await showRun(store, ids['example-batch.json']!.execution).finally(() => store.close());
  expect(view.status).toBe('SUCCEEDED');
  const top = view.timeline.filter((t: { map?: string }) => !t.map).map((t: { state: string }) => t.state);
  expect(top.slice(0, 7)).toEqual(['RegisterBatch', 'AlreadyHandled?', 'Validate', 'AcquireLinkingLease', 'EnrichChunks', 'Classify', 'IndexAndFanOut']);
  // the Parallel's two branches interleave: the index writes then the lease's release, beside the fan-out
  expect(top.slice(7, -1).sort()).toEqual(['FanOutDistricts', 'IndexParts', 'KeepSummaries', 'ReleaseLinkingLease']);
  expect(top.indexOf('ReleaseLinkingLease')).toBeGreaterThan(top.indexOf('IndexParts'));
  expect(top.at(-1)).toBe('Finalize');
  // WriteIndex runs inside its Map, once per part
  expect(view.timeline.filter((t: { map?: string }) => t.map === 'IndexParts').map((t: { state: string }) => t.state)).toEqual(['WriteIndex']);
  expect(view.districts).toEqual({ Bhopal: { cases: 1, P1: 1, P2: 0, P3: 0 }, Indore: { cases: 2, P1: 0, P2: 2, P3: 0 }, Jabalpur: { cases: 1, P1: 1, P2: 0, P3: 0 } });
  expect(view.emails).toBe(4);
  expect(view.rejected).toEqual({ total: 0, byPath: {} });
}, 60_000);

it('prints rejected records with position and reasons, identifiers masked', async () => {
  const { code, stdout } = await tipline('rejected', '--batch', ids['with-rejects.jsonl']!.batchId, '--data-dir', dataDir);
  expect(code).toBe(0);
  expect(stdout).toContain('2 rejected record(s)');
  expect(stdout).toMatch(/line 2\n\s+reportId: must be/);
  // Messages name the rule and the value's kind, never the value (the identifier is neither shown nor masked).
  expect(stdout).toMatch(/incidentType: not one of the CyberTipline incident types \(got text of \d+ characters\)/);
  expect(stdout).not.toContain('leaky.user');
}, 60_000);

it('drop puts a file into the running serve\'s bucket and the run it starts appears', async () => {
  const { code, stdout } = await tipline('drop', path.join(PROJECT_ROOT, 'test/fixtures/example-batch.csv'), '--json', '--data-dir', dataDir);
  expect(code).toBe(0);
  const first = JSON.parse(stdout.trim().split('\n')[0]!) as { execution: string; counts: { duplicates: number } };
  expect(first).toMatchObject({ file: 'incoming/example-batch.csv', status: 'SUCCEEDED', alreadyProcessed: false });
  // The same reports as example-batch.json, run first: the drop's row counts them as duplicates.
  expect(first.counts.duplicates).toBe(7);

  // The same file again: the run that holds it, said at once (the serve starts nothing new).
  const again = await tipline('drop', path.join(PROJECT_ROOT, 'test/fixtures/example-batch.csv'), '--json', '--data-dir', dataDir);
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout.trim().split('\n')[0]!)).toMatchObject({ file: 'incoming/example-batch.csv', alreadyProcessed: true, processedBy: first.execution, execution: first.execution, emails: 0 });
}, 90_000);

it('drop says clearly when no serve is running', async () => {
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await dropCommand([path.join(PROJECT_ROOT, 'test/fixtures/example-batch.csv')], { json: false, dataDir: path.join(dir, 'nothing-here') });
    expect(code).toBe(1);
    expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(/No `tipline serve` is running/);
  } finally {
    write.mockRestore();
  }
}, 60_000);
