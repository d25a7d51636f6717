/**
 * Size of each step's Lambda bundle: `npx tsx bench/bundle-size.ts [--top N]`.
 *
 * Runs esbuild with the very options PipelineFunction gives NodejsFunction (STEP_BUNDLING: ESM, node22,
 * minified, banner, main fields, AWS SDK bundled or not as configured) on every functions/<step>/handler.ts,
 * without writing files, and reads the sizes from esbuild's metafile. Prints one JSON line per step, then the
 * largest: {"metric":"bundle_kb_<step>","value":N,"unit":"KB"} … {"metric":"bundle_kb_max",…}. The source map
 * is shipped alongside but not counted. Target: ≤ 1 MB (1024 KB) per step. With --top N, also prints (to
 * stderr) each step's N largest inputs, to see what to trim.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { PROJECT_ROOT, STEP_BUNDLING, handlerModule } from '../infra/constructs/pipeline-function.js';

const LIMIT_KB = 1024;
const topIndex = process.argv.indexOf('--top');
const top = topIndex >= 0 ? Number(process.argv[topIndex + 1]) : 0;

/** The externals NodejsFunction applies for a Node 18+ runtime: the AWS SDK v3 the runtime ships, unless bundled. */
const bundleSdk = process.argv.includes('--bundle-sdk') || ('bundleAwsSDK' in STEP_BUNDLING && STEP_BUNDLING.bundleAwsSDK === true);
const external: string[] = bundleSdk ? [] : ['@aws-sdk/*'];

const steps = readdirSync(path.join(PROJECT_ROOT, 'functions'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

let max = 0;
for (const step of steps) {
  const result = await build({
    entryPoints: [path.join(PROJECT_ROOT, handlerModule(step))],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: STEP_BUNDLING.target,
    minify: STEP_BUNDLING.minify,
    sourcemap: STEP_BUNDLING.sourceMap,
    metafile: true,
    mainFields: [...STEP_BUNDLING.mainFields],
    banner: { js: STEP_BUNDLING.banner },
    external,
    outfile: path.join(PROJECT_ROOT, 'cdk.out', 'bundle-size', step, 'index.mjs'),
    write: false,
    logLevel: 'error',
  });
  const meta: Metafile = result.metafile;
  const [, code] = Object.entries(meta.outputs).find(([file]) => file.endsWith('.mjs'))!;
  const kb = Math.round((code.bytes / 1024) * 10) / 10;
  max = Math.max(max, kb);
  console.log(JSON.stringify({ metric: `bundle_kb_${step.replace(/-/g, '_')}`, value: kb, unit: 'KB' }));
  if (top > 0) {
    const largest = Object.entries(code.inputs).sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput).slice(0, top);
    for (const [input, { bytesInOutput }] of largest) console.error(`  ${step}: ${(bytesInOutput / 1024).toFixed(1)} KB ${input}`);
  }
}
console.log(JSON.stringify({ metric: 'bundle_kb_max', value: max, unit: 'KB' }));
if (max > LIMIT_KB) {
  console.error(`largest bundle is ${max} KB, over the ${LIMIT_KB} KB target`);
  process.exitCode = 1;
}
