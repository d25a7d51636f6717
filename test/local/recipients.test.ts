/**
 * The recipient directory as data, through the real CLI (issue 20): `tipline recipients load` of a 55-district
 * directory, then a run of the example sends its digests to those addresses; a file that is not a directory is
 * refused, naming the file; versions are kept with who loaded them; loading the same directory again stores
 * nothing.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tipline, jsonLines, PROJECT_ROOT } from '../support/cli.js';
import { DISTRICT_NAMES } from '../../shared/notify/recipients.js';

const EXAMPLE = path.join(PROJECT_ROOT, 'test/fixtures/example-batch.json');
const slug = (d: string) => d.toLowerCase().replace(/\W+/g, '-');
const directory = (domain: string) => ({
  hq: { title: 'State Cyber Cell HQ', email: `hq@${domain}` },
  districts: Object.fromEntries(DISTRICT_NAMES.map((d) => [d, { title: `SP ${d}`, email: `sp.${slug(d)}@${domain}` }])),
});

let dataDir: string;
let file: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tipline-recipients-'));
  file = path.join(dataDir, 'directory.json');
  await writeFile(file, JSON.stringify(directory('police.mp.gov.in')));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

test('a loaded directory is where the example digests go', async () => {
  const load = await tipline(['recipients', 'load', file, '--json', '--changed-by', 'test-admin', '--data-dir', dataDir]);
  expect(load.stderr).not.toMatch(/tipline: /);
  expect(jsonLines(load.stdout)).toEqual([expect.objectContaining({ stored: true, version: 1, districts: 55, changedBy: 'test-admin' })]);

  const run = await tipline(['run', EXAMPLE, '--json', '--data-dir', dataDir]);
  expect(run.code).toBe(0);
  const mailDir = path.join(dataDir, 'mail');
  const sent = await Promise.all((await readdir(mailDir)).filter((f) => f.endsWith('.json')).map(async (f) => JSON.parse(await readFile(path.join(mailDir, f), 'utf-8')) as { destination: { to: string[] }; subject: string }));
  const digests = sent.filter((m) => !m.subject.includes('HQ summary')).flatMap((m) => m.destination.to).sort();
  expect(digests).toEqual(['sp.bhopal@police.mp.gov.in', 'sp.indore@police.mp.gov.in', 'sp.jabalpur@police.mp.gov.in']);
}, 240_000);

test('shows the version in use; the same file again stores nothing; a changed one is the next version', async () => {
  const same = await tipline(['recipients', 'load', file, '--json', '--data-dir', dataDir]);
  expect(jsonLines(same.stdout)).toEqual([expect.objectContaining({ stored: false, version: 1 })]);
  const changed = directory('police.mp.gov.in');
  changed.districts.Indore!.email = 'cp.indore@police.mp.gov.in';
  const second = path.join(dataDir, 'directory-2.json');
  await writeFile(second, JSON.stringify(changed));
  expect(jsonLines((await tipline(['recipients', 'load', second, '--json', '--data-dir', dataDir])).stdout)).toEqual([expect.objectContaining({ stored: true, version: 2 })]);

  const show = await tipline(['recipients', '--json', '--data-dir', dataDir]);
  const [current] = jsonLines<{ version: number; changedAt: string; directory: { districts: Record<string, { email: string }> } }>(show.stdout);
  expect(current).toMatchObject({ version: 2, changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  expect(current!.directory.districts.Indore!.email).toBe('cp.indore@police.mp.gov.in');
  const history = await tipline(['recipients', '--history', '--json', '--data-dir', dataDir]);
  expect(jsonLines<{ version: number; changedBy: string }[]>(history.stdout)[0]!.map((v) => v.version)).toEqual([2, 1]);
}, 240_000);

test('a file that is not a directory is refused, naming it, and nothing is stored', async () => {
  const refused = await tipline(['recipients', 'load', EXAMPLE, '--data-dir', dataDir]);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain(`${EXAMPLE} is not a recipient directory: expected a JSON object with "hq"`);
  const partial = path.join(dataDir, 'partial.json');
  const { districts, hq } = directory('police.mp.gov.in');
  delete districts.Damoh;
  await writeFile(partial, JSON.stringify({ hq, districts }));
  const missing = await tipline(['recipients', 'load', partial, '--data-dir', dataDir]);
  expect(missing.code).not.toBe(0);
  expect(missing.stderr).toMatch(/is not a loadable recipient directory:\n {2}districts: 1 of 55 districts missing: Damoh/);
  const show = await tipline(['recipients', '--json', '--data-dir', dataDir]);
  expect(jsonLines<{ version: number }>(show.stdout)[0]!.version).toBe(2);
}, 240_000);
