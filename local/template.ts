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
    // A local stack is a demo deployment: placeholder addresses, the shipped directory until one is loaded.
    const context = { ...(await cdkJsonContext()), 'tipline:demo': true, 'aws:cdk:enable-path-metadata': true, 'aws:cdk:bundling-stacks': [] };
    const { app } = buildApp({ context, outdir });
    return app.synth().getStackByName(STACK_NAME).template as CfnTemplate;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/** The cache file for the current sources, and the template in it when there is one (file reads only). */
export async function readTemplateCache(): Promise<{ file: string; template?: CfnTemplate }> {
  const file = path.join(CACHE_DIR, `template-${await sourceHash()}.json`);
  try {
    return { file, template: JSON.parse(await readFile(file, 'utf-8')) as CfnTemplate };
  } catch {
    return { file };
  }
}

/** Synthesizes the template (importing the CDK app) and stores it in the cache file. */
export async function synthesizeToCache(file: string): Promise<CfnTemplate> {
  const template = await synthesizeTemplate();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(template));
  return template;
}

export async function loadTemplate(): Promise<CfnTemplate> {
  const cache = await readTemplateCache();
  return cache.template ?? synthesizeToCache(cache.file);
}
