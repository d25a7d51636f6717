/**
 * Size of each step's Lambda bundle: `npx tsx bench/bundle-size.ts [--top N] [--bundle-sdk]`.
 *
 * Bundles every functions/<step>/handler.ts in memory with PipelineFunction's esbuild options (see
 * infra/step-bundles.ts) and prints one JSON line per step, then the largest:
 * {"metric":"bundle_kb_<step>","value":N,"unit":"KB"} … {"metric":"bundle_kb_max",…}. Target: ≤ 1 MB per step.
 * With --top N, also prints (to stderr) each step's N largest inputs, to see what to trim.
 */
import { BUNDLE_LIMIT_BYTES, bundleStep, stepNames } from '../infra/step-bundles.js';

const topIndex = process.argv.indexOf('--top');
const top = topIndex >= 0 ? Number(process.argv[topIndex + 1]) : 0;
const bundleSdk = process.argv.includes('--bundle-sdk') ? true : undefined;
const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

let max = 0;
for (const step of stepNames()) {
  const bundle = await bundleStep(step, bundleSdk);
  max = Math.max(max, bundle.bytes);
  console.log(JSON.stringify({ metric: `bundle_kb_${step.replace(/-/g, '_')}`, value: kb(bundle.bytes), unit: 'KB' }));
  for (const { input, bytes } of bundle.inputs.slice(0, top)) console.error(`  ${step}: ${kb(bytes)} KB ${input}`);
}
console.log(JSON.stringify({ metric: 'bundle_kb_max', value: kb(max), unit: 'KB' }));
if (max > BUNDLE_LIMIT_BYTES) {
  console.error(`largest bundle is ${kb(max)} KB, over the ${kb(BUNDLE_LIMIT_BYTES)} KB target`);
  process.exitCode = 1;
}
