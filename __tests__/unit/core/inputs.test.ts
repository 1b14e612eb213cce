import { describe, it, expect } from '@jest/globals';
import { parseEnvLines, readInputs, secretInputs, MODES } from '../../../src/github/inputs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeDeep } from '../../../src/config/file';
import { configFromInputs } from '../../../src/github/config';
import { buildConfig } from '../../../src/config/load';
import { PRIVATE_KEY, fakeSources } from '../../fixtures/core/config';
import { inputErrorOf } from '../../fixtures/core/run-spec';

/** A getter like core.getInput: '' for inputs that were not given. */
const getter = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';


describe('readInputs', () => {
  it('no inputs: mode deploy, no overrides, nulls', () => {
    expect(readInputs(getter({}))).toEqual({ mode: 'deploy', configFile: null, version: undefined, overrides: {}, inputFields: {}, githubToken: null, deployments: 'auto', environment: null, environmentUrl: null });
  });

  it('overrides hold exactly the inputs that were given, at their config paths', () => {
    const r = readInputs(
      getter({
        app: 'web',
        image: 'ghcr.io/acme/web',
        hosts: 'web-1.example.com\nweb-2.example.com, 10.0.0.3\n\n',
        'ssh-user': 'deploy',
        'ssh-key': PRIVATE_KEY,
        'ssh-port': '2222',
        'known-hosts': 'web-1 ssh-ed25519 AAAA',
        'health-path': '/health',
        port: '8080',
        'batch-size': '25%',
        'docker-host': 'tcp://builder:2375',
        config: 'deploy/rollwatch.yml',
        version: 'v1.2.3',
        'github-token': 'ghs_x',
        environment: 'production',
        'environment-url': 'https://example.com',
      }),
    );
    expect(r.overrides).toEqual({
      app: 'web',
      image: { repository: 'ghcr.io/acme/web' },
      hosts: ['web-1.example.com', 'web-2.example.com', '10.0.0.3'],
      ssh: { user: 'deploy', privateKey: PRIVATE_KEY, port: 2222, knownHosts: 'web-1 ssh-ed25519 AAAA' },
      docker: { host: 'tcp://builder:2375' },
      health: { path: '/health' },
      container: { port: 8080 },
      rollout: { batchSize: '25%' },
    });
    expect(r).toMatchObject({ mode: 'deploy', configFile: 'deploy/rollwatch.yml', version: 'v1.2.3', githubToken: 'ghs_x', environment: 'production', environmentUrl: 'https://example.com' });
  });

  it('a numeric batch size becomes a number', () => {
    expect(readInputs(getter({ 'batch-size': '3' })).overrides).toEqual({ rollout: { batchSize: 3 } });
  });

  it('only the given ssh passphrase / registry inputs appear', () => {
    expect(readInputs(getter({ 'ssh-passphrase': 'pp' })).overrides).toEqual({ ssh: { passphrase: { value: 'pp' } } });
    expect(readInputs(getter({ 'registry-password': 'pw' })).overrides).toEqual({ registry: { password: 'pw' } });
    expect(readInputs(getter({ registry: 'ghcr.io', 'registry-username': 'bot' })).overrides).toEqual({ registry: { server: 'ghcr.io', username: 'bot' } });
  });

  it('a build context input alone does not override the dockerfile named in the YAML file', () => {
    const r = readInputs(getter({ context: 'services/web' }));
    const fromFile = { image: { repository: 'ghcr.io/acme/web', build: { context: '.', dockerfile: 'docker/Prod.Dockerfile' } } };
    const merged = mergeDeep(fromFile, r.overrides) as { image: { build: { context: string; dockerfile: string } } };
    expect(merged.image.build.context).toBe('services/web');
    expect(merged.image.build.dockerfile).toBe('docker/Prod.Dockerfile');
  });

  it('a dockerfile input alone does not reset the context named in the YAML file', () => {
    const r = readInputs(getter({ dockerfile: 'Other.Dockerfile' }));
    const merged = mergeDeep({ image: { build: { context: 'services/web' } } }, r.overrides) as { image: { build: { context: string; dockerfile: string } } };
    expect(merged.image.build).toEqual({ context: 'services/web', dockerfile: 'Other.Dockerfile' });
  });

  it('env and secret-env become container.env; secret-env entries are marked secret; secret wins on a clash', () => {
    const r = readInputs(getter({ env: 'LOG_LEVEL=debug\n# comment\n\nURL=https://x/?a=b=c\nTOKEN=plain', 'secret-env': 'TOKEN=s3cr3t\r\nDB_URL=postgres://u:p@db/x' }));
    expect(r.overrides).toEqual({
      container: {
        env: {
          LOG_LEVEL: 'debug',
          URL: 'https://x/?a=b=c',
          TOKEN: { value: 's3cr3t', secret: true },
          DB_URL: { value: 'postgres://u:p@db/x', secret: true },
        },
      },
    });
  });

  it('mode: every documented mode is accepted; anything else names the input', () => {
    for (const m of MODES) expect(readInputs(getter({ mode: m })).mode).toBe(m);
    const err = inputErrorOf(() => readInputs(getter({ mode: 'Deploy' })));
    expect(err.field).toBe('mode');
    expect(err.message).toContain('"Deploy"');
    expect(err.message).toContain('deploy, rollback, verify, status, plan');
  });

  it('destination: a name next to the config input; errors name the input, not the CLI flag', () => {
    expect(readInputs(getter({ destination: 'staging', config: 'deploy/rollwatch.yml' })).destination).toBe('staging');
    expect(inputErrorOf(() => readInputs(getter({ destination: 'staging' }))).field).toBe('destination');
    const bad = inputErrorOf(() => readInputs(getter({ destination: '../prod', config: 'rollwatch.yml' })));
    expect([bad.field, bad.message]).toEqual(['destination', expect.stringContaining('"../prod"')]);
  });

  it('destination: the action loads rollwatch.NAME.yml over the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollwatch-dest-'));
    writeFileSync(join(dir, 'rollwatch.yml'), 'app: web\nimage: { repository: ghcr.io/acme/web }\nhosts: [prod-1.example.com]\nssh: { privateKey: { fromEnv: KEY }, hostKeys: accept-new }\n');
    writeFileSync(join(dir, 'rollwatch.staging.yml'), 'hosts: [stage-1.example.com, stage-2.example.com]\n');
    const inputs = readInputs(getter({ config: 'rollwatch.yml', destination: 'staging' }));
    const config = configFromInputs(inputs, { GITHUB_WORKSPACE: dir, KEY: PRIVATE_KEY });
    expect(config.hosts.map((h) => h.address)).toEqual(['stage-1.example.com', 'stage-2.example.com']);
  });

  it('image-digest becomes image.digest (a prebuilt image, e.g. from docker/build-push-action)', () => {
    expect(readInputs(getter({ image: 'ghcr.io/acme/web', 'image-digest': `sha256:${'d'.repeat(64)}` })).overrides).toEqual({ image: { repository: 'ghcr.io/acme/web', digest: `sha256:${'d'.repeat(64)}` } });
  });

  it('deployments: auto (default) or off, any case; anything else names the input and both forms', () => {
    expect(readInputs(getter({ deployments: 'OFF' })).deployments).toBe('off');
    expect(readInputs(getter({ deployments: 'auto' })).deployments).toBe('auto');
    const err = inputErrorOf(() => readInputs(getter({ deployments: 'false' })));
    expect(err.field).toBe('deployments');
    expect(`${err.message} ${err.hint}`).toMatch(/"false".*"auto".*"off"/);
  });

  it.each([
    ['ssh-port', '22x'],
    ['ssh-port', '-1'],
    ['port', '80.5'],
    ['port', ' '],
  ])('a non-integer %s (%p) names the input', (name, value) => {
    expect(inputErrorOf(() => readInputs(getter({ [name]: value }))).field).toBe(name);
  });

  it('readInputs overrides validate through buildConfig like the file does', () => {
    const r = readInputs(getter({ app: 'web', image: 'ghcr.io/acme/web', hosts: 'web-1', 'ssh-key': PRIVATE_KEY, env: 'BAD-KEY=x' }));
    const raw = mergeDeep({ ssh: { hostKeys: 'accept-new' } }, r.overrides);
    expect(() => buildConfig(raw, fakeSources())).toThrow(/container\.env\.BAD-KEY/);
  });
});

