/**
 * The one bundle (dist/index.js) as the runner and a shell run it, under Node 24: action.yml's
 * main and post name the same file, which plays the main step, or the post step when the runner
 * hands back the main step's state; dist/cli/index.js runs it as the CLI. Node's compile cache
 * lives in a folder of the user's own under the temp folder and never fails a run. No lab needed.
 */
import { describe, it, expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/lab';
import { loadActionMetadata, node24, runStep } from './support/runner';
import { TOOL_VERSION } from '../../src/version';
import { PRIVATE_KEY } from '../fixtures/core/config';
import { githubApi, startRecorder } from '../unit/github/recorder';

const CLI_BIN = join(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin.rollwatch);

/** Inputs that reach no host: the main step fails on them at once. */
const noHosts = { mode: 'status', app: 'bundle-test' };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(node24(), [CLI_BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 30_000 });
}

// Records, at exit, every file of dist/ the process loaded (through a preloaded hook).
const loadsDir = mkdtempSync(join(tmpdir(), 'rollwatch-loads-'));
const LOAD_HOOK = join(loadsDir, 'hook.cjs');
writeFileSync(
  LOAD_HOOK,
  "const M = require('module'); const seen = new Set(); const load = M._load;\n" +
    'M._load = function (request, parent, isMain) { const r = load.apply(this, arguments); try { seen.add(M._resolveFilename(request, parent, isMain)); } catch {} return r; };\n' +
    "process.on('exit', () => require('fs').writeFileSync(process.env.LOADS_OUT, [...seen].join('\\n')));\n",
);
const loadRecorder = (name: string) => ({ NODE_OPTIONS: `--require ${LOAD_HOOK}`, LOADS_OUT: join(loadsDir, name) });
/** Whether the run loaded undici's own code (its ProxyAgent class), not only rollwatch's stand-in for it. */
const loadedUndici = (name: string) =>
  readFileSync(join(loadsDir, name), 'utf8')
    .split('\n')
    .filter((f) => f.startsWith(join(ROOT, 'dist')))
    .some((f) => readFileSync(f, 'utf8').includes('class ProxyAgent extends'));

