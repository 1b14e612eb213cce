/**
 * What the one bundle decides before it loads anything: the role (the action's main step, its post
 * step, the CLI) and the compile cache's folder. The bundle itself, run as the runner runs it, is
 * tested in __tests__/e2e/bundle.test.ts.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLE_MARK, compileCacheDir, recordMainStarted, roleOf } from '../../../src/startup';
import { parseFileCommands } from '../../e2e/support/runner';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function stateFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rollwatch-startup-')), 'state');
  writeFileSync(file, '');
  return file;
}

describe('roleOf', () => {
  it('is the main step when no entry file set a role (action.yml runs dist/index.js directly)', () => {
    expect(roleOf(undefined)).toBe('main');
  });

  it('is the post step or the CLI when its thin entry file says so', () => {
    expect(roleOf('post')).toBe('post');
    expect(roleOf('cli')).toBe('cli');
    expect(roleOf('something else')).toBe('main');
  });

  it('the thin entry files set exactly those roles and load the bundle next to them', () => {
    const post = readFileSync('src/post-bin.cjs', 'utf8');
    const bin = readFileSync('src/cli-bin.cjs', 'utf8');
    expect(post).toMatch(/globalThis\[Symbol\.for\('rollwatch\.role'\)\] = 'post';\nrequire\('\.\/index\.js'\);/);
    expect(bin).toMatch(/globalThis\[Symbol\.for\('rollwatch\.role'\)\] = 'cli';\nrequire\('\.\.\/index\.js'\);/);
    expect(Symbol.for('rollwatch.role')).toBe(ROLE_MARK);
  });
});

describe('recordMainStarted', () => {
  it('appends main-started to the runner state file in a form the runner reads back', () => {
    const file = stateFile();
    writeFileSync(file, 'earlier=1\n');
    recordMainStarted({ GITHUB_STATE: file });
    expect(parseFileCommands(readFileSync(file, 'utf8'))).toEqual({ earlier: '1', 'main-started': 'true' });
  });

  it('does nothing without a state file (a runner older than file commands)', () => {
    expect(() => recordMainStarted({})).not.toThrow();
  });
});

describe('compileCacheDir', () => {
  it('is in the temp folder, one per user and per rollwatch version', () => {
    expect(compileCacheDir('/tmp', 1001, '0.2.0')).toBe('/tmp/rollwatch-compile-cache-1001/0.2.0');
    expect(compileCacheDir('/tmp', 1001, '0.2.0')).not.toBe(compileCacheDir('/tmp', 1002, '0.2.0'));
    expect(compileCacheDir('/tmp', 1001, '0.2.0')).not.toBe(compileCacheDir('/tmp', 1001, '0.3.0'));
  });

  it('names the folder without a uid where the platform has none', () => {
    expect(compileCacheDir('C:\\Temp', null, '0.2.0')).toContain('rollwatch-compile-cache-user');
  });
});
