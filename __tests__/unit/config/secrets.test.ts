/**
 * One secret syntax everywhere: the SSH private key and the registry password take
 * `{ fromEnv: NAME }` / `{ fromFile: PATH }` like every other secret, are masked like them, and
 * `check` names every missing variable at once; the older forms (privateKeyFile, passwordEnv,
 * passwordFile) keep working and are reported as deprecated.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { buildConfig } from '../../../src/config/load';
import { checkConfigText, formatAnnotation, formatCheck } from '../../../src/config/check';
import { loadConfigFile } from '../../../src/config/file';
import { runCheck } from '../../../src/config/check-run';
import { PRIVATE_KEY, configErrorOf, fakeSources, minimalRaw } from '../../fixtures/core/config';

const registry = (password: Record<string, unknown>) => ({ server: 'ghcr.io', username: 'acme-bot', ...password });
const withKey = (privateKey: unknown, more: Record<string, unknown> = {}) => ({ ...minimalRaw(), ssh: { hostKeys: 'accept-new', privateKey, ...more } });

describe('the SSH private key', () => {
  it('comes from an environment variable, and is masked', () => {
    const c = buildConfig(withKey({ fromEnv: 'DEPLOY_SSH_KEY' }), fakeSources({ DEPLOY_SSH_KEY: PRIVATE_KEY }));
    expect(c.ssh.privateKey).toBe(PRIVATE_KEY);
    expect(c.secrets).toContain(PRIVATE_KEY);
  });

  it('comes from a file relative to the config, kept whole (its last newline too), and is masked', () => {
    const sources = fakeSources({}, { '/srv/deploy/.secrets/key': PRIVATE_KEY });
    const c = buildConfig(withKey({ fromFile: '.secrets/key' }), sources);
    expect(c.ssh.privateKey).toBe(PRIVATE_KEY);
    expect(c.secrets).toContain(PRIVATE_KEY);
    expect(sources.reads).toEqual(['/srv/deploy/.secrets/key']);
  });

  it('the deprecated privateKeyFile still reads the same file', () => {
    const files = { '/srv/deploy/.secrets/key': PRIVATE_KEY };
    const old = buildConfig({ ...minimalRaw(), ssh: { hostKeys: 'accept-new', privateKeyFile: '.secrets/key' } }, fakeSources({}, files));
    const now = buildConfig(withKey({ fromFile: '.secrets/key' }), fakeSources({}, files));
    expect(old).toEqual(now);
  });

  it('a value that is not a key names the source that gave it, without quoting it', () => {
    const message = configErrorOf(withKey({ fromEnv: 'DEPLOY_SSH_KEY' }), fakeSources({ DEPLOY_SSH_KEY: 'hunter2-not-a-key' }));
    expect(message).toMatch(/^ssh\.privateKey\.fromEnv: is not a PEM\/OpenSSH private key/);
    expect(message).not.toContain('hunter2');
  });

  it('two sources at once are refused, old and new form together too', () => {
    expect(configErrorOf(withKey({ fromEnv: 'A', fromFile: 'k' }))).toMatch(/^ssh\.privateKey: expected exactly one of value, fromEnv or fromFile/);
    expect(configErrorOf(withKey({ fromEnv: 'A' }, { privateKeyFile: 'k' }), fakeSources({ A: PRIVATE_KEY }))).toMatch(/^ssh: give only one of privateKey or privateKeyFile/);
  });

  it('a misspelt source is an unknown key with a did-you-mean', () => {
    const text = YAML.stringify({ ...withKey({ fromEnvv: 'A' }), health: { path: '/h', port: 80 } });
    const r = checkConfigText(text, 'r.yml', { env: {} });
    expect(r.problems.map((p) => [p.field, p.message])).toEqual([['ssh.privateKey.fromEnvv', expect.stringMatching(/^unknown key "fromEnvv" \(did you mean "fromEnv"\?\); accepted here: value, fromEnv, fromFile$/)]]);
  });
});

describe('the registry password', () => {
  it.each([
    ['a string', { password: 'tok-1' }, {}, {}],
    ['fromEnv', { password: { fromEnv: 'REGISTRY_TOKEN' } }, { REGISTRY_TOKEN: 'tok-1' }, {}],
    ['fromFile (the last newline dropped)', { password: { fromFile: 'token.txt' } }, {}, { '/srv/deploy/token.txt': 'tok-1\n' }],
    ['deprecated passwordEnv', { passwordEnv: 'REGISTRY_TOKEN' }, { REGISTRY_TOKEN: 'tok-1' }, {}],
    ['deprecated passwordFile', { passwordFile: 'token.txt' }, {}, { '/srv/deploy/token.txt': 'tok-1\n' }],
  ])('as %s, and masked', (_, password, env, files) => {
    const c = buildConfig({ ...minimalRaw(), registry: registry(password) }, fakeSources(env, files));
    expect(c.registry).toEqual({ server: 'ghcr.io', username: 'acme-bot', password: 'tok-1' });
    expect(c.secrets).toContain('tok-1');
  });

  it('one source only, in whichever forms they are given', () => {
    expect(configErrorOf({ ...minimalRaw(), registry: registry({ password: { fromEnv: 'A' }, passwordFile: 'f' }) })).toMatch(/^registry: give only one of password, passwordEnv or passwordFile/);
    expect(configErrorOf({ ...minimalRaw(), registry: registry({ password: { fromEnv: 'A', value: 'x' } }) })).toMatch(/^registry\.password: expected exactly one of value, fromEnv or fromFile/);
  });

  it('a missing variable names the field that reads it, in either form', () => {
    expect(configErrorOf({ ...minimalRaw(), registry: registry({ password: { fromEnv: 'REGISTRY_TOKEN' } }) })).toMatch(/^registry\.password\.fromEnv: environment variable REGISTRY_TOKEN is not set or empty/);
    expect(configErrorOf({ ...minimalRaw(), registry: registry({ passwordEnv: 'REGISTRY_TOKEN' }) })).toMatch(/^registry\.passwordEnv: environment variable REGISTRY_TOKEN is not set or empty/);
  });
});

describe('the other secrets take the same syntax', () => {
  it('a passphrase, a bearer token and a Grafana token as plain strings or sources', () => {
    const c = buildConfig(
      {
        ...withKey(PRIVATE_KEY, { passphrase: 'pass-1' }),
        prometheus: { url: 'http://prom:9090', bearerToken: { fromFile: 'prom.txt' } },
        grafana: { url: 'https://grafana.example.com', token: { fromEnv: 'GRAFANA_TOKEN' } },
      },
      fakeSources({ GRAFANA_TOKEN: 'graf-1' }, { '/srv/deploy/prom.txt': 'prom-1\n' }),
    );
    expect([c.ssh.passphrase, c.prometheus?.bearerToken, c.grafana?.token]).toEqual(['pass-1', 'prom-1', 'graf-1']);
    expect(c.secrets).toEqual(expect.arrayContaining(['pass-1', 'prom-1', 'graf-1']));
  });

  it('a container env value from a file, masked when secret', () => {
    const c = buildConfig({ ...minimalRaw(), container: { env: { DB_PASSWORD: { fromFile: 'db.txt', secret: true }, PLAIN: { fromFile: 'plain.txt' } } } }, fakeSources({}, { '/srv/deploy/db.txt': 'db-1\n', '/srv/deploy/plain.txt': 'p' }));
    expect(c.container.env).toEqual([
      { key: 'DB_PASSWORD', value: 'db-1', secret: true },
      { key: 'PLAIN', value: 'p', secret: false },
    ]);
    expect(c.secrets).toContain('db-1');
    expect(c.secrets).not.toContain('p');
  });
});

const EVERY_SOURCE = `app: web
image: { repository: ghcr.io/acme/web }
registry:
  server: ghcr.io
  username: acme-bot
  password: { fromEnv: REGISTRY_TOKEN }
ssh:
  hostKeys: accept-new
  privateKey: { fromEnv: DEPLOY_SSH_KEY }
  passphrase: { fromEnv: KEY_PASSPHRASE }
hosts: [web-1.example.com]
container:
  port: 8080
  env: { DATABASE_URL: { fromEnv: DATABASE_URL, secret: true } }
health: { path: /health }
grafana: { url: "https://grafana.example.com", token: { fromEnv: GRAFANA_TOKEN } }
`;

describe('missing environment variables: all of them at once, no value needed', () => {
  it('check names each at its line, the key and the registry password included', () => {
    const r = checkConfigText(EVERY_SOURCE, 'r.yml', { env: {} });
    expect(r.problems.map((p) => `${p.line}:${p.col} ${p.field}`)).toEqual([
      '6:24 registry.password.fromEnv',
      '9:26 ssh.privateKey.fromEnv',
      '10:26 ssh.passphrase.fromEnv',
      '14:35 container.env.DATABASE_URL.fromEnv',
      '16:66 grafana.token.fromEnv',
    ]);
  });

  it('with every name set to anything (no key needed), the file is good', () => {
    const env = { REGISTRY_TOKEN: 'x', DEPLOY_SSH_KEY: 'x', KEY_PASSPHRASE: 'x', DATABASE_URL: 'x', GRAFANA_TOKEN: 'x' };
    expect(formatCheck(checkConfigText(EVERY_SOURCE, 'r.yml', { env }))).toBe('r.yml: ok (app web, target ssh, 1 host, image ghcr.io/acme/web)');
  });

  it('a deploy names all five in one error', () => {
    const message = configErrorOf(YAML.parse(EVERY_SOURCE));
    expect(message).toMatch(/^5 environment variables are not set or empty:/);
    for (const field of ['registry.password.fromEnv', 'ssh.privateKey.fromEnv', 'ssh.passphrase.fromEnv', 'container.env.DATABASE_URL.fromEnv', 'grafana.token.fromEnv']) expect(message).toContain(`\n${field}: `);
  });
});

describe('the deprecated forms', () => {
  const OLD = `app: web
image: { repository: ghcr.io/acme/web }
registry: { server: ghcr.io, username: acme-bot, passwordEnv: REGISTRY_TOKEN }
ssh: { hostKeys: accept-new, privateKeyFile: .secrets/key }
hosts: [web-1.example.com]
health: { path: /health, port: 8080 }
`;

  it('check accepts them, names each with its replacement, and still passes (exit 0)', () => {
    const r = checkConfigText(OLD, 'r.yml', { env: { REGISTRY_TOKEN: 'x' } });
    expect(r.problems).toEqual([]);
    expect(formatCheck(r).split('\n')).toEqual([
      'r.yml:3:50: registry.passwordEnv: is deprecated (still accepted): write registry.password: { fromEnv: NAME }',
      'r.yml:4:30: ssh.privateKeyFile: is deprecated (still accepted): write ssh.privateKey: { fromFile: PATH }',
      'r.yml: ok (app web, target ssh, 1 host, image ghcr.io/acme/web)',
    ]);
    expect(formatAnnotation(r.deprecated[0], 'warning')).toMatch(/^::warning file=r\.yml,line=3,col=50,/);
  });

  it('a missing variable in the old form is still reported with the rest', () => {
    expect(checkConfigText(OLD, 'r.yml', { env: {} }).problems.map((p) => p.field)).toEqual(['registry.passwordEnv']);
  });
});

describe('action inputs over a file that names a source', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollwatch-secrets-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the ssh-key and ssh-passphrase inputs replace the file\'s sources, whose variables are then not needed', () => {
    const path = join(dir, 'rollwatch.yml');
    writeFileSync(path, YAML.stringify(withKey({ fromEnv: 'DEPLOY_SSH_KEY' }, { passphrase: { fromEnv: 'KEY_PASSPHRASE' } })));
    const c = loadConfigFile(path, { ssh: { privateKey: PRIVATE_KEY, passphrase: { value: 'from-input' } } }, {});
    expect([c.ssh.privateKey, c.ssh.passphrase]).toEqual([PRIVATE_KEY, 'from-input']);
  });

  it('rollwatch check exits 2 on a missing key variable and 0 once it is set', () => {
    const path = join(dir, 'check.yml');
    writeFileSync(path, EVERY_SOURCE);
    const out: string[] = [];
    expect(runCheck(path, { env: {}, write: (t) => out.push(t) })).toBe(2);
    expect(out.join('')).toMatch(/ssh\.privateKey\.fromEnv: environment variable DEPLOY_SSH_KEY is not set/);
    const env = { REGISTRY_TOKEN: 'x', DEPLOY_SSH_KEY: 'x', KEY_PASSPHRASE: 'x', DATABASE_URL: 'x', GRAFANA_TOKEN: 'x' };
    expect(runCheck(path, { env, write: () => {} })).toBe(0);
  });
});