describe('one bundle for the main step, the post step and the CLI', () => {
  it('is one file for main and post, and one dependency graph: no other bundle in dist/', () => {
    const action = loadActionMetadata();
    expect(action.main).toBe('dist/index.js');
    expect(action.post).toBe('dist/post.js');
    // the post step's and the CLI's entries only say their role and load the bundle
    const post = readFileSync(join(ROOT, 'dist/post.js'), 'utf8');
    const bin = readFileSync(CLI_BIN, 'utf8');
    expect(post.length + bin.length).toBeLessThan(1024);
    expect(post).toMatch(/require\('\.\/index\.js'\)/);
    expect(bin).toMatch(/require\('\.\.\/index\.js'\)/);
    // every other script is the entry or one of its chunks, side by side
    const scripts = filesUnder(join(ROOT, 'dist')).filter((f) => /\.(c|m)?js$/.test(f)).map((f) => f.slice(ROOT.length + 1));
    expect(scripts.filter((f) => f !== 'dist/cli/index.js' && !/^dist\/[^/]+\.js$/.test(f))).toEqual([]);
    expect(scripts.filter((f) => /^dist\/[^/]+\.js$/.test(f) && !['dist/index.js', 'dist/post.js'].includes(f)).every((f) => /^dist\/\d+\.index\.js$/.test(f))).toBe(true);
  });

  it('runs the main step when the runner passes no state, and marks it started', async () => {
    const main = await runStep({ phase: 'main', inputs: noHosts });
    expect(main.stdout).toMatch(/::error::invalid configuration/);
    expect(main.code).toBe(1);
    expect(main.state['main-started']).toBe('true');
  });

  it('a post step that gets no state at all (its main step killed at once) is still a post step: it does nothing', async () => {
    const post = await runStep({ phase: 'post', inputs: noHosts, state: {} });
    expect(post.stdout).toBe('');
    expect(post.code).toBe(0);
    expect(post.state).toEqual({});
    expect(post.outputs).toEqual({});
  });

  it('runs the post step after a main step that saved state but nothing to clean up: it does nothing', async () => {
    const main = await runStep({ phase: 'main', inputs: noHosts });
    const post = await runStep({ phase: 'post', inputs: noHosts, state: main.state });
    // the main step would fail on these inputs again and save state; the post step has nothing to do
    expect(post.stdout).toBe('');
    expect(post.stderr).toBe('');
    expect(post.code).toBe(0);
    expect(post.state).toEqual({});
    expect(post.outputs).toEqual({});
  });

  it('runs the post step with the state a main step saved: an unreadable checkpoint is reported, nothing changed', async () => {
    const post = await runStep({ phase: 'post', inputs: noHosts, state: { 'main-started': 'true', checkpoint: '{"runId":' } });
    expect(post.stdout).toMatch(/::warning::the main step's saved checkpoint is unreadable/);
    expect(post.stdout).not.toMatch(/invalid configuration/);
    expect(post.code).toBe(0);
  });

  it('loads @actions/github and undici only when a deployment is made, and they work from the bundle', async () => {
    const api = await startRecorder(githubApi());
    try {
      // a host that refuses SSH: the run fails at preflight, after the deployment was created
      const inputs = { mode: 'deploy', app: 'bundle-test', image: '127.0.0.1:5999/bundle-test', hosts: '127.0.0.1', 'ssh-port': '1', 'ssh-key': PRIVATE_KEY, 'known-hosts': '[127.0.0.1]:1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl', 'github-token': 'ghs_bundle', version: 'v1' };
      const main = await runStep({ phase: 'main', inputs, env: { GITHUB_API_URL: api.url, ...loadRecorder('deploy') } });
      expect(main.code).toBe(1);
      expect(loadedUndici('deploy')).toBe(true);
      const failing = await runStep({ phase: 'main', inputs: noHosts, env: loadRecorder('no-token') });
      expect(failing.stdout).toMatch(/::error::invalid configuration/);
      expect(loadedUndici('no-token')).toBe(false);
      const posted = api.requests.map((r) => (r.path.endsWith('/deployments') ? 'create' : (r.body as { state: string }).state));
      expect(posted[0]).toBe('create');
      expect(posted[1]).toBe('in_progress');
      expect(['failure', 'error']).toContain(posted[posted.length - 1]);
      expect(api.requests[0].headers.authorization).toBe('token ghs_bundle');
    } finally {
      await api.close();
    }
  });

  it('a deploy over SSH loads the SSH target only: no Swarm adapter, no axios', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollwatch-ssh-only-'));
    const config = join(dir, 'rollwatch.yml');
    // a host that refuses SSH: the run fails at preflight, having loaded what a deploy loads before it
    const key = PRIVATE_KEY.split('\n').map((l) => `    ${l}`).join('\n');
    writeFileSync(config, `app: bundle-test\nimage:\n  repository: 127.0.0.1:5999/bundle-test\nssh:\n  hostKeys: accept-new\n  privateKey: |\n${key}\nhosts:\n  - name: h1\n    address: 127.0.0.1\n    port: 1\n`);
    const r = cli(['deploy', '--config', config, '--version', 'v1'], loadRecorder('ssh-deploy'));
    expect(r.stderr).toMatch(/preflight failed on h1/);
    const loaded = readFileSync(join(loadsDir, 'ssh-deploy'), 'utf8')
      .split('\n')
      .filter((f) => f.startsWith(join(ROOT, 'dist')));
    expect(loaded.some((f) => readFileSync(f, 'utf8').includes('class HostConnection'))).toBe(true);
    expect(loaded.filter((f) => readFileSync(f, 'utf8').includes('class SwarmOrchestrator'))).toEqual([]);
    expect(loaded.filter((f) => /class AxiosError|function AxiosError/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('runs the CLI from its bin, even inside an action step that has state and inputs', () => {
    const r = cli(['version'], { GITHUB_ACTIONS: 'true', INPUT_MODE: 'deploy', 'STATE_main-started': 'true' });
    expect(r.stdout.trim()).toBe(`rollwatch ${TOOL_VERSION}`);
    expect(r.status).toBe(0);
    const help = cli(['--help']);
    expect(help.stdout).toMatch(/^usage: rollwatch <command>/m);
    expect(help.status).toBe(0);
  });
});

describe("Node's compile cache", () => {
  const uid = process.getuid!();
  const cacheTop = (tmp: string) => join(tmp, `rollwatch-compile-cache-${uid}`);

  it('is kept in a folder of the user alone under the temp folder, and a warm run gives the same result', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rollwatch-cc-'));
    const cold = cli(['schema'], { TMPDIR: tmp });
    expect(cold.status).toBe(0);
    expect(statSync(cacheTop(tmp)).mode & 0o777).toBe(0o700);
    const written = filesUnder(join(cacheTop(tmp), TOOL_VERSION));
    expect(written.length).toBeGreaterThan(0);
    const warm = cli(['schema'], { TMPDIR: tmp });
    expect(warm.status).toBe(0);
    expect(warm.stdout).toBe(cold.stdout);
    expect(JSON.parse(warm.stdout)).toHaveProperty('properties');
  });

  it('is not used in a folder others can write to (they could plant compiled code there)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rollwatch-cc-'));
    mkdirSync(cacheTop(tmp), { mode: 0o777 });
    chmodSync(cacheTop(tmp), 0o777);
    const r = cli(['schema'], { TMPDIR: tmp });
    expect(r.status).toBe(0);
    expect(filesUnder(cacheTop(tmp)).filter((f) => !statSync(f).isDirectory())).toEqual([]);
  });

  it('never fails a run when its folder cannot be made', async () => {
    const tmp = join(mkdtempSync(join(tmpdir(), 'rollwatch-cc-')), 'a-file');
    writeFileSync(tmp, '');
    const r = cli(['version'], { TMPDIR: tmp });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`rollwatch ${TOOL_VERSION}`);
    expect(r.status).toBe(0);
    const main = await runStep({ phase: 'main', inputs: noHosts, env: { TMPDIR: tmp } });
    expect(main.stdout).toMatch(/::error::invalid configuration/);
    expect(main.state['main-started']).toBe('true');
    expect(existsSync(cacheTop(tmp))).toBe(false);
  });

  it('stays off when the user turns it off with NODE_DISABLE_COMPILE_CACHE', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rollwatch-cc-'));
    const r = cli(['version'], { TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(r.status).toBe(0);
    expect(existsSync(cacheTop(tmp))).toBe(false);
  });
});
