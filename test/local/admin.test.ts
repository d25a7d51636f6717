/**
 * The local admin page in headless Chromium (Debian package, driven by playwright-core): it loads, lists
 * the run, opens it and shows the timeline and the per-district chart; the API masks rejected records and
 * the server sends a Content-Security-Policy and answers only its own loopback Host.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { startServeSession, type ServeSession } from '../../local/admin/serve-session.js';
import { PROJECT_ROOT } from '../../local/paths.js';

const REJECTS = [
  '{"reportId":"700000002","report":{"incidentSummary":{"incidentType":"Child Pornography (possession, manufacture, and distribution)","incidentDateTime":"2026-08-05T06:32:45Z"}}}',
  '{"reportId":"700000003","report":{"incidentSummary":{"incidentType":"<img src=x onerror=alert(1)> leaky.user@mail.example","incidentDateTime":"yesterday"}}}',
].join('\n');

let dir: string;
let session: ServeSession;
let browser: BrowserContext;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tipline-admin-'));
  await writeFile(path.join(dir, 'with-rejects.jsonl'), REJECTS);
  browser = await launchChromium(path.join(dir, 'chromium'));
  session = await startServeSession({ dataDir: path.join(dir, 'data'), port: 0 });
  await session.runtime.runFile(path.join(PROJECT_ROOT, 'test/fixtures/example-batch.json'));
  await session.runtime.runFile(path.join(dir, 'with-rejects.jsonl'));
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await session?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('loads the page, finds the run, opens it and sees the timeline and districts chart', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  const external: string[] = [];
  page.on('request', (r) => { if (!r.url().startsWith(session.admin.url)) external.push(r.url()); });

  const response = await page.goto(session.admin.url);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
  const row = page.locator('#runs tbody tr', { hasText: 'incoming/example-batch.json' });
  await row.waitFor();
  await expect(row.locator('td').nth(2).textContent()).resolves.toBe('SUCCEEDED');
  await expect(row.locator('td').nth(1).textContent()).resolves.toMatch(/^\d\d:\d\d:\d\d IST$/);
  await row.click();

  await page.locator('#districts-chart .district-bar').first().waitFor();
  const bars = await page.locator('#districts-chart .district-bar').evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-district'), g.getAttribute('data-cases')]));
  expect(bars).toEqual([['Indore', '2'], ['Bhopal', '1'], ['Jabalpur', '1']]);
  const states = await page.locator('#timeline-chart rect.timeline-bar').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-state')));
  expect(states).toEqual(expect.arrayContaining(['RegisterBatch', 'Validate', 'Classify', 'Assign', 'Notify', 'Finalize']));
  await expect(page.locator('#mail-link').getAttribute('href')).resolves.toBe(session.info.mailViewerUrl);

  // Map iterations named by the district they process, collapsible; each state's input and output.
  const iterations = await page.locator('#states details.iteration[data-map="FanOutDistricts"]').evaluateAll((ds) => ds.map((d) => d.getAttribute('data-iteration')));
  expect(iterations).toEqual(['Bhopal', 'Indore', 'Jabalpur']);
  const notifyIo = page.locator('#states details.iteration[data-iteration="Indore"] details.state-io[data-state="Notify"] pre.io-input');
  expect(JSON.parse((await notifyIo.textContent())!).work.district).toBe('Indore');
  await expect(page.locator('#run-meta').textContent()).resolves.toMatch(/\(\d\d:\d\d:\d\d IST\)/);
  // The run's emails (3 digests + HQ) and its log lines; every stored message in the mail list.
  await page.locator('#run-emails tr.mail-row').nth(3).waitFor();
  expect(await page.locator('#run-emails tr.mail-row').count()).toBe(4);
  expect(await page.locator('#run-logs tr.log-line').count()).toBeGreaterThan(3);
  await page.locator('#mail tr.mail-row').nth(3).waitFor();
  await expect(page.locator('#mail').textContent()).resolves.toContain('[Tipline] Indore');
  // The duplicates column, and the status filter.
  await expect(page.locator('#runs thead').textContent()).resolves.toContain('Duplicates');
  await page.locator('#f-status').selectOption('FAILED');
  await page.locator('#runs tbody tr').first().waitFor({ state: 'detached' });
  expect(await page.locator('#runs tbody tr').count()).toBe(0);
  await page.locator('#f-status').selectOption('');
  await page.locator('#runs tbody tr', { hasText: 'incoming/with-rejects.jsonl' }).waitFor();
  await page.screenshot({ path: path.join(tmpdir(), 'tipline-admin-run.png'), fullPage: true });

  // The run with rejected records: masked, and markup in a value stays text.
  await page.locator('#runs tbody tr', { hasText: 'incoming/with-rejects.jsonl' }).click();
  await page.locator('#rejected tr.rejected-record').first().waitFor();
  const rejectedText = await page.locator('#rejected').textContent();
  expect(rejectedText).toContain('line 2');
  expect(rejectedText).not.toContain('leaky.user');
  expect(await page.locator('#rejected img').count()).toBe(0);
  await page.screenshot({ path: path.join(tmpdir(), 'tipline-admin-rejected.png'), fullPage: true });

  expect(problems).toEqual([]);
  expect(external).toEqual([]);
  await page.close();
}, 60_000);

it('API: masked rejected records, 404 for unknown runs, and only its own Host', async () => {
  const runs = (await (await fetch(`${session.admin.url}api/runs`)).json()) as { execution: string; file: string }[];
  const rejectsRun = runs.find((r) => r.file === 'incoming/with-rejects.jsonl')!;
  const rejected = (await (await fetch(`${session.admin.url}api/runs/${rejectsRun.execution}/rejected`)).json()) as { masked: boolean };
  expect(rejected.masked).toBe(true);
  expect(JSON.stringify(rejected)).not.toContain('leaky.user');
  expect((await fetch(`${session.admin.url}api/runs/nope`)).status).toBe(404);
  expect((await fetch(`${session.admin.url}api/runs?since=someday`)).status).toBe(400);
  // A stored message is served sandboxed, with no script.
  const mail = (await (await fetch(`${session.admin.url}api/mail`)).json()) as { id: string }[];
  const message = await fetch(`${session.admin.url}mail/${mail[0]!.id}`);
  expect(message.status).toBe(200);
  expect(message.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
  const rebinding = await new Promise<number>((resolve, reject) => {
    import('node:http').then(({ get }) => {
      get(`${session.admin.url}api/runs`, { headers: { Host: 'evil.example' } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject);
    }, reject);
  });
  expect(rebinding).toBe(421);
  expect(session.admin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
});
