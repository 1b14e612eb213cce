/**
 * The npm package works on its own: `npm pack` gives a tarball with the bundles and without the
 * sources, it installs with no network and no dependencies (the ncc bundles carry everything),
 * and its `rollwatch` bin runs with plain node.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(process.cwd());
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const COMMANDS = ['deploy', 'rollback', 'plan', 'status', 'verify', 'lock', 'analyze', 'schema'];

interface PackResult {
  filename: string;
  files: { path: string }[];
}

/** npm without the npm_config_* of an enclosing `npm run`, and with a cache of its own. */
function npm(args: string[], cwd: string, cache: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return execFileSync(NPM, [...args, '--cache', cache, '--no-update-notifier'], {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 45_000,
  });
}

describe('the npm package', () => {
  let tmp = '';
  let pack: PackResult;
  let project = '';

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'rollwatch-pack-'));
    const cache = join(tmp, 'npm-cache'); // empty: the install below cannot lean on a warm cache
    const out = join(tmp, 'out');
    project = join(tmp, 'project');
    for (const d of [cache, out, project]) execFileSync('mkdir', ['-p', d]);
    [pack] = JSON.parse(npm(['pack', '--json', '--pack-destination', out], ROOT, cache)) as PackResult[];
    // its own package.json, or npm would look for a project further up the tree
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-test', private: true }));
    npm(['install', '--offline', '--no-audit', '--no-fund', join(out, pack.filename)], project, cache);
  }, 60_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('holds the bundles, the action and the license, not the sources or the tests', () => {
    const files = pack.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'dist/cli/index.js', 'dist/index.js', 'action.yml', 'LICENSE', 'README.md', 'CHANGELOG.md']),
    );
    // one bundle: the post step and the CLI have no bundle of their own
    expect(files.filter((f) => /^dist\/(post|cli)\/.+\.js$/.test(f))).toEqual(['dist/cli/index.js']);
    expect(files.filter((f) => /^(src|__tests__|scripts|bench|demo|node_modules|\.github)\//.test(f))).toEqual([]);
  });

  it('installs offline with nothing but itself (no runtime dependencies)', () => {
    const installed = readdirSync(join(project, 'node_modules')).filter((d) => !d.startsWith('.'));
    expect(installed).toEqual(['rollwatch']);
  });

  it('has a `rollwatch` bin that runs with plain node', () => {
    const bin = join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'rollwatch.cmd' : 'rollwatch');
    expect(existsSync(bin)).toBe(true);
    const r = spawnSync(bin, ['--help'], { cwd: project, encoding: 'utf8', timeout: 20_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    const help = r.stdout + r.stderr;
    expect(help).toMatch(/^usage: rollwatch <command>/m);
    for (const c of COMMANDS) expect(help).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  });
});
