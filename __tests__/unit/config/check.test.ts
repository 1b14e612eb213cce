/**
 * `rollwatch check`: every problem of a config file at once, with the line and column in the
 * YAML file, a did-you-mean for unknown keys, all missing environment variables together (never
 * their values); the example configs pass; the CLI and the action's `mode: check` run it.
 */
import { jest, describe, it, expect, afterEach } from '@jest/globals';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { allowedKeys, checkConfigText, didYouMean, formatAnnotation, formatCheck, type Problem } from '../../../src/config/check';
import { editDistance } from '../../../src/util/suggest';
import { buildConfig, envReferences } from '../../../src/config/load';
import { RollwatchError } from '../../../src/errors';
import { readInputs } from '../../../src/github/inputs';
import { runCheckMode } from '../../../src/github/main';
import { parseInvocation, USAGE } from '../../../src/cli/args';
import { main } from '../../../src/cli/main';
import { fakeSources, minimalRaw } from '../../fixtures/core/config';

const ROOT = resolve(process.cwd());
const BROKEN = join(ROOT, '__tests__/fixtures/check/broken.yml');
const brokenText = readFileSync(BROKEN, 'utf8');

/** `line:col field` of each problem, in order. */
const places = (problems: Problem[]) => problems.map((p) => `${p.line}:${p.col} ${p.field}`);

/** A config that passes, as YAML text (host keys trusted on first use, no secret in it). */
const GOOD = `app: web
image: { repository: ghcr.io/acme/web }
ssh: { hostKeys: accept-new }
hosts: [web-1.example.com, web-2.example.com]
health: { path: /health, port: 8080 }
`;

