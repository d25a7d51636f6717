/**
 * The district portal in headless Chromium against `tipline serve`'s pieces (the runtime, the portal server and
 * the API's own handler): an SP on a 390-px phone follows the Indore digest's link, signs in, sees the batch's
 * cases P1 first with the downloads, opens a case with its identifiers, acknowledges it and closes it with an
 * outcome; HQ sees the funnel and promotes the review case. No console error (a CSP violation is one), no
 * request leaves the portal's origin except the five-minute download link.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startServeSession, type ServeSession } from '../../local/admin/serve-session.js';
import { startPortalServer, type PortalServer } from '../../local/portal/server.js';
import { PROJECT_ROOT } from '../../local/paths.js';
import { launchChromium } from '../support/chromium.js';

let dir: string;
let session: ServeSession;
let portal: PortalServer;
let browser: BrowserContext;
let digestLink: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tipline-portal-'));
  const dataDir = path.join(dir, 'data');
  const { handler } = await import('../../functions/api/handler.js');
  // The portal first, on a free port, so the emails of this run link to it.
  portal = await startPortalServer({ dataDir, api: handler, port: 0 });
  session = await startServeSession({ dataDir, port: 0, portalUrl: portal.url });
  browser = await launchChromium(path.join(dir, 'chromium'));
  await session.runtime.runFile(path.join(PROJECT_ROOT, 'test/fixtures/example-batch.json'));
  const mailDir = path.join(dataDir, 'mail');
  for (const f of (await readdir(mailDir)).filter((n) => n.endsWith('.json'))) {
    const mail = JSON.parse(await readFile(path.join(mailDir, f), 'utf8')) as { subject: string; body: { text: string } };
    if (mail.subject.startsWith('[Tipline] Indore:')) digestLink = /http:\/\/127\.0\.0\.1:\d+\/districts\/Indore\/batches\/b-[0-9a-f]{16}/.exec(mail.body.text)![0];
  }
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await session?.stop();
  await rm(dir, { recursive: true, force: true });
});

function watch(page: Page): { problems: string[]; external: string[] } {
  const seen = { problems: [] as string[], external: [] as string[] };
  page.on('console', (m) => { if (m.type() === 'error') seen.problems.push(m.text()); });
  page.on('pageerror', (e) => seen.problems.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith(portal.url)) seen.external.push(r.url()); });
  return seen;
}

async function signIn(page: Page, role: string): Promise<void> {
  await page.locator('select#role').waitFor();
  await page.selectOption('select#role', role);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

it('SP on a phone: from the digest link to the batch, a case with identifiers, acknowledged, then closed', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const seen = watch(page);

  const response = await page.goto(digestLink);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await signIn(page, 'district:Indore');
  await page.getByRole('heading', { level: 1, name: /^Indore: batch b-/ }).waitFor();
  const cards = page.locator('ul.cards > li');
  expect(await cards.count()).toBe(2);
  // Downloads: the full list and the ISP sheets, through the API.
  const downloads = page.getByRole('button', { name: /Full case list with identifiers/ });
  await downloads.waitFor();
  const linkAnswer = page.waitForResponse((r) => r.url().includes('/files/cases.csv'));
  await downloads.click();
  const link = (await (await linkAnswer).json()) as { url: string };
  expect(new URL(link.url).searchParams.get('X-Amz-Expires')).toBe('300');

  await page.goto(`${portal.url}/#/districts/Indore`);
  await page.getByRole('heading', { level: 1, name: 'Indore: cases' }).waitFor();
  await page.locator('ul.cards a').first().click();
  await page.getByRole('heading', { level: 1, name: /^Case C-/ }).waitFor();
  await page.getByRole('heading', { name: 'Identifiers' }).waitFor();
  await expect(page.locator('table caption', { hasText: 'IP events' }).count()).resolves.toBe(1);

  await page.getByLabel('New status').selectOption('acknowledged');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#status', { hasText: 'is now acknowledged' }).waitFor();
  await page.getByLabel('New status').selectOption('closed');
  await page.getByLabel('Outcome (needed to close)').selectOption('arrested');
  await page.getByLabel('FIR number (optional)').fill('FIR 12/2026');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#status', { hasText: 'is now closed (arrested)' }).waitFor();
  // Nothing wider than the phone's screen.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

  expect(seen.problems).toEqual([]);
  expect(seen.external.filter((u) => !u.includes('X-Amz-Signature'))).toEqual([]);
  await page.close();
}, 60_000);

it('HQ: the funnel as a chart and a table, then promotes the review case', async () => {
  const page = await browser.newPage();
  const seen = watch(page);
  await page.goto(`${portal.url}/#/hq`);
  await signIn(page, 'hq');
  await page.getByRole('heading', { level: 1, name: 'State Cyber Cell HQ' }).waitFor();
  await expect(page.locator('svg.chart[role="img"] title').first().textContent()).resolves.toBe('Cases by district and status');
  const indoreRow = page.locator('table tr', { has: page.locator('th', { hasText: 'Indore' }) });
  await expect(indoreRow.locator('td').first().textContent()).resolves.toBe('2');

  await page.goto(`${portal.url}/#/review`);
  await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
  const form = page.locator('form[aria-label^="Decide case"]').first();
  await form.getByRole('button', { name: 'Decide' }).click();
  await page.locator('#status', { hasText: /promoted to/ }).waitFor();
  await page.locator('p.empty', { hasText: 'Nothing awaits review.' }).waitFor();
  expect(seen.problems).toEqual([]);
  expect(seen.external).toEqual([]);
  await page.close();
}, 60_000);