describe('parseEnvLines', () => {
  it('errors name the input and the 1-based line number', () => {
    const err = inputErrorOf(() => parseEnvLines('env', 'A=1\n# ok\nNOEQUALS\nB=2', false));
    expect(err.field).toBe('env (line 3)');
    expect(err.message).toBe('env (line 3): expected KEY=VALUE');
    expect(inputErrorOf(() => parseEnvLines('secret-env', '\r\n=value', true)).field).toBe('secret-env (line 2)');
  });

  it('values keep "=", inner spaces and shell syntax; keys are trimmed', () => {
    expect(parseEnvLines('env', ' KEY =a=b c $(id) `x`', false)).toEqual({ KEY: 'a=b c $(id) `x`' });
    expect(parseEnvLines('env', 'EMPTY=', false)).toEqual({ EMPTY: '' });
  });

  it('an error message never contains the secret value of another line', () => {
    const err = inputErrorOf(() => parseEnvLines('secret-env', 'TOKEN=hunter2\nbroken line', true));
    expect(err.message).not.toContain('hunter2');
  });
});

describe('secretInputs', () => {
  it('lists every secret input and every secret-env value, and nothing else', () => {
    const s = secretInputs(
      getter({ 'ssh-key': PRIVATE_KEY, 'ssh-passphrase': 'pp', 'registry-password': 'rp', 'github-token': 'ghs_t', 'secret-env': 'A=1111\nB=two=2', env: 'PUBLIC=visible', app: 'web' }),
    );
    expect(new Set(s)).toEqual(new Set([PRIVATE_KEY, 'pp', 'rp', 'ghs_t', '1111', 'two=2']));
  });

  it('no inputs: no secrets (empty strings are dropped)', () => {
    expect(secretInputs(getter({ 'secret-env': 'EMPTY=' }))).toEqual([]);
  });
});

