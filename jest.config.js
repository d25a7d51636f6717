// Three jest projects, as the design card asks: pure unit tests, CDK template assertions, and
// end-to-end runs on the local emulators. ESM throughout (middy and zod 4 are ESM-only).
// Lambda runs Node 22; the tests (like the local runtime, bin/tipline.js) may run on Node 20, which the AWS
// SDK would warn about in every worker. Set here, before jest starts its workers, which inherit it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const tsJest = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: tsJest,
  // TypeScript sources import each other as .js; jest finds the .ts. A package's own `x.json.js` modules
  // (libphonenumber-js's metadata) are left alone: stripped to `x.json` they became JSON imports without an
  // import attribute, which jest warns about on every test file.
  moduleNameMapper: { '^(\\.{1,2}/(?!.*\\.json\\.js$).*)\\.js$': '$1' },
  testEnvironment: 'node',
};

export default {
  // Project configs ignore testTimeout; the end-to-end tests start emulators and run whole workflows.
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    { ...common, displayName: 'local', testMatch: ['<rootDir>/test/local/**/*.test.ts'] },
  ],
};
