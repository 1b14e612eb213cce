/**
 * Destinations (`--destination staging` merges rollwatch.staging.yml over rollwatch.yml) and
 * `${VAR}` interpolation in string values: the pure parts, then the loader, `check` and the CLI
 * on real files.
 */
import { describe, it, expect, beforeEach, afterEach, jest } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destinationPath, interpolate, interpolateString, mergeDestination } from '../../../src/config/layers';
import { loadConfigFile } from '../../../src/config/file';
import { checkConfigFile, runCheck } from '../../../src/config/check-run';
import { formatCheck } from '../../../src/config/check';
import { parseInvocation } from '../../../src/cli/args';
import { main } from '../../../src/cli/main';
import { RollwatchError } from '../../../src/errors';
import { PRIVATE_KEY } from '../../fixtures/core/config';

describe('interpolateString', () => {
  const env = { HOST: 'web-1.example.com', EMPTY: '', TAG: 'v2' };

  it.each([
    ['${HOST}', 'web-1.example.com'],
    ['https://${HOST}:8443/${TAG}', 'https://web-1.example.com:8443/v2'],
    ['a${EMPTY}b', 'ab'],
    ['$${HOST}', '${HOST}'],
    ['echo $${HOME} ${TAG}', 'echo ${HOME} v2'],
    ['$HOST and $$ and $ {HOST} stay', '$HOST and $$ and $ {HOST} stay'],
    ['cost: 5$', 'cost: 5$'],
  ])('%p → %p', (text, value) => {
    expect(interpolateString(text, env)).toEqual({ value, problems: [] });
  });

  it('an unset variable is a problem naming it and the escape', () => {
    expect(interpolateString('${HOST}-${NOPE}', env).problems).toEqual(['environment variable NOPE is not set (the value interpolates ${NOPE}): export NOPE, or write $${NOPE} for a literal ${NOPE}']);
  });

  it.each(['${1A}', '${A-B}', '${}', '${HOST', 'x ${ y }'])('%p is not a reference: the problem gives the accepted form', (text) => {
    const { problems } = interpolateString(text, env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/is not a variable reference: expected \$\{NAME\} with NAME an environment variable name .*, or \$\$\{ for a literal \$\{$/);
  });

  it('round trip: any text with each "${" written "$${" comes back as itself, whatever the environment', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '{', '}', 'A', '_', '1', ' ') }), (text) => {
        expect(interpolateString(text.replaceAll('${', () => '$${'), {})).toEqual({ value: text, problems: [] });
      }),
    );
  });

  it('text without "${" is never changed', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!text.includes('${'));
        expect(interpolateString(text, env).value).toBe(text);
      }),
    );
  });
});

describe('interpolate (a parsed file)', () => {
  it('replaces in string values at any depth, never in keys or other types, and names each problem by its path', () => {
    const raw = { app: '${APP}', hosts: [{ address: '${A1}' }, 'x-${MISSING}'], container: { env: { '${KEY}': 'v', PORT: 8080, ON: true } } };
    const r = interpolate(raw, { APP: 'web', A1: '10.0.0.1' });
    expect(r.value).toEqual({ app: 'web', hosts: [{ address: '10.0.0.1' }, 'x-'], container: { env: { '${KEY}': 'v', PORT: 8080, ON: true } } });
    expect(r.problems.map((p) => p.path)).toEqual([['hosts', 1]]);
  });
});

describe('destinationPath', () => {
  it.each([
    ['rollwatch.yml', 'staging', 'rollwatch.staging.yml'],
    ['deploy/rollwatch.yaml', 'eu-1', 'deploy/rollwatch.eu-1.yaml'],
    ['/srv/app/deploy', 'staging', '/srv/app/deploy.staging.yml'],
  ])('%s with %s → %s', (base, name, path) => {
    expect(destinationPath(base, name)).toBe(path);
  });

  it.each(['../prod', 'a/b', '', '.hidden', 'a b'])('%p is refused, naming --destination and the form', (name) => {
    expect(() => destinationPath('rollwatch.yml', name)).toThrow(/^--destination: expected a destination name: letters, digits, "_" or "-"/);
  });
});