describe('errors in values given as inputs name the input', () => {
  const base = { app: 'web', image: 'ghcr.io/acme/web', hosts: '10.0.0.1', 'ssh-user': 'deploy', 'ssh-key': PRIVATE_KEY, 'known-hosts': '10.0.0.1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl' };
  const errorOf = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) => {
    try {
      configFromInputs(readInputs(getter({ ...base, ...inputs })), env);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('no error');
  };

  it('names the input, not the config field it fills', () => {
    expect(errorOf({ port: '99999' })).toMatch(/^port input: expected a port number from 1 to 65535$/m);
    expect(errorOf({ 'health-path': 'nope' })).toMatch(/^health-path input: expected a URL path starting with "\/"/m);
    expect(errorOf({ 'ssh-key': 'not a key' })).toMatch(/^ssh-key input: is not a PEM\/OpenSSH private key/);
    expect(errorOf({ registry: 'a b' })).toMatch(/^registry input: expected a registry host\[:port\], e\.g\. "ghcr\.io" or "registry\.example\.com:5000", got "a b"$/m);
    expect(errorOf({ 'batch-size': '0' })).toMatch(/^batch-size input: expected a whole number from 1 to 10000$/m);
  });

  it('says which line of a list input, and which variable of env or secret-env', () => {
    expect(errorOf({ hosts: '10.0.0.1\nbad host!' })).toMatch(/^hosts input \(entry 2\): expected a host name or an IP address/m);
    expect(errorOf({ env: 'A=1', 'secret-env': 'b-c=2' })).toMatch(/^secret-env input: bad key: expected an environment variable name/m);
  });

  it('keeps the config field for a value that came from the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollwatch-inputs-'));
    writeFileSync(join(dir, 'rollwatch.yml'), 'container:\n  port: 70000\n');
    const message = errorOf({ config: 'rollwatch.yml', 'health-path': 'nope' }, { GITHUB_WORKSPACE: dir });
    expect(message).toMatch(/^container\.port: expected a port number/m);
    expect(message).toMatch(/^health-path input: expected a URL path/m);
  });
});

