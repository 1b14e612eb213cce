// ESM jest: the GitHub toolkit ships ESM only (see docs/development.md).
const common = {
  preset: 'ts-jest/presets/default-esm',
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', diagnostics: { ignoreCodes: [151002] } }] },
};

module.exports = {
  // e2e: the summary render test runs last (it renders what the lab tests saved)
  testSequencer: '<rootDir>/__tests__/e2e/support/sequencer.cjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/__tests__/e2e/support/setup.ts'] },
  ],
};
