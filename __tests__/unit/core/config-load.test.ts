import { describe, it, expect } from '@jest/globals';
import { buildConfig, formatIssues, parseYaml, pathToField } from '../../../src/config/load';
import { checkEnvValue, checkValue, RULES } from '../../../src/config/values';
import { configSchema } from '../../../src/config/schema';
import { RollwatchError, exitCodeFor, EXIT } from '../../../src/errors';
import { FINGERPRINT, PRIVATE_KEY, fakeSources, minimalRaw, setPath } from '../../fixtures/core/config';

/** Runs buildConfig and returns the thrown RollwatchError (fails the test when nothing is thrown). */
function errorOf(raw: unknown, sources = fakeSources()): RollwatchError {
  try {
    buildConfig(raw, sources);
  } catch (err) {
    expect(err).toBeInstanceOf(RollwatchError);
    return err as RollwatchError;
  }
  throw new Error(`buildConfig accepted ${JSON.stringify(raw).slice(0, 300)}`);
}

const withPatch = (path: string, value: unknown) => setPath(minimalRaw(), path, value);

describe('values: checkValue / checkEnvValue', () => {
  it('accepts the documented examples of every rule', () => {
    const examples: [keyof typeof RULES, string][] = [
      ['app', 'web-api'],
      ['version', 'v1.2.3'],
      ['version', '0a1b2c3d4e5f'],
      ['repository', 'ghcr.io/acme/web'],
      ['repository', '10.0.0.1:5000/web'],
      ['repository', 'acme/web'],
      ['tag', 'latest'],
      ['digest', 'sha256:' + 'a'.repeat(64)],
      ['envKey', '_PRIVATE_1'],
      ['hostAddress', 'web-1.example.com'],
      ['hostAddress', '10.0.0.5'],
      ['hostAddress', '::1'],
      ['hostName', 'web-1'],
      ['user', 'deploy'],
      ['labelKey', 'com.example.team'],
      ['network', 'bridge'],
      ['portMapping', '8080:80'],
      ['portMapping', '127.0.0.1:8080:80'],
      ['portMapping', '53/udp'],
      ['volume', '/srv/data:/data:ro'],
      ['volume', 'pgdata:/var/lib/postgresql/data'],
      ['httpPath', '/health?full=1'],
    ];
    for (const [rule, value] of examples) expect([rule, value, checkValue(rule, value)]).toEqual([rule, value, null]);
  });

  it('explains empty, too long and malformed values with the accepted form', () => {
    expect(checkValue('app', '')).toMatch(/^must not be empty: expected lower-case letters/);
    expect(checkValue('app', 'a'.repeat(64))).toBe(`is 64 characters long, at most 63 allowed: expected ${RULES.app.form}`);
    expect(checkValue('app', 'a'.repeat(63))).toBeNull();
    expect(checkValue('version', '-rc1')).toBe(`expected ${RULES.version.form}`);
    expect(checkValue('digest', 'sha256:' + 'A'.repeat(64))).toBe(`expected ${RULES.digest.form}`);
    expect(checkValue('envKey', '1ABC')).not.toBeNull();
    expect(checkValue('volume', 'relative/dir:/data')).not.toBeNull();
    expect(checkValue('portMapping', '8080:80/sctp')).not.toBeNull();
    expect(checkValue('httpPath', 'health')).not.toBeNull();
    expect(checkValue('app', 42 as unknown as string)).toMatch(/^expected a string/);
  });

  it('env values: any single line up to 64 KiB is data; newline, CR and NUL are refused', () => {
    for (const ok of ['', 'plain', "it's \"quoted\" $(id) `id` ; | & < > \\", 'ünïcødé ✓ \u202e', 'x'.repeat(65536), ' padded ']) {
      expect(checkEnvValue(ok)).toBeNull();
    }
    expect(checkEnvValue('a\nb')).toMatch(/one line/);
    expect(checkEnvValue('a\rb')).toMatch(/one line/);
    expect(checkEnvValue('a\0b')).toMatch(/NUL/);
    expect(checkEnvValue('x'.repeat(65537))).toMatch(/longer than 65536/);
  });
});

