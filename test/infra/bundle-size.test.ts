import { BUNDLE_LIMIT_BYTES, bundleStep, stepNames } from '../../infra/step-bundles.js';

describe('Lambda bundles (PipelineFunction esbuild options, AWS SDK bundled)', () => {
  it('has one bundle per step folder', () => {
    expect(stepNames()).toEqual(
      expect.arrayContaining(['register-batch', 'validate', 'enrich', 'classify', 'assign', 'notify', 'finalize', 'mark-failed']),
    );
  });

  it.each(stepNames())('%s stays under 1 MB and ships no zod locale', async (step) => {
    const bundle = await bundleStep(step);
    expect(bundle.bytes).toBeLessThanOrEqual(BUNDLE_LIMIT_BYTES);
    // `import { z } from 'zod'` materialises the whole namespace, locales (~258 KB) included.
    expect(bundle.inputs.filter(({ input }) => input.includes('zod/v4/locales/') && !input.endsWith('/en.js'))).toEqual([]);
    // lib-storage (multipart uploads) only where an upload streams: Validate's rejected file, Classify's case files.
    const libStorage = bundle.inputs.some(({ input }) => input.includes('@aws-sdk/lib-storage/'));
    expect(libStorage).toBe(['validate', 'classify'].includes(step));
  });
});
