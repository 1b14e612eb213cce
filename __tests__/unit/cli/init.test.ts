/**
 * `rollwatch init`: the starter config it writes passes `rollwatch check`, the workflow passes
 * GitHub's own workflow parser and uses only the action's real inputs, existing files are kept
 * unless --force, and missing answers are named (flags) or asked (a terminal).
 */
import { describe, it, expect, beforeEach, afterEach, jest } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import YAML from 'yaml';
import { runInit, appNameFrom, WORKFLOW_PATH } from '../../../src/cli/init';
import { parseInvocation, commandUsage } from '../../../src/cli/args';
import { main } from '../../../src/cli/main';
import { runCheck } from '../../../src/config/check-run';
import { SCHEMA_MODELINE, ACTION_REF } from '../../../src/config/starter';
import { RollwatchError } from '../../../src/errors';
import { workflowErrors } from '../../fixtures/github/workflow-parser';

const FLAGS = { app: 'shop', image: 'ghcr.io/acme/shop', host: ['web-1=10.0.0.11', 'web-2=10.0.0.12', '10.0.0.13'], 'non-interactive': true };
/** What the deploy's environment gives (the workflow's env: block); only whether they are set counts. */
const DEPLOY_ENV = { DEPLOY_SSH_KEY: 'x', REGISTRY_USERNAME: 'octocat', REGISTRY_PASSWORD: 'x' };

let dir: string;
let out: string;
const io = () => ({ cwd: dir, write: (t: string) => void (out += t) });
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollwatch-init-'));
  out = '';
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const inputErrorOf = async (p: Promise<unknown>): Promise<RollwatchError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RollwatchError);
  expect((err as RollwatchError).kind).toBe('input');
  return err as RollwatchError;
};

describe('the files it writes', () => {
  beforeEach(async () => {
    expect(await runInit(FLAGS, io())).toBe(0);
  });

  it('a config that passes rollwatch check once the deploy\'s variables are set, and names them when not', () => {
    const config = join(dir, 'rollwatch.yml');
    const lines: string[] = [];
    expect(runCheck(config, { env: DEPLOY_ENV, write: (t) => lines.push(t) })).toBe(0);
    expect(lines.join('')).toMatch(/ok \(app shop, target ssh, 3 hosts, image ghcr\.io\/acme\/shop\)/);
    lines.length = 0;
    expect(runCheck(config, { env: {}, write: (t) => lines.push(t) })).toBe(2);
    expect(lines.join('').match(/^\S+: (\S+): /gm)?.map((l) => l.split(': ')[1])).toEqual(['registry.username', 'registry.password.fromEnv', 'ssh.privateKey.fromEnv']);
  });

  it('the config starts with the yaml-language-server modeline and keeps the answers', () => {
    const text = readFileSync(join(dir, 'rollwatch.yml'), 'utf8');
    expect(text.split('\n')[0]).toBe(SCHEMA_MODELINE);
    const raw = YAML.parse(text);
    expect(raw).toMatchObject({ app: 'shop', image: { repository: 'ghcr.io/acme/shop' }, registry: { server: 'ghcr.io' }, ssh: { user: 'deploy' }, container: { port: 8080 }, health: { path: '/health' } });
    expect(raw.hosts).toEqual([{ name: 'web-1', address: '10.0.0.11' }, { name: 'web-2', address: '10.0.0.12' }, '10.0.0.13']);
  });

  it('a workflow GitHub\'s own parser accepts', () => {
    expect(workflowErrors(join(dir, WORKFLOW_PATH))).toEqual([]);
  });

  it('every `with:` key of a rollwatch step is an input of action.yml, and the steps name the config written', () => {
    const inputs = Object.keys(YAML.parse(readFileSync('action.yml', 'utf8')).inputs);
    const wf = YAML.parse(readFileSync(join(dir, WORKFLOW_PATH), 'utf8'));
    const steps = (wf.jobs.deploy.steps as { uses?: string; with?: Record<string, string> }[]).filter((s) => s.uses === ACTION_REF);
    expect(steps).toHaveLength(2);
    for (const step of steps) {
      for (const key of Object.keys(step.with ?? {})) expect([key, inputs.includes(key)]).toEqual([key, true]);
      expect(step.with?.config).toBe('rollwatch.yml');
    }
    expect(steps.map((s) => s.with?.mode)).toEqual(['check', "${{ inputs.mode || 'deploy' }}"]);
  });

  it('workflow_dispatch offers deploy or rollback of a chosen version; the job gives the variables the config reads', () => {
    const wf = YAML.parse(readFileSync(join(dir, WORKFLOW_PATH), 'utf8'));
    expect(wf.on.workflow_dispatch.inputs.mode).toMatchObject({ type: 'choice', options: ['deploy', 'rollback'], default: 'deploy' });
    expect(wf.on.workflow_dispatch.inputs.version).toMatchObject({ type: 'string', required: false });
    expect(Object.keys(wf.jobs.deploy.env).sort()).toEqual(Object.keys(DEPLOY_ENV).sort());
    expect(wf.jobs.deploy.env.REGISTRY_PASSWORD).toBe('${{ secrets.GITHUB_TOKEN }}');
  });

  it('refuses to overwrite either file, naming them, and writes nothing; --force overwrites', async () => {
    writeFileSync(join(dir, 'rollwatch.yml'), 'mine\n');
    const err = await inputErrorOf(runInit({ ...FLAGS, app: 'other' }, io()));
    expect(err.message).toBe(`rollwatch.yml, ${WORKFLOW_PATH}: already exist; nothing was written`);
    expect(err.hint).toMatch(/--force/);
    expect(readFileSync(join(dir, 'rollwatch.yml'), 'utf8')).toBe('mine\n');
    expect(await runInit({ ...FLAGS, app: 'other', force: true }, io())).toBe(0);
    expect(YAML.parse(readFileSync(join(dir, 'rollwatch.yml'), 'utf8')).app).toBe('other');
  });
});

