/**
 * The Lambda bundle of each step, built in memory with the very esbuild options PipelineFunction gives
 * NodejsFunction (STEP_BUNDLING: ESM, node22, minified, banner, main fields, AWS SDK bundled or not as
 * configured). Used by the bundle-size benchmark and the infra test that keeps every bundle under 1 MB.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT, STEP_BUNDLING, handlerModule } from './constructs/pipeline-function.js';

/** Lambda's own limit is far higher; this keeps cold starts short. */
export const BUNDLE_LIMIT_BYTES = 1024 * 1024;

export interface StepBundle {
  step: string;
  /** Size of the minified .mjs (the zip holds nothing else). */
  bytes: number;
  /** Bytes each input contributes to the output, largest first. */
  inputs: Array<{ input: string; bytes: number }>;
}

/** The steps: one folder per Lambda under functions/. */
export const stepNames = (): string[] =>
  readdirSync(path.join(PROJECT_ROOT, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

/** Bundles one step without writing files. `bundleSdk` defaults to what STEP_BUNDLING ships. */
export async function bundleStep(step: string, bundleSdk: boolean = STEP_BUNDLING.bundleAwsSDK): Promise<StepBundle> {
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
    // The externals NodejsFunction applies for a Node 18+ runtime when the SDK is not bundled.
    external: bundleSdk ? [] : ['@aws-sdk/*'],
    outfile: path.join(PROJECT_ROOT, 'cdk.out', 'bundle-size', step, 'index.mjs'),
    write: false,
    logLevel: 'error',
  });
  const [, code] = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.mjs'))!;
  const inputs = Object.entries(code.inputs)
    .map(([input, { bytesInOutput }]) => ({ input, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { step, bytes: code.bytes, inputs };
}
