/**
 * SES refusing is not a failed batch (issue 20): with every send refused (`TIPLINE_FAULTS=ses-reject=1`,
 * the SES proxy answers MessageRejected as SES does in the sandbox), the example run SUCCEEDS with its cases
 * assigned, `emails` 0 and `emailsUnsent` 4, and `tipline runs show` lists each refused message with SES's
 * reason. `tipline resend` then sends the four, marked as delayed — and a second resend sends none.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, tipline, jsonLines } from '../support/cli.js';
import { DELAYED_TAG } from '../../shared/notify/repeat-marker.js';
import type { RunSummary } from '../../shared/model/workflow.js';
import type { RunView } from '../../shared/runs/run-view.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tipline-ses-reject-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const subjects = async () => {
  const dir = path.join(dataDir, 'mail');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (f) => (JSON.parse(await readFile(path.join(dir, f), 'utf-8')) as { subject: string }).subject));
};

test('refused messages: the batch succeeds, they are recorded unsent, and resend sends each exactly once', async () => {
  const example = path.join(PROJECT_ROOT, 'samples', 'example-batch.json');
  const run = await tipline(['run', example, '--json', '--data-dir', dataDir], { TIPLINE_FAULTS: 'ses-reject=1' });
  expect(run.code).toBe(0);
  const [summary] = jsonLines<RunSummary>(run.stdout);
  expect(summary).toMatchObject({ status: 'SUCCEEDED', emails: 0, emailsUnsent: 4, counts: { actionable: 4 } });
  expect(await subjects()).toEqual([]);

  // The cases are assigned all the same, and the run says what was not sent and why.
  const cases = await tipline(['cases', '--batch', summary!.batchId, '--json', '--data-dir', dataDir]);
  expect((JSON.parse(cases.stdout) as { disposition: string }[]).filter((c) => c.disposition === 'actionable')).toHaveLength(4);
  const shown = JSON.parse((await tipline(['runs', 'show', summary!.batchId, '--json', '--data-dir', dataDir])).stdout) as RunView;
  expect(shown.emailsUnsent).toBe(4);
  expect(shown.deliveries!.unsent.map((u) => u.to).sort()).toEqual(['Bhopal', 'HQ summary', 'Indore', 'Jabalpur']);
  for (const u of shown.deliveries!.unsent) expect(u.reason).toMatch(/^MessageRejected: Email address is not verified/);
  const human = await tipline(['runs', 'show', summary!.batchId, '--data-dir', dataDir]);
  expect(human.stdout).toContain('NOT sent: Indore — MessageRejected');
  expect(human.stdout).toContain(`tipline resend --batch ${summary!.batchId}`);

  // SES accepts again: the four go, once, marked as delayed.
  const resend = await tipline(['resend', '--batch', summary!.batchId, '--json', '--data-dir', dataDir]);
  expect(resend.code).toBe(0);
  expect(JSON.parse(resend.stdout)).toEqual({ batchId: summary!.batchId, sent: 4, unsent: [], inFlight: 0 });
  const sent = await subjects();
  expect(sent).toHaveLength(4);
  for (const s of sent) expect(s.startsWith(`${DELAYED_TAG} [Tipline] `)).toBe(true);
  expect(sent.filter((s) => s.includes('HQ summary'))).toHaveLength(1);

  const again = await tipline(['resend', '--batch', summary!.batchId, '--json', '--data-dir', dataDir]);
  expect(JSON.parse(again.stdout)).toEqual({ batchId: summary!.batchId, sent: 0, unsent: [], inFlight: 0 });
  expect(await subjects()).toHaveLength(4);
  const after = JSON.parse((await tipline(['runs', 'show', summary!.batchId, '--json', '--data-dir', dataDir])).stdout) as RunView;
  expect(after.emailsUnsent).toBe(0);
  expect(after.deliveries!.unsent).toEqual([]);
}, 180_000);
