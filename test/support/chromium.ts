/**
 * Headless Chromium for the browser tests: the Debian/Ubuntu package, driven by playwright-core (which
 * downloads no browser of its own). When it is missing the test fails saying exactly what to install.
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.TIPLINE_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}, and it is not there. Install it with ` +
        '`sudo apt-get install -y chromium` (Debian/Ubuntu; `.ci/run` does this), or point TIPLINE_CHROMIUM at a Chromium binary.',
    );
  }
  // A fresh profile directory per run (playwright passes it as --user-data-dir).
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