describe('checkConfigText', () => {
  it('webhook URLs given as secrets are not read; a URL written in the file is checked', () => {
    const secret = `${GOOD}notify:\n  - url: { fromEnv: SLACK_URL }\n    format: slack\n  - url: { fromFile: hook.txt }\n`;
    expect(formatCheck(checkConfigText(secret, 'r.yml', { env: { SLACK_URL: 'x' } }))).toMatch(/^r\.yml: ok \(/);
    expect(places(checkConfigText(secret, 'r.yml', { env: {} }).problems)).toEqual(['7:21 notify[0].url.fromEnv']);
    const plain = `${GOOD}notify:\n  - url: http://hooks.example.com/x\n`;
    expect(formatCheck(checkConfigText(plain, 'r.yml', { env: {} }))).toMatch(/notify\[0\]\.url: is plain http to a host other than the loopback/);
  });

  it('reports every problem of the broken file at once, each at its line and column, sorted by line', () => {
    const r = checkConfigText(brokenText, 'broken.yml', { env: {} });
    expect(r.summary).toBeNull();
    expect(places(r.problems)).toEqual([
      '8:24 registry.password.fromEnv', // missing env variable 1
      '11:9 ssh.port', // wrong type: "22" is a string
      '15:5 hosts[1].address', // required, missing (it is misspelt below)
      '16:5 hosts[1].adress', // unknown key
      '21:30 container.env.DATABASE_URL.fromEnv', // missing env variable 2
      '25:3 rollout.batchSise', // unknown key
      '26:13 rollout.strategy', // not one of the accepted values
    ]);
    const msg = (field: string) => r.problems.find((p) => p.field === field)!.message;
    expect(msg('rollout.batchSise')).toBe('unknown key "batchSise" (did you mean "batchSize"?); accepted here: batchSize, concurrency, strategy, retain, canary, lockTimeout, hooks');
    expect(msg('hosts[1].adress')).toMatch(/^unknown key "adress" \(did you mean "address"\?\); accepted here: name, address, port, user, fingerprint$/);
    expect(msg('ssh.port')).toBe('expected a port number from 1 to 65535');
    expect(msg('hosts[1].address')).toMatch(/^is required: expected a string: a host name or an IP address/);
    expect(msg('rollout.strategy')).toMatch(/^expected "stop-start" .*, "start-stop" .* or "proxy"/);
    expect(msg('registry.password.fromEnv')).toMatch(/^environment variable REGISTRY_PASSWORD is not set or empty: export REGISTRY_PASSWORD/);
    expect(msg('container.env.DATABASE_URL.fromEnv')).toMatch(/^environment variable DATABASE_URL is not set or empty/);
    expect(r.problems.every((p) => p.file === 'broken.yml')).toBe(true);
  });

  it('prints `file:line:col: field: message` lines and a count', () => {
    const text = formatCheck(checkConfigText(brokenText, 'broken.yml', { env: {} }));
    const lines = text.split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[5]).toBe('broken.yml:25:3: rollout.batchSise: unknown key "batchSise" (did you mean "batchSize"?); accepted here: batchSize, concurrency, strategy, retain, canary, lockTimeout, hooks');
    expect(lines[7]).toBe('broken.yml: 7 problems');
  });

  it('needs environment variables only to be set, and never prints their values', () => {
    const env = { REGISTRY_PASSWORD: 'hunter2-registry-secret', DATABASE_URL: 'postgres://u:db-secret@db/x' };
    const r = checkConfigText(brokenText, 'broken.yml', { env });
    expect(places(r.problems)).not.toContain('8:24 registry.password.fromEnv');
    expect(r.problems.some((p) => p.field.endsWith('fromEnv'))).toBe(false);
    const text = formatCheck(r) + JSON.stringify(r);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('db-secret');
  });

  it('passes a good file with "ok" and a one-line summary; no SSH key or secret file is needed', () => {
    const r = checkConfigText(GOOD, 'rollwatch.yml');
    expect(r.problems).toEqual([]);
    expect(formatCheck(r)).toBe('rollwatch.yml: ok (app web, target ssh, 2 hosts, image ghcr.io/acme/web)');
    // a key file that does not exist here (CI writes it at deploy time) is not read
    expect(checkConfigText(GOOD.replace('{ hostKeys: accept-new }', '{ hostKeys: accept-new, privateKeyFile: .secrets/none }'), 'f.yml').problems).toEqual([]);
  });

  it('every rollwatch config under examples/ passes (with the variables it reads set)', () => {
    const dir = join(ROOT, 'examples');
    const checked: string[] = [];
    for (const name of readdirSync(dir)) {
      if (!/\.ya?ml$/.test(name)) continue;
      const text = readFileSync(join(dir, name), 'utf8');
      const raw = YAML.parse(text) as Record<string, unknown> | null;
      if (!raw || typeof raw !== 'object' || !('app' in raw || 'hosts' in raw)) continue; // a CI workflow, not a rollwatch config
      const env = Object.fromEntries(envReferences(raw).map((r) => [r.name, 'set']));
      const r = checkConfigText(text, `examples/${name}`, { env });
      expect(formatCheck(r)).toMatch(/: ok \(app \S+, target (ssh|swarm), [0-9]+ hosts?, image \S+\)$/);
      checked.push(name);
    }
    expect(checked).toContain('rollwatch.yml');
  });

  it('a missing required key points at the key of the section it belongs in; a missing app at line 1', () => {
    const r = checkConfigText('# c\nimage:\n  tags: [latest]\nhosts: [a]\n', 'f.yml');
    expect(places(r.problems)).toEqual(['1:1 app', '2:1 image.repository']);
    expect(r.problems[1].message).toMatch(/^is required: /);
  });

  it('YAML syntax errors are reported with their place, and nothing else is checked', () => {
    const r = checkConfigText('app: web\nimage:\n  repository: [a\n', 'f.yml');
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems[0].message).toMatch(/^is not valid YAML: /);
    expect(r.problems[0].line).toBeGreaterThanOrEqual(3);
    const dup = checkConfigText('app: web\napp: api\n', 'f.yml');
    expect(places(dup.problems)).toEqual(['2:1 ']);
  });

  it('rules across fields (the loader\'s) are checked once the schema passes, at the field they name', () => {
    const r = checkConfigText(GOOD.replace('[web-1.example.com, web-2.example.com]', '\n  - { name: a, address: h1.example.com }\n  - { name: a, address: h2.example.com }'), 'f.yml');
    expect(places(r.problems)).toEqual(['6:13 hosts[1].name']);
    expect(r.problems[0].message).toMatch(/^duplicates hosts\[0\] \(a\)/);
  });

  it('options refused with target: swarm are all listed', () => {
    const text = GOOD + 'target: swarm\nrollout:\n  canary: true\n  retain: 2\ncontainer:\n  volumes: ["/a:/b"]\n';
    const r = checkConfigText(text, 'f.yml');
    expect(places(r.problems)).toEqual(['8:11 rollout.canary', '9:11 rollout.retain', '11:12 container.volumes']);
    expect(r.problems[0].message).toMatch(/^is not supported with target: swarm: .* \(remove it from the config\)$/);
  });

  it('a "__proto__" key is refused at its place', () => {
    const r = checkConfigText(GOOD + 'container:\n  env:\n    __proto__: x\n', 'f.yml');
    expect(places(r.problems)).toContain('8:5 container.env.__proto__');
  });

  it('overrides (action inputs) count, as in a deploy', () => {
    const r = checkConfigText('app: web\nimage: { repository: ghcr.io/acme/web }\nssh: { hostKeys: accept-new }\nhealth: { path: /h, port: 80 }\n', 'f.yml', { overrides: { hosts: ['h1'] } });
    expect(r.problems).toEqual([]);
  });
});

