/**
 * No district digest is lost to a crash (docs/design.md §6, at-least-once digests). A child `tipline run` of
 * the example batch is killed (SIGKILL: no cleanup of any kind) at five moments after FanOutDistricts starts —
 * as it starts, 150 ms in, and the instant the 1st, 2nd and 3rd message reach the mail store (SES has taken
 * the message; the ledger has not yet heard) — then run again. Afterwards every district's digest is in the
 * mail store; a digest sent twice carries the possible-repeat marker on the second copy; and the HQ summary
 * and `tipline runs show` list exactly the digests that were re-sent.
 */
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, tipline, jsonLines } from '../support/cli.js';
import { POSSIBLE_REPEAT_TAG } from '../../shared/notify/repeat-marker.js';
import type { RunSummary } from '../../shared/model/workflow.js';
import type { RunView } from '../../shared/runs/run-view.js';

const EXAMPLE = path.join(PROJECT_ROOT, 'samples', 'example-batch.json');
const DISTRICTS = ['Bhopal', 'Indore', 'Jabalpur'];

type Moment = { label: string } & ({ afterMs: number } | { onMail: number });
const MOMENTS: Moment[] = [
  { label: 'as FanOutDistricts starts', afterMs: 0 },
  { label: '150 ms into FanOutDistricts', afterMs: 150 },
  { label: 'as the 1st message reaches the mail store', onMail: 1 },
  { label: 'as the 2nd message reaches the mail store', onMail: 2 },
  { label: 'as the 3rd message reaches the mail store', onMail: 3 },
];

interface StoredMail {
  subject: string;
  body: { text?: string };
}

async function mails(dataDir: string): Promise<StoredMail[]> {
  const dir = path.join(dataDir, 'mail');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(names.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf-8')) as StoredMail));
}

/** Runs the example in a child and SIGKILLs it at the moment; resolves to whether it was killed, and the mail then stored. */
function runAndKill(dataDir: string, moment: Moment): Promise<{ killed: boolean; mailsAtKill: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'tipline.js'), 'run', EXAMPLE, '--data-dir', dataDir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let watcher: ReturnType<typeof watch> | undefined;
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      const before = stderr;
      stderr += d.toString();
      if (before.includes('→ FanOutDistricts') || !stderr.includes('→ FanOutDistricts')) return;
      if ('afterMs' in moment) {
        if (moment.afterMs === 0) kill();
        else setTimeout(kill, moment.afterMs);
      }
    });
    if ('onMail' in moment) {
      // The mail store is written before SES answers the sender: kill the moment the n-th message lands.
      const seen = new Set<string>();
      watcher = watch(path.join(dataDir, 'mail'), (_event, name) => {
        if (!name?.endsWith('.json')) return;
        seen.add(name);
        if (seen.size >= moment.onMail) kill();
      });
    }
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      watcher?.close();
      mails(dataDir).then((stored) => resolve({ killed: signal === 'SIGKILL', mailsAtKill: stored.length }), reject);
    });
  });
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tipline-crash-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

test.concurrent.each(MOMENTS)('killed $label, then run again: every district digest is in the mail store', async (moment) => {
  const dataDir = path.join(root, moment.label.replace(/\W+/g, '-'));
  // The mail dir exists before the run (the emulators make it too), so it can be watched from the start.
  await mkdir(path.join(dataDir, 'mail'), { recursive: true });
  const first = await runAndKill(dataDir, moment);
  expect(first.killed).toBe(true);

  const again = await tipline(['run', EXAMPLE, '--data-dir', dataDir, '--json']);
  expect(again.code).toBe(0);
  const [summary] = jsonLines<RunSummary>(again.stdout);
  expect(summary!.status).toBe('SUCCEEDED');
  expect(Object.keys(summary!.districts).sort()).toEqual(DISTRICTS);

  const stored = await mails(dataDir);
  const digestsOf = (district: string) => stored.filter((m) => m.subject.includes(`] ${district}: `) && m.subject.includes(summary!.batchId));
  const resent: string[] = [];
  for (const district of DISTRICTS) {
    const copies = digestsOf(district);
    // Present at least once; at most one unmarked copy, any other is marked as a possible repeat.
    expect(copies.length).toBeGreaterThanOrEqual(1);
    expect(copies.filter((m) => !m.subject.startsWith(POSSIBLE_REPEAT_TAG)).length).toBeLessThanOrEqual(1);
    const marked = copies.filter((m) => m.subject.startsWith(POSSIBLE_REPEAT_TAG));
    for (const m of marked) expect(m.body.text).toMatch(/^POSSIBLE REPEAT: /);
    if (marked.length > 0) resent.push(district);
  }

  // `tipline runs show` lists exactly the re-sent digests, and so does the HQ summary.
  const show = await tipline(['runs', 'show', summary!.batchId, '--data-dir', dataDir, '--json']);
  expect(show.code).toBe(0);
  const view = JSON.parse(show.stdout) as RunView;
  expect([...(view.deliveries?.resent ?? [])].filter((d) => d !== 'HQ summary').sort()).toEqual(resent);
  expect(view.deliveries?.unsent ?? []).toEqual([]);
  const hq = stored.filter((m) => m.subject.includes(`HQ summary — batch ${summary!.batchId}`)).at(-1)!;
  for (const district of resent) expect(hq.body.text).toMatch(new RegExp(`DIGESTS RE-SENT AS POSSIBLE REPEATS[\\s\\S]*\\n${district}\\n`));
  if (resent.length === 0) expect(hq.body.text).not.toMatch(/RE-SENT/);
  // The moments on a message kill after SES took it: that digest cannot have been recorded as sent.
  if ('onMail' in moment) expect(first.mailsAtKill).toBeGreaterThanOrEqual(moment.onMail);
  // One line a moment, for the record of what the crashes did.
  process.stderr.write(`crash ${moment.label}: ${first.mailsAtKill} message(s) stored before the kill; after the re-run ` +
    `${DISTRICTS.map((d) => `${d} ×${digestsOf(d).length}`).join(', ')}; re-sent as possible repeats: [${resent.join(', ')}]\n`);
}, 120_000);
