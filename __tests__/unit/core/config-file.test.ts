import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadConfigFile, mergeDeep, fileSources } from '../../../src/config/file';
import { RollwatchError } from '../../../src/errors';
import { PRIVATE_KEY } from '../../fixtures/core/config';

describe('mergeDeep', () => {
  it('merges plain objects key by key; the override wins for scalars', () => {
    const base = { app: 'web', ssh: { user: 'root', port: 22 }, rollout: { batchSize: 1, hooks: { preHost: ['a'] } } };
    const over = { ssh: { user: 'deploy' }, rollout: { hooks: { postHost: ['b'] } } };
    expect(mergeDeep(base, over)).toEqual({ app: 'web', ssh: { user: 'deploy', port: 22 }, rollout: { batchSize: 1, hooks: { preHost: ['a'], postHost: ['b'] } } });
  });

  it('arrays are replaced, not concatenated or merged by index', () => {
    expect(mergeDeep({ hosts: ['a', 'b', 'c'] }, { hosts: ['x'] })).toEqual({ hosts: ['x'] });
  });

  it('an object replaces a scalar or an array and vice versa', () => {
    expect(mergeDeep({ a: 1, b: [1], c: { x: 1 } }, { a: { y: 2 }, b: { z: 3 }, c: 'flat' })).toEqual({ a: { y: 2 }, b: { z: 3 }, c: 'flat' });
  });

  it('undefined in the override keeps the base value; null replaces it', () => {
    expect(mergeDeep({ a: 1, b: 2 }, { a: undefined, b: null })).toEqual({ a: 1, b: null });
  });

  it('does not mutate its inputs', () => {
    const base = { ssh: { user: 'root' } };
    const over = { ssh: { port: 2222 } };
    const out = mergeDeep(base, over);
    expect(base).toEqual({ ssh: { user: 'root' } });
    expect(over).toEqual({ ssh: { port: 2222 } });
    expect(out.ssh).not.toBe(base.ssh);
  });

  it('a "__proto__" key from JSON does not pollute Object.prototype', () => {
    const over = JSON.parse('{"__proto__": {"polluted": true}, "a": {"__proto__": {"polluted2": true}}}');
    mergeDeep({ a: {} }, over);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted2).toBeUndefined();
  });

  it('property: every key of the override is present with the override value when it is not a plain object', () => {
    const leaf = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));
    const key = fc.constantFrom('a', 'b', 'c', 'd');
    const tree = fc.letrec((tie) => ({ node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('node')), { maxKeys: 4 }) })).node as fc.Arbitrary<Record<string, unknown>>;
    fc.assert(
      fc.property(tree, tree, (base, over) => {
        const out = mergeDeep(base, over);
        for (const [k, v] of Object.entries(over)) {
          const isObj = typeof v === 'object' && v !== null && !Array.isArray(v);
          if (!isObj) expect(out[k]).toEqual(v);
        }
        for (const k of Object.keys(base)) expect(k in out).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('loadConfigFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'rollwatch-config-')));
    mkdirSync(join(dir, 'keys'));
    writeFileSync(join(dir, 'keys', 'id'), PRIVATE_KEY);
    writeFileSync(join(dir, 'keys', 'registry-pw'), 'from-file\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  const YAML_OK = [
    'app: web',
    'image:',
    '  repository: ghcr.io/acme/web',
    '  build:',
    '    context: app',
    '    dockerfile: docker/Prod.Dockerfile',
    'registry:',
    '  server: ghcr.io',
    '  username: bot',
    '  passwordFile: keys/registry-pw',
    'hosts:',
    '  - web-1.example.com',
    '  - name: web-2',
    '    address: 10.0.0.2',
    'ssh:',
    '  privateKeyFile: keys/id',
    '  hostKeys: accept-new',
    'container:',
    '  port: 8080',
    '  env:',
    '    LOG_LEVEL: info',
    '    API_KEY: { fromEnv: API_KEY, secret: true }',
    'rollout:',
    '  batchSize: 50%',
    '',
  ].join('\n');

  it('reads the file, resolves relative paths against its directory and secrets from env', () => {
    const c = loadConfigFile(write('rollwatch.yml', YAML_OK), {}, { API_KEY: 'k-123' });
    expect(c.hosts.map((h) => h.name)).toEqual(['web-1.example.com', 'web-2']);
    expect(c.image.build?.context).toBe(join(dir, 'app'));
    expect(c.image.build?.dockerfile).toBe('docker/Prod.Dockerfile');
    expect(c.ssh.privateKey).toBe(PRIVATE_KEY);
    expect(c.registry?.password).toBe('from-file');
    expect(c.container.env).toEqual([
      { key: 'LOG_LEVEL', value: 'info', secret: false },
      { key: 'API_KEY', value: 'k-123', secret: true },
    ]);
    expect(c.rollout.batchSize).toBe('50%');
    expect(c.secrets).toEqual(expect.arrayContaining([PRIVATE_KEY, 'from-file', 'k-123']));
  });

  it('overrides win over the file and merge into it key by key', () => {
    const c = loadConfigFile(
      write('rollwatch2.yml', YAML_OK),
      { hosts: ['10.9.9.9'], container: { env: { LOG_LEVEL: 'debug' } }, rollout: { batchSize: 2 }, image: { build: { context: 'other' } } },
      { API_KEY: 'k' },
    );
    expect(c.hosts.map((h) => h.address)).toEqual(['10.9.9.9']);
    expect(c.container.env.find((e) => e.key === 'LOG_LEVEL')?.value).toBe('debug');
    expect(c.container.env.find((e) => e.key === 'API_KEY')?.value).toBe('k');
    expect(c.rollout.batchSize).toBe(2);
    expect(c.image.build?.context).toBe(join(dir, 'other'));
    expect(c.image.build?.dockerfile).toBe('docker/Prod.Dockerfile');
    expect(c.container.port).toBe(8080);
  });

  it('a missing file is an input error on --config with the error code', () => {
    try {
      loadConfigFile(join(dir, 'nope.yml'));
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(RollwatchError);
      expect((err as RollwatchError).field).toBe('--config');
      expect((err as RollwatchError).message).toContain('ENOENT');
    }
  });

  it('a YAML list or scalar at the top level is refused naming the file', () => {
    for (const [name, text] of [['list.yml', '- app: web\n'], ['scalar.yml', 'just a string\n']]) {
      const p = write(name, text);
      expect(() => loadConfigFile(p)).toThrow(new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: must be a YAML mapping`));
    }
  });

  it('invalid YAML names the file', () => {
    const p = write('broken.yml', 'app: web\n  hosts: [\n');
    expect(() => loadConfigFile(p)).toThrow(/broken\.yml: is not valid YAML/);
  });

  it('an invalid field in the file is reported by path', () => {
    const p = write('bad.yml', YAML_OK.replace('batchSize: 50%', 'batchSize: 150%'));
    expect(() => loadConfigFile(p, {}, { API_KEY: 'k' })).toThrow(/rollout\.batchSize: expected a percentage from 1% to 100%/);
  });

  it('fileSources reads real files and exposes the given env', () => {
    const s = fileSources(dir, { A: '1' });
    expect(s.readFile(join(dir, 'keys', 'registry-pw'))).toBe('from-file\n');
    expect(s.env.A).toBe('1');
    expect(s.baseDir).toBe(dir);
  });
});
