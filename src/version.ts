/** Kept equal to package.json's version by a unit test (__tests__/unit/cli/args.test.ts). */
export const TOOL_VERSION = '0.1.0';