describe('formatIssues / pathToField', () => {
  it('formats paths with [n] for indices and dots for keys', () => {
    expect(pathToField(['hosts', 1, 'address'])).toBe('hosts[1].address');
    expect(pathToField([0, 'a'])).toBe('[0].a');
    expect(pathToField(['container', 'env', 'BAD-KEY'])).toBe('container.env.BAD-KEY');
    expect(pathToField([])).toBe('');
  });

  it('prints one line per issue, names unknown keys, keeps at most 20 lines and applies the prefix', () => {
    const r = configSchema.safeParse({ ...minimalRaw(), bogus: 1, rollout: { batchsize: 2 } });
    expect(r.success).toBe(false);
    expect(formatIssues(r.error!.issues).split('\n')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rollout: unknown key\(s\) "batchsize": check the spelling/),
        expect.stringMatching(/^unknown key\(s\) "bogus": check the spelling/),
      ]),
    );
    expect(formatIssues(r.error!.issues, 'verify.').split('\n')).toContainEqual(expect.stringMatching(/^verify\.rollout: unknown key\(s\) "batchsize"/));
    const many = configSchema.safeParse({ ...minimalRaw(), hosts: Array.from({ length: 30 }, () => ({ address: 'a b' })) });
    expect(many.success).toBe(false);
    expect(many.error!.issues.length).toBe(30);
    expect(formatIssues(many.error!.issues).split('\n')).toHaveLength(20);
  });
});

describe('buildConfig: a minimal config and its defaults', () => {
  it('fills every default', () => {
    const c = buildConfig(minimalRaw(), fakeSources());
    expect(c.app).toBe('web');
    expect(c.version).toBeUndefined();
    expect(c.image).toEqual({ repository: 'ghcr.io/acme/web', tags: [], build: undefined });
    expect(c.registry).toBeUndefined();
    expect(c.hosts).toEqual([{ name: 'web-1.example.com', address: 'web-1.example.com', port: 22, user: 'root', fingerprint: undefined }]);
    expect(c.ssh).toEqual({
      privateKey: PRIVATE_KEY,
      passphrase: undefined,
      knownHosts: undefined,
      hostKeys: 'accept-new',
      connectTimeoutMs: 10_000,
      commandTimeoutMs: 600_000,
      jumpHost: undefined,
    });
    expect(c.container).toEqual({
      port: undefined,
      network: undefined,
      ports: [],
      env: [],
      volumes: [],
      labels: {},
      restart: 'unless-stopped',
      stopTimeoutMs: 10_000,
      memory: undefined,
      cpus: undefined,
    });
    expect(c.health).toEqual({ path: undefined, port: undefined, scheme: 'http', timeoutMs: 60_000, intervalMs: 1_000, requestTimeoutMs: 2_000, container: 'auto' });
    expect(c.rollout).toMatchObject({ batchSize: 1, strategy: 'stop-start', retain: 3, canary: false, lockTimeoutMs: 0, hooks: {} });
    expect(c.prometheus).toBeUndefined();
    expect(c.reportFile).toBeUndefined();
    expect(c.secrets).toEqual([PRIVATE_KEY]);
  });

  it('defaults are the same whether a section is missing or empty', () => {
    const empty = buildConfig({ ...minimalRaw(), container: {}, health: {}, rollout: {}, docker: {}, report: {} }, fakeSources());
    const missing = buildConfig(minimalRaw(), fakeSources());
    expect(empty).toEqual(missing);
    const sshEmpty = buildConfig({ ...minimalRaw(), ssh: { privateKey: PRIVATE_KEY, hostKeys: 'accept-new' } }, fakeSources());
    expect(sshEmpty.ssh).toEqual(missing.ssh);
  });

  it('ssh.port / ssh.user apply to hosts that do not set their own; host name defaults to its address', () => {
    const c = buildConfig(
      {
        ...minimalRaw(),
        ssh: { privateKey: PRIVATE_KEY, hostKeys: 'accept-new', port: 2222, user: 'deploy' },
        hosts: ['10.0.0.5', { name: 'db', address: '10.0.0.6', port: 22, user: 'admin', fingerprint: FINGERPRINT }],
      },
      fakeSources(),
    );
    expect(c.hosts).toEqual([
      { name: '10.0.0.5', address: '10.0.0.5', port: 2222, user: 'deploy', fingerprint: undefined },
      { name: 'db', address: '10.0.0.6', port: 22, user: 'admin', fingerprint: FINGERPRINT },
    ]);
  });

  it('resolves relative paths against baseDir and keeps absolute ones', () => {
    const src = fakeSources({}, { '/srv/deploy/keys/id': PRIVATE_KEY, '/etc/ssh/kh': 'web-1.example.com ssh-ed25519 AAAA' });
    const c = buildConfig(
      {
        ...minimalRaw(),
        ssh: { privateKeyFile: 'keys/id', knownHostsFile: '/etc/ssh/kh' },
        image: { repository: 'ghcr.io/acme/web', build: { context: 'app' } },
        report: { file: 'out/report.json' },
      },
      src,
    );
    expect(src.reads).toEqual(['/srv/deploy/keys/id', '/etc/ssh/kh']);
    expect(c.image.build).toEqual({ context: '/srv/deploy/app', dockerfile: 'Dockerfile', args: {}, labels: {}, builder: 'buildkit', cacheFrom: [], inlineCache: false, network: 'default' });
    expect(c.reportFile).toBe('/srv/deploy/out/report.json');
    expect(c.ssh.knownHosts).toBe('web-1.example.com ssh-ed25519 AAAA');
    expect(c.ssh.hostKeys).toBe('strict');
  });

  it('takes DOCKER_HOST from the environment unless docker.host is set; trims a trailing slash from prometheus.url', () => {
    expect(buildConfig({ ...minimalRaw(), docker: { allowPlainTcp: true } }, fakeSources({ DOCKER_HOST: 'tcp://builder:2375' })).dockerHost?.url).toBe('tcp://builder:2375');
    expect(buildConfig({ ...minimalRaw(), docker: { host: 'unix:///run/docker.sock' } }, fakeSources({ DOCKER_HOST: 'tcp://x:1' })).dockerHost?.url).toBe('unix:///run/docker.sock');
    const c = buildConfig({ ...minimalRaw(), prometheus: { url: 'http://prom:9090/' } }, fakeSources());
    expect(c.prometheus).toEqual({ url: 'http://prom:9090', timeoutMs: 5_000, bearerToken: undefined });
  });

  it('jumpHost inherits ssh.user and defaults port 22', () => {
    const c = buildConfig({ ...minimalRaw(), ssh: { privateKey: PRIVATE_KEY, hostKeys: 'accept-new', user: 'ops', jumpHost: { address: 'bastion.example.com' } } }, fakeSources());
    expect(c.ssh.jumpHost).toEqual({ address: 'bastion.example.com', port: 22, user: 'ops' });
  });

  it('health: HTTP check port falls back to container.port; needs some port; refuses no check at all', () => {
    expect(buildConfig({ ...minimalRaw(), container: { port: 8080 }, health: { path: '/health' } }, fakeSources()).health).toMatchObject({ path: '/health', port: 8080 });
    expect(buildConfig({ ...minimalRaw(), container: { port: 8080 }, health: { path: '/h', port: 9000 } }, fakeSources()).health.port).toBe(9000);
    const e1 = errorOf({ ...minimalRaw(), health: { path: '/health' } });
    expect(e1.field).toBe('health.port');
    const e2 = errorOf({ ...minimalRaw(), health: { container: 'ignore' } });
    expect(e2.field).toBe('health');
    expect(e2.message).toMatch(/health\.path/);
  });
});

