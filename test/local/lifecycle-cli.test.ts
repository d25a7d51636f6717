/**
 * The lifecycle commands as a user runs them (docs/design.md §7), each in its own process: on the data dir's own
 * services (started for the command, without the workflow) and alongside a `tipline serve` of the same data
 * dir. Same answers, exit codes and refusals either way, and every request in the access audit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalRuntime } from '../../local/runtime.js';
import { startServeSession, type ServeSession } from '../../local/admin/serve-session.js';
import { PROJECT_ROOT, tipline } from '../support/cli.js';

let dir: string;
let dataDir: string;
let indoreCase: string;
let reviewCase: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tipline-lifecycle-cli-'));
  dataDir = path.join(dir, 'data');
  const runtime = await startLocalRuntime({ dataDir });
  try {
    await runtime.runFile(path.join(PROJECT_ROOT, 'samples', 'example-batch.json'));
  } finally {
    await runtime.stop();
  }
  const cases = await tipline(['review', '--json', '--data-dir', dataDir]);
  expect(cases.code).toBe(0);
  reviewCase = (JSON.parse(cases.stdout) as { caseId: string }[])[0]!.caseId;
  const districts = await tipline(['districts', '--json', '--as', 'district:Indore', '--data-dir', dataDir]);
  expect(JSON.parse(districts.stdout)).toEqual({ Indore: expect.objectContaining({ total: 2, assigned: 2 }) });
  const batch = JSON.parse((await tipline(['runs', '--json', '--data-dir', dataDir])).stdout)[0].batchId as string;
  const listed = JSON.parse((await tipline(['cases', '--batch', batch, '--district', 'Indore', '--json', '--data-dir', dataDir])).stdout) as { caseId: string; disposition: string }[];
  indoreCase = listed.find((c) => c.disposition === 'actionable')!.caseId;
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const audit = async (n: number) => JSON.parse((await tipline(['audit', '--json', '--limit', String(n), '--data-dir', dataDir])).stdout) as Record<string, unknown>[];

test('on the data dir\'s own services: a refusal exits 1 and says why, a change is applied, both are in the audit', async () => {
  const refused = await tipline(['case', 'update', indoreCase, '--status', 'acknowledged', '--as', 'district:Bhopal', '--data-dir', dataDir]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/^refused \(403 forbidden\): .*district:Bhopal/m);

  const done = await tipline(['case', 'update', indoreCase, '--status', 'acknowledged', '--as', 'district:Indore', '--json', '--data-dir', dataDir]);
  expect(done.code).toBe(0);
  const shown = JSON.parse(done.stdout) as { status: string; version: number; history: { actor: string; to: string }[] };
  expect(shown).toMatchObject({ status: 'acknowledged', version: 2 });
  expect(shown.history.at(-1)).toMatchObject({ actor: 'district:Indore', to: 'acknowledged' });

  expect((await audit(2)).map((e) => [e.actor, e.user, e.action, e.allowed, e.status])).toEqual([
    ['district:Indore', 'district:Indore', 'case.update', true, 200],
    ['district:Bhopal', 'district:Bhopal', 'case.update', false, 403],
  ]);
}, 60_000);

test('an out-of-state case of the run is HQ\'s to forward: closed as transferred to the state it was located in', async () => {
  const batch = JSON.parse((await tipline(['runs', '--json', '--data-dir', dataDir])).stdout)[0].batchId as string;
  const all = JSON.parse((await tipline(['cases', '--batch', batch, '--json', '--data-dir', dataDir])).stdout) as { caseId: string; reasons: string[] }[];
  const outOfState = all.find((c) => c.reasons.includes('OUT_OF_JURISDICTION'))!.caseId;
  const toForward = async () => /out of state, to forward (\d+)/.exec((await tipline(['districts', '--as', 'hq', '--data-dir', dataDir])).stdout)?.[1];
  expect(await toForward()).toBe('1');

  const shown = JSON.parse((await tipline(['case', 'show', outOfState, '--json', '--data-dir', dataDir])).stdout) as Record<string, unknown>;
  expect(shown).toMatchObject({ status: 'out-of-state', district: null, elsewhere: 'Maharashtra', version: 1 });

  const byDistrict = await tipline(['case', 'update', outOfState, '--status', 'closed', '--outcome', 'transferred', '--as', 'district:Indore', '--data-dir', dataDir]);
  expect(byDistrict.code).toBe(1);
  expect(byDistrict.stderr).toMatch(/403 forbidden/);

  const closed = await tipline(['case', 'update', outOfState, '--status', 'closed', '--outcome', 'transferred', '--as', 'hq', '--json', '--data-dir', dataDir]);
  expect(closed.code).toBe(0);
  expect(JSON.parse(closed.stdout)).toMatchObject({ status: 'closed', outcome: 'transferred', transferTo: 'Maharashtra', version: 2 });
  expect(await toForward()).toBe('0');
}, 60_000);

describe('alongside a tipline serve of the same data dir', () => {
  let session: ServeSession;
  beforeAll(async () => {
    session = await startServeSession({ dataDir, port: 0 });
  }, 60_000);
  afterAll(async () => {
    await session?.stop();
  });

  test('the commands answer through its services: a stale version is refused, the funnel and the digest answer', async () => {
    const stale = await tipline(['case', 'update', indoreCase, '--status', 'investigating', '--if-version', '1', '--as', 'district:Indore', '--json', '--data-dir', dataDir]);
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout)).toMatchObject({ error: 'stale-version' });

    const decided = await tipline(['review', 'decide', reviewCase, '--promote', '--district', 'Indore', '--as', 'hq', '--json', '--data-dir', dataDir]);
    expect(decided.code).toBe(0);
    expect(JSON.parse(decided.stdout)).toMatchObject({ status: 'assigned', district: 'Indore' });

    const districts = await tipline(['districts', '--json', '--data-dir', dataDir]);
    expect(districts.code).toBe(0);
    expect(JSON.parse(districts.stdout).Indore).toMatchObject({ total: 3, assigned: 2, acknowledged: 1 });

    const digest = await tipline(['digest', '--json', '--data-dir', dataDir]);
    expect(digest.code).toBe(0);
    expect(JSON.parse(digest.stdout)).toMatchObject({ promoted: 1 });

    expect((await audit(3)).map((e) => [e.actor, e.action, e.allowed])).toEqual([
      ['auditor', 'districts.read', true],
      ['hq', 'review.decide', true],
      ['district:Indore', 'case.update', true], // a stale version is answered (409), not refused by role
    ]);
  }, 60_000);
});