describe('did-you-mean', () => {
  it('suggests the nearest allowed key within a few edits, ignoring case; nothing for a far one', () => {
    expect(editDistance('batchSise', 'batchSize')).toBe(1);
    expect(editDistance('stratgey', 'strategy')).toBe(1); // transposition
    expect(didYouMean('batchSise', allowedKeys(['rollout']))).toBe('batchSize');
    expect(didYouMean('BatchSize', allowedKeys(['rollout']))).toBe('batchSize');
    expect(didYouMean('privatekeyfile', allowedKeys(['ssh']))).toBe('privateKeyFile');
    expect(didYouMean('colour', allowedKeys(['rollout']))).toBeNull();
  });

  it('knows the keys through optional, default, union and preprocess wrappers', () => {
    expect(allowedKeys([])).toEqual(expect.arrayContaining(['app', 'image', 'hosts', 'rollout', 'verify']));
    expect(allowedKeys(['hosts', 0])).toEqual(['name', 'address', 'port', 'user', 'fingerprint']);
    expect(allowedKeys(['container', 'env', 'X'])).toEqual(['value', 'fromEnv', 'fromFile', 'secret']);
    expect(allowedKeys(['verify', 'prometheus', 'queries', 3])).toContain('direction');
  });
});

describe('the loader reports every missing environment variable at once', () => {
  const withEnv = () => ({ ...minimalRaw(), container: { env: { A: { fromEnv: 'VAR_A' }, B: { fromEnv: 'VAR_B' } } }, registry: { server: 'ghcr.io', username: 'u', passwordEnv: 'REG' } });
  const errorOf = (raw: unknown, env: Record<string, string>) => {
    try {
      buildConfig(raw, fakeSources(env));
    } catch (err) {
      return err as RollwatchError;
    }
    throw new Error('accepted');
  };

  it('two or more: one error naming each field and variable', () => {
    const err = errorOf(withEnv(), { VAR_A: 'x' });
    expect(err.message).toBe('2 environment variables are not set or empty:\nregistry.passwordEnv: environment variable REG is not set or empty\ncontainer.env.B.fromEnv: environment variable VAR_B is not set or empty');
    expect(err.hint).toBe('export REG, VAR_B before running rollwatch');
  });

  it('one: the message as before', () => {
    const err = errorOf(withEnv(), { VAR_A: 'x', REG: 'y' });
    expect(err.message).toBe('container.env.B.fromEnv: environment variable VAR_B is not set or empty');
    expect(err.hint).toBe('export VAR_B before running rollwatch');
  });
});

