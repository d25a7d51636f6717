/**
 * The synthesized CloudFormation template, produced in-process from the same CDK app `npx cdk synth` runs
 * (with Lambda bundling skipped: the local runtime imports the handler modules directly). Cached in
 * node_modules/.cache, keyed by a hash of the sources that shape it, so a warm start skips synthesis.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CfnTemplate } from './cfn.js';
import { CACHE_DIR, PROJECT_ROOT } from './paths.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const files = [
    ...(await filesUnder(path.join(PROJECT_ROOT, 'infra'))),
    ...(await filesUnder(path.join(PROJECT_ROOT, 'shared'))),
    path.join(PROJECT_ROOT, 'cdk.json'),
    path.join(PROJECT_ROOT, 'package-lock.json'),
  ];
  for (const f of files) hash.update(f).update(await readFile(f));
  return hash.digest('hex').slice(0, 16);
}

/** The context `cdk synth` would pass from cdk.json. */
export async function cdkJsonContext(): Promise<Record<string, unknown>> {
  const cdkJson = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'cdk.json'), 'utf-8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export async function synthesizeTemplate(): Promise<CfnTemplate> {
  const { buildApp, STACK_NAME } = await import('../infra/build-app.js');
  const outdir = await mkdtemp(path.join(tmpdir(), 'tipline-synth-'));
  try {
    // Path metadata on, as the CDK CLI has it by default; bundling off: the local runtime imports handlers.
    const context = { ...(await cdkJsonContext()), 'aws:cdk:enable-path-metadata': true, 'aws:cdk:bundling-stacks': [] };
    const { app } = buildApp({ context, outdir });
    return app.synth().getStackByName(STACK_NAME).template as CfnTemplate;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

export async function loadTemplate(): Promise<CfnTemplate> {
  const cacheDir = CACHE_DIR;
  const cacheFile = path.join(cacheDir, `template-${await sourceHash()}.json`);
  try {
    return JSON.parse(await readFile(cacheFile, 'utf-8')) as CfnTemplate;
  } catch {
    const template = await synthesizeTemplate();
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cacheFile, JSON.stringify(template));
    return template;
  }
}