describe('buildConfig: every class of bad input names the field and the accepted form', () => {
  const cases: [string, string, unknown, string, RegExp][] = [
    ['missing app', 'app', undefined, 'app', /lower-case letters/],
    ['upper-case app', 'app', 'Web', 'app', /lower-case letters/],
    ['app too long', 'app', 'a'.repeat(64), 'app', /at most 63/],
    ['version with a space', 'version', 'v1 2', 'version', /letters, digits/],
    ['repository with a tag', 'image.repository', 'ghcr.io/acme/web:latest', 'image.repository', /without tag or digest/],
    ['tag starting with a dash', 'image.tags[0]', '-x', 'image.tags[0]', /Docker tag/],
    ['host address with a shell metachar', 'hosts', ['web-1', { address: '$(x)' }], 'hosts[1].address', /host name or an IP address/],
    ['host as a bad string', 'hosts', ['web-1', 'a;b'], 'hosts[1].address', /host name or an IP address/],
    ['host port out of range', 'hosts', [{ address: 'web-1', port: 70000 }], 'hosts[0].port', /port number from 1 to 65535/],
    ['host fingerprint in MD5 form', 'hosts', [{ address: 'web-1', fingerprint: 'MD5:aa:bb' }], 'hosts[0].fingerprint', /ssh-keygen -lf/],
    ['host user upper-case', 'hosts', [{ address: 'web-1', user: 'Root' }], 'hosts[0].user', /Unix user name/],
    ['no hosts', 'hosts', [], 'hosts', /at least one host/],
    ['hosts not a list', 'hosts', 'web-1', 'hosts', /list of hosts/],
    ['batchSize 0', 'rollout.batchSize', 0, 'rollout.batchSize', /whole number from 1/],
    ['batchSize fraction', 'rollout.batchSize', 2.5, 'rollout.batchSize', /number of hosts .* or a percentage/],
    ['batchSize 150%', 'rollout.batchSize', '150%', 'rollout.batchSize', /percentage from 1% to 100%/],
    ['batchSize 0%', 'rollout.batchSize', '0%', 'rollout.batchSize', /percentage from 1% to 100%/],
    ['connectTimeout in words', 'ssh.connectTimeout', '10 minutes', 'ssh.connectTimeout', /"500ms", "30s", "2m"/],
    ['connectTimeout over its maximum', 'ssh.connectTimeout', '11m', 'ssh.connectTimeout', /between 0.1s and 600s/],
    ['negative duration', 'container.stopTimeout', -1, 'container.stopTimeout', /duration/],
    ['infinite duration', 'health.timeout', Infinity, 'health.timeout', /duration/],
    ['ssh.port 0', 'ssh.port', 0, 'ssh.port', /port/],
    ['ssh.hostKeys yes', 'ssh.hostKeys', 'yes', 'ssh.hostKeys', /"strict" \(default\) or "accept-new"/],
    ['network with space', 'container.network', 'my net', 'container.network', /Docker network name/],
    ['bad port mapping', 'container.ports', ['8080:80', '1.2.3.4:80:80;'], 'container.ports[1]', /port mapping/],
    ['relative volume', 'container.volumes', ['data/dir:/data'], 'container.volumes[0]', /SOURCE:\/container\/path/],
    ['restart sometimes', 'container.restart', 'sometimes', 'container.restart', /"no", "always"/],
    ['memory in words', 'container.memory', '1 GB', 'container.memory', /memory limit/],
    ['health path without slash', 'health.path', 'health', 'health.path', /URL path starting with/],
    ['prometheus ftp url', 'prometheus.url', 'ftp://prom', 'prometheus.url', /http\(s\) URL/],
    ['retain 0', 'rollout.retain', 0, 'rollout.retain', /at least one previous release/],
    ['empty hook', 'rollout.hooks.preHost', [], 'rollout.hooks.preHost', /at least the program/],
    ['hook as a string', 'rollout.hooks.postHost', 'drain --all', 'rollout.hooks.postHost', /list of arguments/],
    ['strategy blue-green', 'rollout.strategy', 'blue-green', 'rollout.strategy', /stop-start/],
    ['docker host http', 'docker.host', 'http://docker:2375', 'docker.host', /Docker engine address/],
    ['too many tags', 'image.tags', Array.from({ length: 33 }, (_, i) => `t${i}`), 'image.tags', /32/],
  ];

  it.each(cases)('%s → %s', (_label, path, value, field, form) => {
    const raw = minimalRaw();
    if (value === undefined) delete raw[path];
    else setPath(raw, path, value);
    const err = errorOf(raw);
    expect(err.kind).toBe('input');
    expect(exitCodeFor(err)).toBe(EXIT.badInput);
    const line = err.message.split('\n').find((l) => l.startsWith(`${field}: `));
    expect(line).toBeDefined();
    expect(line).toMatch(form);
  });

  it.each([
    ['container.env', 'BAD-KEY', /environment variable name/],
    ['container.labels', 'bad key', /label key/],
    ['image.build.args', '1X', /environment variable name/],
  ])('a bad record key %s.%s is named with its accepted form', (section, key, form) => {
    const raw = setPath(minimalRaw(), section, { [key]: 'x' });
    const err = errorOf(raw);
    const line = err.message.split('\n').find((l) => l.startsWith(`${section}.${key}: `));
    expect(line).toBeDefined();
    // The key rule's form must be shown, not zod's generic "Invalid key in record".
    expect(line).toMatch(form);
  });

  it('more than 500 hosts: the message says how many are allowed', () => {
    const err = errorOf({ ...minimalRaw(), hosts: Array.from({ length: 501 }, (_, i) => `h${i}`) });
    expect(err.message).toMatch(/^hosts: /m);
    expect(err.message).toMatch(/500/);
  });

  it('malformed host addresses (lone dots or colons, unbalanced brackets) are refused on hosts[0].address', () => {
    const accepted: string[] = [];
    for (const address of ['.', '...', ':', '[10.0.0.5', '10.0.0.5]', '[]']) {
      try {
        buildConfig({ ...minimalRaw(), hosts: [{ address }] }, fakeSources());
        accepted.push(address);
      } catch (err) {
        expect((err as Error).message).toMatch(/^hosts\[0\]\.address: .*host name or an IP address/m);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('exactly 500 hosts is fine', () => {
    expect(buildConfig({ ...minimalRaw(), hosts: Array.from({ length: 500 }, (_, i) => `h${i}`) }, fakeSources()).hosts).toHaveLength(500);
  });

  it.each([
    ['top level', { bogus: 1 }, '', 'bogus'],
    ['in a section', { rollout: { batchsize: 2 } }, 'rollout: ', 'batchsize'],
    ['in a nested section', { rollout: { hooks: { prehost: ['x'] } } }, 'rollout.hooks: ', 'prehost'],
    ['in ssh', { ssh: { privateKey: PRIVATE_KEY, hostKeys: 'accept-new', identityFile: 'x' } }, 'ssh: ', 'identityFile'],
  ])('an unknown key %s is rejected by name', (_l, patch, prefix, key) => {
    const err = errorOf({ ...minimalRaw(), ...patch });
    expect(err.message).toContain(`${prefix}unknown key(s) "${key}"`);
  });

  it('an unknown key inside a host entry is rejected by name (e.g. a typo "adress")', () => {
    const err = errorOf({ ...minimalRaw(), hosts: [{ adress: '10.0.0.5' }] });
    expect(err.message).toMatch(/^hosts\[0\]/m);
    expect(err.message).toContain('"adress"');
  });

  it('a config that is not an object (null, a list, a string) is an input error', () => {
    for (const raw of [null, ['a'], 'app: web', 42]) {
      const err = errorOf(raw);
      expect(err.kind).toBe('input');
      expect(err.message).toMatch(/expected object/);
    }
  });
});

describe('buildConfig: duplicate hosts', () => {
  it('two hosts with the same name', () => {
    const err = errorOf({ ...minimalRaw(), hosts: [{ name: 'web', address: '10.0.0.1' }, { name: 'web', address: '10.0.0.2' }] });
    expect(err.field).toBe('hosts[1].name');
    expect(err.message).toContain('duplicates hosts[0] (web)');
  });

  it('the same address and port under two names, including the string form', () => {
    const err = errorOf({ ...minimalRaw(), hosts: ['10.0.0.1', { name: 'other', address: '10.0.0.1' }] });
    expect(err.field).toBe('hosts[1].address');
    expect(err.message).toContain('10.0.0.1:22');
  });

  it('the same address with the port given once via ssh.port and once explicitly', () => {
    const err = errorOf({ ...minimalRaw(), ssh: { privateKey: PRIVATE_KEY, hostKeys: 'accept-new', port: 2222 }, hosts: ['a.example.com', { name: 'b', address: 'a.example.com', port: 2222 }] });
    expect(err.field).toBe('hosts[1].address');
  });

  it('the same address on two different ports is two hosts', () => {
    const c = buildConfig({ ...minimalRaw(), hosts: [{ name: 'a', address: '10.0.0.1' }, { name: 'b', address: '10.0.0.1', port: 2222 }] }, fakeSources());
    expect(c.hosts.map((h) => `${h.address}:${h.port}`)).toEqual(['10.0.0.1:22', '10.0.0.1:2222']);
  });

  it('host names differing only in letter case are the same DNS name: a duplicate', () => {
    const err = errorOf({ ...minimalRaw(), hosts: ['web-1.example.com', 'WEB-1.example.com'] });
    expect(err.field).toMatch(/^hosts\[1\]\./);
  });
});

describe('buildConfig: host key policy', () => {
  const strict = (extra: Record<string, unknown> = {}, hosts: unknown[] = ['web-1', 'web-2']) => ({ ...minimalRaw(), hosts, ssh: { privateKey: PRIVATE_KEY, ...extra } });

  it('strict (the default) without fingerprints or known_hosts is an input error naming every unpinned host', () => {
    const err = errorOf(strict({}, [{ address: 'web-1', fingerprint: FINGERPRINT }, 'web-2', 'web-3']));
    expect(err.kind).toBe('input');
    expect(err.field).toBe('ssh.knownHostsFile');
    expect(err.message).toContain('web-2, web-3 has no pinned fingerprint');
    expect(err.message).not.toContain('web-1');
    expect(err.hint).toMatch(/accept-new/);
  });

  it('strict with every host pinned, or with inline known_hosts, or a known_hosts file, is fine', () => {
    expect(buildConfig(strict({}, [{ address: 'web-1', fingerprint: FINGERPRINT }]), fakeSources()).ssh.hostKeys).toBe('strict');
    expect(buildConfig(strict({ knownHosts: 'web-1 ssh-ed25519 AAAA' }), fakeSources()).ssh.knownHosts).toBe('web-1 ssh-ed25519 AAAA');
    const c = buildConfig(strict({ knownHosts: 'a ssh-ed25519 AAAA', knownHostsFile: 'kh' }), fakeSources({}, { '/srv/deploy/kh': 'b ssh-ed25519 BBBB\n' }));
    expect(c.ssh.knownHosts).toBe('a ssh-ed25519 AAAA\nb ssh-ed25519 BBBB\n');
  });

  it('hostKeys: accept-new is allowed without any pin', () => {
    expect(buildConfig(strict({ hostKeys: 'accept-new' }), fakeSources()).ssh.hostKeys).toBe('accept-new');
  });

  it('an unreadable known_hosts file names the field and the error code', () => {
    const err = errorOf(strict({ knownHostsFile: 'missing' }));
    expect(err.field).toBe('ssh.knownHostsFile');
    expect(err.message).toContain('"missing"');
    expect(err.message).toContain('ENOENT');
  });
});

describe('buildConfig: ssh private key', () => {
  it('requires a key, refuses both forms, and refuses a non-PEM key', () => {
    expect(errorOf({ ...minimalRaw(), ssh: { hostKeys: 'accept-new' } }).field).toBe('ssh.privateKey');
    expect(errorOf({ ...minimalRaw(), ssh: { hostKeys: 'accept-new', privateKey: PRIVATE_KEY, privateKeyFile: 'id' } }).field).toBe('ssh');
    expect(errorOf({ ...minimalRaw(), ssh: { hostKeys: 'accept-new', privateKey: 'ssh-ed25519 AAAA public key' } }).field).toBe('ssh.privateKey');
    const err = errorOf({ ...minimalRaw(), ssh: { hostKeys: 'accept-new', privateKeyFile: 'id.pub' } }, fakeSources({}, { '/srv/deploy/id.pub': 'ssh-ed25519 AAAA' }));
    expect(err.field).toBe('ssh.privateKeyFile');
  });
});

describe('buildConfig: secrets from env and files land in config.secrets', () => {
  it('registry password from env, passphrase from file, bearer token from env, secret env var', () => {
    const src = fakeSources({ REG_PW: 'reg-secret', TOKEN: 'bearer-secret', DB_PASSWORD: 'db-secret' }, { '/srv/deploy/pass.txt': 'key-pass\n' });
    const c = buildConfig(
      {
        ...minimalRaw(),
        registry: { server: 'ghcr.io', username: 'bot', passwordEnv: 'REG_PW' },
        ssh: { privateKey: PRIVATE_KEY, hostKeys: 'accept-new', passphrase: { fromFile: 'pass.txt' } },
        prometheus: { url: 'http://prom:9090', bearerToken: { fromEnv: 'TOKEN' } },
        container: { env: { DB_PASSWORD: { fromEnv: 'DB_PASSWORD', secret: true }, LOG_LEVEL: 'debug', PORT: 8080, DEBUG: false } },
      },
      src,
    );
    expect(c.registry).toEqual({ server: 'ghcr.io', username: 'bot', password: 'reg-secret' });
    expect(c.ssh.passphrase).toBe('key-pass');
    expect(c.prometheus?.bearerToken).toBe('bearer-secret');
    expect(c.container.env).toEqual([
      { key: 'DB_PASSWORD', value: 'db-secret', secret: true },
      { key: 'LOG_LEVEL', value: 'debug', secret: false },
      { key: 'PORT', value: '8080', secret: false },
      { key: 'DEBUG', value: 'false', secret: false },
    ]);
    expect(new Set(c.secrets)).toEqual(new Set([PRIVATE_KEY, 'reg-secret', 'key-pass', 'bearer-secret', 'db-secret']));
    expect(c.secrets).not.toContain('debug');
  });

  it('registry password from a file has its final newline (LF or CRLF) stripped; private key file content is a secret', () => {
    const src = fakeSources({}, { '/srv/deploy/pw': 'hunter2\r\n', '/keys/id': PRIVATE_KEY });
    const c = buildConfig({ ...minimalRaw(), registry: { server: 'ghcr.io', username: 'bot', passwordFile: 'pw' }, ssh: { privateKeyFile: '/keys/id', hostKeys: 'accept-new' } }, src);
    expect(c.registry?.password).toBe('hunter2');
    expect(c.secrets).toEqual(expect.arrayContaining(['hunter2', PRIVATE_KEY]));
  });

  it('a missing environment variable names the field and the variable', () => {
    const err = errorOf({ ...minimalRaw(), registry: { server: 'ghcr.io', username: 'bot', passwordEnv: 'REG_PW' } }, fakeSources({ REG_PW: '' }));
    expect(err.field).toBe('registry.passwordEnv');
    expect(err.message).toContain('REG_PW');
    const err2 = errorOf({ ...minimalRaw(), container: { env: { A: { fromEnv: 'NOPE' } } } });
    expect(err2.field).toBe('container.env.A.fromEnv');
  });

  it('secret sources need exactly one of value / fromEnv / fromFile', () => {
    expect(errorOf({ ...minimalRaw(), ssh: { privateKey: PRIVATE_KEY, hostKeys: 'accept-new', passphrase: { value: 'a', fromEnv: 'B' } } }).field).toBe('ssh.passphrase');
    expect(errorOf({ ...minimalRaw(), ssh: { privateKey: PRIVATE_KEY, hostKeys: 'accept-new', passphrase: {} } }).field).toBe('ssh.passphrase');
    expect(errorOf({ ...minimalRaw(), container: { env: { A: { value: 'x', fromEnv: 'B' } } } }).field).toBe('container.env.A');
    expect(errorOf({ ...minimalRaw(), registry: { server: 'ghcr.io', username: 'u', password: 'p', passwordEnv: 'P' } }).field).toBe('registry');
  });

  it('a registry password needs a username and must be one line', () => {
    expect(errorOf({ ...minimalRaw(), registry: { server: 'ghcr.io', password: 'p' } }).field).toBe('registry.username');
    expect(errorOf({ ...minimalRaw(), registry: { server: 'ghcr.io', username: 'u', passwordEnv: 'P' } }, fakeSources({ P: 'a\nb' })).field).toBe('registry.password');
  });

  it('env values with a newline, CR or NUL are refused, also when they come from the environment', () => {
    for (const bad of ['line1\nline2', 'a\rb', 'a\0b']) {
      const err = errorOf({ ...minimalRaw(), container: { env: { MULTI: bad } } });
      expect(err.field).toBe('container.env.MULTI');
    }
    const err = errorOf({ ...minimalRaw(), container: { env: { CERT: { fromEnv: 'CERT', secret: true } } } }, fakeSources({ CERT: '-----BEGIN CERT-----\nabc\n-----END CERT-----' }));
    expect(err.field).toBe('container.env.CERT');
    expect(err.message).toMatch(/one line/);
    // ...and the secret value does not appear in the error text
    expect(err.message).not.toContain('abc');
  });
});

describe('buildConfig: registry server must be where the image lives', () => {
  const reg = (repository: string, server: string) => ({ ...minimalRaw(), image: { repository }, registry: { server, username: 'u', password: 'p' } });

  it.each([
    ['ghcr.io/acme/web', 'ghcr.io'],
    ['acme/web', 'docker.io'],
    ['web', 'docker.io'],
    ['localhost:5000/web', 'localhost:5000'],
    ['localhost/web', 'localhost'],
    ['10.0.0.1:5000/team/web', '10.0.0.1:5000'],
  ])('%s on %s is accepted', (repository, server) => {
    expect(buildConfig(reg(repository, server), fakeSources()).registry?.server).toBe(server);
  });

  it.each([
    ['ghcr.io/acme/web', 'docker.io', 'ghcr.io'],
    ['acme/web', 'ghcr.io', 'docker.io'],
    ['registry.example.com:5000/web', 'registry.example.com', 'registry.example.com:5000'],
  ])('%s with server %s is refused and the hint names %s', (repository, server, actual) => {
    const err = errorOf(reg(repository, server));
    expect(err.field).toBe('registry.server');
    expect(err.message).toContain(actual);
    expect(err.hint).toBe(`set registry.server to "${actual}"`);
  });
});

describe('buildConfig: durations', () => {
  it.each([
    ['500ms', 500],
    ['2m', 120_000],
    [30, 30_000],
    ['30', 30_000],
    ['1.5s', 1_500],
    [' 45 s ', 45_000],
    ['0.25', 250],
    ['1h', 3_600_000],
  ])('container.stopTimeout / health.timeout %p → %p ms', (input, ms) => {
    if (ms <= 600_000) expect(buildConfig({ ...minimalRaw(), container: { stopTimeout: input } }, fakeSources()).container.stopTimeoutMs).toBe(ms);
    expect(buildConfig({ ...minimalRaw(), health: { timeout: input } }, fakeSources()).health.timeoutMs).toBe(ms);
  });

  it.each(['30sec', '1d', '-1s', '1e3', '', 'ms', '1 2s', '1.s'])('%p is refused with the accepted form', (input) => {
    const err = errorOf({ ...minimalRaw(), ssh: { privateKey: PRIVATE_KEY, hostKeys: 'accept-new', commandTimeout: input } });
    expect(err.message).toMatch(/^ssh\.commandTimeout: expected a duration such as "500ms", "30s", "2m" or a number of seconds/m);
  });

  it('the maximum is inclusive: connectTimeout 600 s is fine, 600.001 s is not', () => {
    expect(buildConfig(withPatch('ssh.connectTimeout', '10m'), fakeSources()).ssh.connectTimeoutMs).toBe(600_000);
    expect(errorOf(withPatch('ssh.connectTimeout', 600.001)).message).toMatch(/between 0.1s and 600s/);
    expect(errorOf(withPatch('ssh.commandTimeout', '25h')).message).toMatch(/between 1s and 86400s/);
  });

  it('a zero SSH timeout is refused: connection.ts would kill every command at once', () => {
    expect(errorOf(withPatch('ssh.commandTimeout', 0)).message).toMatch(/^ssh\.commandTimeout: /m);
    expect(errorOf(withPatch('ssh.connectTimeout', '0s')).message).toMatch(/^ssh\.connectTimeout: /m);
  });

  it('lockTimeout 0 (do not wait) is allowed', () => {
    expect(buildConfig(withPatch('rollout.lockTimeout', 0), fakeSources()).rollout.lockTimeoutMs).toBe(0);
  });
});

describe('parseYaml', () => {
  it('parses a mapping and turns an empty document into {}', () => {
    expect(parseYaml('app: web\nhosts:\n  - a\n  - b\n', 'rollwatch.yml')).toEqual({ app: 'web', hosts: ['a', 'b'] });
    expect(parseYaml('', 'rollwatch.yml')).toEqual({});
    expect(parseYaml('# only a comment\n', 'rollwatch.yml')).toEqual({});
  });

  it('invalid YAML is an input error naming the file and the line', () => {
    try {
      parseYaml('app: web\nhosts: [a, b\n', 'deploy/rollwatch.yml');
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(RollwatchError);
      const e = err as RollwatchError;
      expect(e.kind).toBe('input');
      expect(e.field).toBe('deploy/rollwatch.yml');
      expect(e.message).toMatch(/^deploy\/rollwatch\.yml: is not valid YAML: .*line \d+/);
      expect(e.message).not.toContain('\n');
    }
  });

  it('duplicate keys are refused', () => {
    expect(() => parseYaml('app: web\napp: api\n', 'f.yml')).toThrow(/not valid YAML/);
  });

  it('a YAML list parses to an array, which buildConfig refuses', () => {
    const raw = parseYaml('- app: web\n', 'f.yml');
    expect(Array.isArray(raw)).toBe(true);
    expect(errorOf(raw).kind).toBe('input');
  });

  it('refuses a file over 1 MB before parsing it', () => {
    const text = 'a: "' + 'x'.repeat(1_000_001) + '"\n';
    expect(() => parseYaml(text, 'big.yml')).toThrow(/big\.yml: is larger than 1 MB/);
  });

  it('an alias bomb ("billion laughs") is an input error, not a crash', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      '',
    ].join('\n');
    let caught: unknown;
    try {
      parseYaml(bomb, 'bomb.yml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RollwatchError);
    expect((caught as RollwatchError).kind).toBe('input');
    expect((caught as RollwatchError).field).toBe('bomb.yml');
  });

  it('YAML 1.2 core schema: "on"/"yes" stay strings, so canary: yes is refused rather than silently true', () => {
    const raw = parseYaml('rollout:\n  canary: yes\n', 'f.yml') as Record<string, any>;
    expect(raw.rollout.canary).toBe('yes');
    expect(errorOf({ ...minimalRaw(), ...raw }).message).toMatch(/^rollout\.canary: /m);
  });
});

describe('buildConfig: huge values', () => {
  it('a 10 000 character app, tag, host or label key is refused with its length', () => {
    const long = 'a'.repeat(10_000);
    expect(errorOf(withPatch('app', long)).message).toContain('app: is 10000 characters long, at most 63 allowed');
    expect(errorOf(withPatch('image.tags', [long])).message).toContain('image.tags[0]: is 10000 characters long');
    expect(errorOf(withPatch('hosts', [{ address: long }])).message).toContain('hosts[0].address: is 10000 characters long');
  });

  it('known_hosts over 1 MB, a label value over 4096 and a hook argument over 4096 characters are refused', () => {
    expect(errorOf(withPatch('ssh.knownHosts', 'x'.repeat(1_000_001))).message).toMatch(/^ssh\.knownHosts: /m);
    expect(errorOf(withPatch('container.labels', { a: 'x'.repeat(4097) })).message).toMatch(/^container\.labels\.a: /m);
    expect(errorOf(withPatch('rollout.hooks.preHost', ['/bin/x', 'y'.repeat(4097)])).message).toMatch(/^rollout\.hooks\.preHost\[1\]: a hook argument is at most 4096/m);
    expect(errorOf(withPatch('container.env', { BIG: 'x'.repeat(65_537) })).field).toBe('container.env.BIG');
  });

  it('numbers: batchSize above 10 000, cpus above 1024, port above 65535 are refused', () => {
    expect(errorOf(withPatch('rollout.batchSize', 10_001)).message).toMatch(/^rollout\.batchSize: /m);
    expect(errorOf(withPatch('container.cpus', 1025)).message).toMatch(/^container\.cpus: /m);
    expect(errorOf(withPatch('container.port', 65_536)).message).toMatch(/^container\.port: /m);
    expect(errorOf(withPatch('container.port', 80.5)).message).toMatch(/^container\.port: expected a whole port number/m);
  });
});
