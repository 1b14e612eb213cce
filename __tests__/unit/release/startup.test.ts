/**
 * What the one bundle decides before it loads anything: the role (the action's main step, its post
 * step, the CLI) and the compile cache's folder. The bundle itself, run as the runner runs it, is
 * tested in __tests__/e2e/bundle.test.ts.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN_STATE_KEYS, compileCacheDir, recordMainStarted, roleOf } from '../../../src/startup';
import { markDeploymentFinished, markMainStarted, saveCheckpoint, saveDeploymentId, saveRunId } from '../../../src/github/state';
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
  it('is the main step when the runner passed no state of the main step', () => {
    expect(roleOf({ GITHUB_ACTIONS: 'true', INPUT_MODE: 'deploy' }, undefined)).toBe('main');
  });

  it('is the post step when any key the main step saves comes back as STATE_<key>', () => {
    for (const key of MAIN_STATE_KEYS) expect(roleOf({ [`STATE_${key}`]: '' }, undefined)).toBe('post');
  });

  it('takes a STATE_ variable the action never saves for no sign of a post step', () => {
    expect(roleOf({ STATE_FOO: 'x', STATE_isPost: 'true' }, undefined)).toBe('main');
  });

  it('is the CLI when the bin set its mark, whatever the environment', () => {
    expect(roleOf({ 'STATE_main-started': 'true', INPUT_MODE: 'deploy' }, true)).toBe('cli');
  });

  it('knows every key src/github/state.ts saves (a post step is recognised by each of them)', () => {
    const file = stateFile();
    process.env.GITHUB_STATE = file;
    markMainStarted();
    saveCheckpoint({ runId: 'gh-1-1', app: 'web', command: 'deploy', version: 'v2', phase: 'rollout', touched: { h1: null }, lockedHosts: ['h1'] });
    saveRunId('gh-1-1');
    saveDeploymentId(7);
    markDeploymentFinished();
    const keys = Object.keys(parseFileCommands(readFileSync(file, 'utf8')));
    expect(keys.length).toBeGreaterThanOrEqual(6);
    expect([...MAIN_STATE_KEYS].sort()).toEqual([...new Set(keys)].sort());
  });
});

describe('recordMainStarted', () => {
  it('appends main-started to the runner state file in a form the runner reads back', () => {
    const file = stateFile();
    writeFileSync(file, 'earlier=1\n');
    recordMainStarted({ GITHUB_STATE: file });
    expect(parseFileCommands(readFileSync(file, 'utf8'))).toEqual({ earlier: '1', 'main-started': 'true' });
    expect(roleOf({ 'STATE_main-started': 'true' }, undefined)).toBe('post');
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