describe('GitHub annotations (mode: check)', () => {
  it('formats one ::error command per problem, escaped as the runner expects', () => {
    const p: Problem = { file: 'deploy/roll,watch.yml', line: 25, col: 3, field: 'rollout.batchSise', message: 'unknown key "batchSise" (did you mean "batchSize"?)\n100% sure' };
    expect(formatAnnotation(p)).toBe('::error file=deploy/roll%2Cwatch.yml,line=25,col=3,title=rollwatch check::rollout.batchSise: unknown key "batchSise" (did you mean "batchSize"?)%0A100%25 sure');
  });

  describe('runCheckMode', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
      process.exitCode = undefined;
    });

    it('annotates each problem on its line and fails the step; a good file passes', () => {
      const dir = mkdtempSync(join(tmpdir(), 'rollwatch-check-'));
      writeFileSync(join(dir, 'broken.yml'), brokenText);
      writeFileSync(join(dir, 'good.yml'), GOOD);
      writeFileSync(join(dir, 'output'), '');
      process.env.GITHUB_OUTPUT = join(dir, 'output');
      const lines: string[] = [];
      const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => {
        lines.push(String(chunk));
        return true;
      }) as typeof process.stdout.write);
      try {
        const env = { GITHUB_WORKSPACE: dir };
        runCheckMode(readInputs((n) => ({ mode: 'check', config: 'broken.yml' })[n] ?? ''), env, (l) => lines.push(l));
        const annotations = lines.filter((l) => l.startsWith('::error file=broken.yml,'));
        expect(annotations).toHaveLength(7);
        expect(annotations).toContain('::error file=broken.yml,line=25,col=3,title=rollwatch check::rollout.batchSise: unknown key "batchSise" (did you mean "batchSize"?); accepted here: batchSize, concurrency, strategy, retain, canary, lockTimeout, hooks');
        expect(lines.join('')).toContain('::error::broken.yml: 7 problems (see the annotations)');
        expect(process.exitCode).toBe(1);
        expect(readFileSync(join(dir, 'output'), 'utf8')).toMatch(/outcome<<.*\nfailed\n/);

        process.exitCode = undefined;
        lines.length = 0;
        runCheckMode(readInputs((n) => ({ mode: 'check', config: 'good.yml' })[n] ?? ''), env, (l) => lines.push(l));
        expect(lines.join('')).toContain('good.yml: ok (app web, target ssh, 2 hosts, image ghcr.io/acme/web)');
        expect(process.exitCode).toBeUndefined();
      } finally {
        stdout.mockRestore();
      }
    });

    it('needs the config input', () => {
      expect(() => runCheckMode(readInputs((n) => ({ mode: 'check' })[n] ?? ''), {})).toThrow(/config: mode: check needs the config input/);
    });
  });
});

describe('the CLI', () => {
  it('the parser accepts `check --config F` (and -c, --json); check takes no other argument', () => {
    expect(parseInvocation(['check', '--config', 'deploy/rollwatch.yml'])).toMatchObject({ kind: 'check', options: { config: 'deploy/rollwatch.yml', json: false } });
    expect(parseInvocation(['check', '-c', 'f.yml', '--json'])).toMatchObject({ kind: 'check', options: { config: 'f.yml', json: true } });
    expect(parseInvocation(['check'])).toMatchObject({ kind: 'check', options: { config: undefined } });
    expect(() => parseInvocation(['check', 'extra'])).toThrow(/unexpected argument "extra" after "check"/);
    expect(() => parseInvocation(['check', '--version', 'v1'])).toThrow(/check does not take --version/);
    expect(USAGE).toMatch(/^  check {3,}.*offline/m);
  });

  it('`check --config F` prints the problems and exits 2; a good file prints "ok" and exits 0; --json', async () => {
    const written: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write);
    const savedEnv = { ...process.env };
    delete process.env.REGISTRY_PASSWORD;
    delete process.env.DATABASE_URL;
    try {
      expect(await main(['check', '--config', BROKEN])).toBe(2);
      expect(written.join('')).toContain(`${BROKEN}:25:3: rollout.batchSise: unknown key "batchSise" (did you mean "batchSize"?)`);
      expect(written.join('')).toContain(`${BROKEN}: 7 problems\n`);

      written.length = 0;
      const dir = mkdtempSync(join(tmpdir(), 'rollwatch-check-'));
      writeFileSync(join(dir, 'rollwatch.yml'), GOOD);
      expect(await main(['check', '-c', join(dir, 'rollwatch.yml')])).toBe(0);
      expect(written.join('')).toBe(`${join(dir, 'rollwatch.yml')}: ok (app web, target ssh, 2 hosts, image ghcr.io/acme/web)\n`);

      written.length = 0;
      expect(await main(['check', '--json', '--config', BROKEN])).toBe(2);
      const json = JSON.parse(written.join(''));
      expect(json).toMatchObject({ ok: false, file: BROKEN, summary: null });
      expect(json.problems).toHaveLength(7);
    } finally {
      process.env = savedEnv;
      stdout.mockRestore();
    }
  });
});