describe('mergeDestination', () => {
  const base = {
    app: 'shop',
    image: { repository: 'ghcr.io/acme/shop', tags: ['latest', 'prod'] },
    ssh: { user: 'deploy', privateKey: { fromFile: 'prod_key' }, hostKeys: 'strict' },
    hosts: [{ name: 'web-1', address: '10.0.0.1', fingerprint: 'SHA256:one' }, { name: 'web-2', address: '10.0.0.2' }, '10.0.0.3'],
    prometheus: { url: 'http://prom:9090' },
  };

  it('maps merge key by key, lists replace, null removes a key, a secret source replaces the whole source', () => {
    const merged = mergeDestination(base, { image: { tags: ['staging'] }, ssh: { privateKey: { fromEnv: 'STAGING_KEY' } }, prometheus: null, hosts: ['10.9.0.1'] });
    expect(merged).toEqual({
      app: 'shop',
      image: { repository: 'ghcr.io/acme/shop', tags: ['staging'] },
      ssh: { user: 'deploy', privateKey: { fromEnv: 'STAGING_KEY' }, hostKeys: 'strict' },
      hosts: ['10.9.0.1'],
    });
  });

  it('hosts are the destination\'s list; an entry with a base host\'s name merges over that host', () => {
    const merged = mergeDestination(base, { hosts: [{ name: 'web-1', port: 2222 }, { name: 'web-9', address: '10.0.0.9' }, '10.0.0.3'] });
    expect(merged.hosts).toEqual([
      { name: 'web-1', address: '10.0.0.1', fingerprint: 'SHA256:one', port: 2222 },
      { name: 'web-9', address: '10.0.0.9' },
      { address: '10.0.0.3' },
    ]);
  });
});