describe('answers', () => {
  it('--non-interactive: every missing required flag named at once', async () => {
    const err = await inputErrorOf(runInit({ 'non-interactive': true, app: 'shop' }, io()));
    expect(err.message).toBe('--image: --image, --host are needed with --non-interactive (or without a terminal)');
    expect(existsSync(join(dir, 'rollwatch.yml'))).toBe(false);
  });

  it.each([
    [{ host: ['web 1=10.0.0.1'] }, /^--host: "web 1=10\.0\.0\.1": expected letters, digits/],
    [{ host: ['web-1=10.0.0.1;reboot'] }, /^--host: .*expected a host name or an IP address/],
    [{ host: ['a=10.0.0.1', 'A=10.0.0.2'] }, /^--host: A is given twice/],
    [{ app: 'Shop!' }, /^--app: expected lower-case letters/],
    [{ image: 'ghcr.io/acme/shop:v1' }, /^--image: expected an image repository without tag/],
    [{ registry: 'docker.io' }, /^--registry: is docker\.io but --image lives on ghcr\.io/],
    [{ port: '70000' }, /^--port: expected a port number from 1 to 65535/],
    [{ 'health-path': 'health' }, /^--health-path: expected a URL path starting with "\/"/],
  ])('%p is refused naming the flag', async (bad, message) => {
    expect((await inputErrorOf(runInit({ ...FLAGS, ...bad }, io()))).message).toMatch(message);
  });

  it('on a terminal, asks for what the flags left out (blank: the default shown)', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let asked = '';
    output.on('data', (d) => (asked += String(d)));
    input.end(['', 'registry.example.com:5000/shop', 'web-1=10.0.0.11, web-2=10.0.0.12', 'ops', '', '/healthz', ''].join('\n'));
    expect(await runInit({ 'no-workflow': true }, { ...io(), input, output, interactive: true })).toBe(0);
    expect(asked).toContain(`App name [${appNameFrom(dir)}]: `);
    expect(asked).toContain('SSH user on the hosts [deploy]: ');
    const raw = YAML.parse(readFileSync(join(dir, 'rollwatch.yml'), 'utf8'));
    expect(raw).toMatchObject({ app: appNameFrom(dir), image: { repository: 'registry.example.com:5000/shop' }, registry: { server: 'registry.example.com:5000' }, ssh: { user: 'ops' }, container: { port: 8080 }, health: { path: '/healthz' } });
    expect(raw.hosts).toHaveLength(2);
    expect(existsSync(join(dir, WORKFLOW_PATH))).toBe(false);
    // another registry than ghcr.io: the workflow would need its own secret
    expect(runCheck(join(dir, 'rollwatch.yml'), { env: DEPLOY_ENV, write: () => {} })).toBe(0);
  });

  it('a registry other than ghcr.io: the workflow passes the REGISTRY_PASSWORD secret', async () => {
    await runInit({ ...FLAGS, image: 'registry.example.com/acme/shop' }, io());
    expect(YAML.parse(readFileSync(join(dir, WORKFLOW_PATH), 'utf8')).jobs.deploy.env.REGISTRY_PASSWORD).toBe('${{ secrets.REGISTRY_PASSWORD }}');
  });

  it('appNameFrom: a directory name made into an app name', () => {
    expect(appNameFrom('/src/My Shop_API')).toBe('my-shop_api');
    expect(appNameFrom('/src/--')).toBe('app');
  });
});

describe('the command line', () => {
  it('init takes its flags (--host repeated); other commands refuse them', () => {
    expect(parseInvocation(['init', '--app', 'shop', '--host', 'a', '--host', 'b', '--non-interactive', '-c', 'deploy/rw.yml'])).toEqual({
      kind: 'init',
      flags: { config: 'deploy/rw.yml', app: 'shop', host: ['a', 'b'], 'non-interactive': true, image: undefined, registry: undefined, user: undefined, port: undefined, 'health-path': undefined, force: undefined, 'no-workflow': undefined },
    });
    expect(() => parseInvocation(['deploy', '--host', 'a'])).toThrow(/^--host: deploy does not take --host/);
    expect(commandUsage('init')).toMatch(/--host \[NAME=\]ADDRESS +a host; repeat for each/);
  });

  it('rollwatch init --non-interactive without flags exits 2 naming them', async () => {
    let stderr = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    try {
      expect(await main(['init', '--non-interactive', '--config', join(dir, 'rollwatch.yml')])).toBe(2);
    } finally {
      jest.restoreAllMocks();
    }
    expect(stderr).toMatch(/^rollwatch: --app: --app, --image, --host are needed with --non-interactive/);
    expect(existsSync(join(dir, 'rollwatch.yml'))).toBe(false);
  });
});