describe('loading with a destination and interpolation (real files)', () => {
  let dir: string;
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollwatch-layers-'));
    writeFileSync(join(dir, 'key'), PRIVATE_KEY);
    write(
      'rollwatch.yml',
      `app: shop
image: { repository: "\${REGISTRY}/acme/shop" }
registry: { server: "\${REGISTRY}", username: bot, password: { fromEnv: REGISTRY_TOKEN } }
ssh: { privateKey: { fromFile: key }, hostKeys: accept-new }
hosts:
  - { name: web-1, address: 10.0.0.1, user: deploy }
  - { name: web-2, address: 10.0.0.2 }
container: { port: 8080, env: { GREETING: "hello \${USER_NAME}", LITERAL: "$\${NOT_EXPANDED}" } }
health: { path: /health }
rollout: { batchSize: 1, hooks: { preHost: ["sh", "-c", "echo $\${ROLLWATCH_HOST}"] } }
`,
    );
    write('rollwatch.staging.yml', 'hosts:\n  - { name: web-1, address: 10.1.0.1 }\nrollout: { batchSize: "100%" }\ncontainer: { env: { GREETING: "hi ${STAGE}" } }\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const env = { REGISTRY: 'ghcr.io', REGISTRY_TOKEN: 'tok-secret', USER_NAME: 'ann', STAGE: 'staging' };

  it('without a destination: the base file, interpolated; $${ stays a literal ${', () => {
    const c = loadConfigFile(join(dir, 'rollwatch.yml'), {}, env);
    expect(c.image.repository).toBe('ghcr.io/acme/shop');
    expect(c.hosts.map((h) => `${h.name}@${h.address}`)).toEqual(['web-1@10.0.0.1', 'web-2@10.0.0.2']);
    expect(Object.fromEntries(c.container.env.map((e) => [e.key, e.value]))).toEqual({ GREETING: 'hello ann', LITERAL: '${NOT_EXPANDED}' });
    expect(c.rollout.hooks.preHost).toEqual(['sh', '-c', 'echo ${ROLLWATCH_HOST}']);
  });

  it('with --destination staging: rollwatch.staging.yml over it (hosts by name, lists replaced, maps merged)', () => {
    const c = loadConfigFile(join(dir, 'rollwatch.yml'), {}, env, { destination: 'staging' });
    expect(c.hosts).toEqual([{ name: 'web-1', address: '10.1.0.1', port: 22, user: 'deploy', fingerprint: undefined }]);
    expect(c.rollout.batchSize).toBe('100%');
    expect(Object.fromEntries(c.container.env.map((e) => [e.key, e.value]))).toEqual({ GREETING: 'hi staging', LITERAL: '${NOT_EXPANDED}' });
    expect(c.container.port).toBe(8080);
  });

  it('interpolated values are not secrets; fromEnv values are', () => {
    const c = loadConfigFile(join(dir, 'rollwatch.yml'), {}, env);
    expect(c.secrets).toContain('tok-secret');
    expect(c.secrets).not.toContain('hello ann');
    expect(c.secrets).not.toContain('ghcr.io');
  });

  it('every unset variable of both files in one error, each with its config path and file', () => {
    let err: unknown;
    try {
      loadConfigFile(join(dir, 'rollwatch.yml'), {}, { REGISTRY_TOKEN: 'x' }, { destination: 'staging' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RollwatchError);
    expect((err as RollwatchError).message.split('\n')).toEqual([
      '4 values cannot be interpolated:',
      'image.repository: environment variable REGISTRY is not set (the value interpolates ${REGISTRY}): export REGISTRY, or write $${REGISTRY} for a literal ${REGISTRY}',
      'registry.server: environment variable REGISTRY is not set (the value interpolates ${REGISTRY}): export REGISTRY, or write $${REGISTRY} for a literal ${REGISTRY}',
      'container.env.GREETING: environment variable USER_NAME is not set (the value interpolates ${USER_NAME}): export USER_NAME, or write $${USER_NAME} for a literal ${USER_NAME}',
      `container.env.GREETING (in ${join(dir, 'rollwatch.staging.yml')}): environment variable STAGE is not set (the value interpolates \${STAGE}): export STAGE, or write $\${STAGE} for a literal \${STAGE}`,
    ]);
  });

  it('a "__proto__" key survives interpolation and the merge, for the loader to refuse (never silently dropped)', () => {
    write('rollwatch.staging.yml', 'container:\n  env:\n    __proto__: { value: s3cr3t, secret: true }\n');
    expect(() => loadConfigFile(join(dir, 'rollwatch.yml'), {}, env, { destination: 'staging' })).toThrow(/^container\.env: has a key named "__proto__"/);
  });

  it('a destination file that is not there names --destination and the file expected', () => {
    expect(() => loadConfigFile(join(dir, 'rollwatch.yml'), {}, env, { destination: 'prod' })).toThrow(new RegExp(`^--destination: cannot read ${join(dir, 'rollwatch.prod.yml')}: ENOENT`));
  });

  it('check: the problems of each file at their own line, unset variables of both at once', () => {
    write('rollwatch.staging.yml', 'hosts:\n  - { name: web-1, adress: 10.1.0.1 }\ncontainer: { env: { GREETING: "hi ${STAGE}" } }\n');
    const r = checkConfigFile(join(dir, 'rollwatch.yml'), 'rollwatch.yml', { env: { REGISTRY_TOKEN: 'x', USER_NAME: 'ann' }, destination: 'staging' });
    expect(r.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.field}`)).toEqual([
      'rollwatch.yml:2:22 image.repository',
      'rollwatch.yml:3:21 registry.server',
      'rollwatch.staging.yml:2:20 hosts[0].adress',
      'rollwatch.staging.yml:3:31 container.env.GREETING',
    ]);
    expect(r.problems[0].message).toMatch(/^environment variable REGISTRY is not set/);
    expect(r.problems[2].message).toMatch(/^unknown key "adress" \(did you mean "address"\?\)/);
  });

  it('check passes the merged files with every variable set, and says the destination was merged', () => {
    const r = checkConfigFile(join(dir, 'rollwatch.yml'), 'rollwatch.yml', { env, destination: 'staging' });
    expect(formatCheck(r)).toBe('rollwatch.yml: ok (app shop, target ssh, 1 host, image ghcr.io/acme/shop, with rollwatch.staging.yml over it)');
    expect(runCheck(join(dir, 'rollwatch.yml'), { env: {}, destination: 'staging', write: () => {} })).toBe(2);
  });

  it('the CLI: check -d staging reads both files; a command that loads no config refuses -d', async () => {
    const out: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      expect(await main(['check', '-c', join(dir, 'rollwatch.yml'), '-d', 'staging'])).toBe(0);
      expect(out.join('')).toMatch(/ok \(app shop, target ssh, 1 host, .*with .*rollwatch\.staging\.yml over it\)/);
      expect(await main(['check', '-c', join(dir, 'rollwatch.yml'), '--destination', 'nowhere'])).toBe(2);
      expect(out.join('')).toMatch(/--destination: cannot read .*rollwatch\.nowhere\.yml: ENOENT/);
    } finally {
      process.env = saved;
      jest.restoreAllMocks();
    }
  });
});

describe('--destination on the command line', () => {
  it('-d and --destination reach every command that loads the config', () => {
    for (const argv of [['deploy', '-d', 'staging'], ['plan', '--destination', 'staging'], ['check', '-d', 'staging'], ['lock', 'status', '-d', 'staging']]) {
      const inv = parseInvocation(argv);
      expect(inv.kind === 'run' || inv.kind === 'check' ? inv.options.destination : null).toBe('staging');
    }
  });

  it('commands that load no config refuse it', () => {
    expect(() => parseInvocation(['schema', '-d', 'staging'])).toThrow(/^--destination: schema does not take --destination/);
  });
});
