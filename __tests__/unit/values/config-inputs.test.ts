/**
 * Input nits of issue 11: each bad input is refused at load time with the field named and the
 * accepted form, and a good one arrives whole.
 */
import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { buildConfig } from '../../../src/config/load';
import { loadConfigFile } from '../../../src/config/file';
import { PRIVATE_KEY, fakeSources, minimalRaw, setPath } from '../../fixtures/core/config';
import { inputErrorOf } from '../../fixtures/core/run-spec';

const refusal = inputErrorOf;

const dir = mkdtempSync(join(tmpdir(), 'rollwatch-values-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a config file as a user would (YAML) and loads it the way the CLI does. */
function loadYaml(raw: Record<string, unknown>, name = 'rollwatch.yml'): ReturnType<typeof loadConfigFile> {
  const file = join(dir, name);
  writeFileSync(file, YAML.stringify(raw));
  return loadConfigFile(file, {}, {});
}

describe('env keys', () => {
  it('"__proto__" as an env key is refused, naming the field (it used to vanish with its secret)', () => {
    const raw = setPath(minimalRaw(), 'container.env', {});
    // as YAML would give it: an own key named __proto__
    Object.defineProperty(raw.container.env, '__proto__', { value: { value: 's3cr3t', secret: true }, enumerable: true, configurable: true, writable: true });
    const err = refusal(() => buildConfig(raw, fakeSources()));
    expect(err.message).toMatch(/container\.env/);
    expect(err.message).toMatch(/__proto__/);
  });

  it('the same from a YAML file: refused with the field, never silently dropped', () => {
    const text = YAML.stringify({ ...minimalRaw(), container: { env: { A: '1' } } }).replace('A: "1"', 'A: "1"\n    __proto__:\n      value: s3cr3t\n      secret: true');
    const file = join(dir, 'proto.yml');
    writeFileSync(file, text);
    expect(text).toMatch(/__proto__/);
    const err = refusal(() => loadConfigFile(file, {}, {}));
    expect(err.message).toMatch(/container\.env/);
  });

  it('ordinary keys (including "constructor") arrive with their values and secrets', () => {
    const c = loadYaml({ ...minimalRaw(), container: { env: { constructor: 'c', TOKEN: { value: 's3cr3t', secret: true } } } });
    expect(c.container.env).toEqual([
      { key: 'constructor', value: 'c', secret: false },
      { key: 'TOKEN', value: 's3cr3t', secret: true },
    ]);
    expect(c.secrets).toContain('s3cr3t');
  });
});

describe('port mappings', () => {
  it.each([
    ['999.999.999.999:70000:80'],
    ['70000:80'],
    ['8080:0'],
    ['8080:65536/tcp'],
    ['256.0.0.1:8080:80'],
    ['0:80'],
  ])('%s is refused, naming the field and the ranges', (mapping) => {
    const err = refusal(() => buildConfig(setPath(minimalRaw(), 'container.ports', ['8081:81', mapping]), fakeSources()));
    expect(err.message).toMatch(/container\.ports\[1\]/);
    expect(err.message).toMatch(/1 to 65535/);
  });

  it.each([['8080:80'], ['127.0.0.1:8080:80'], ['53/udp'], ['65535:1/tcp'], ['0.0.0.0:80:80']])('%s is accepted', (mapping) => {
    expect(buildConfig(setPath(minimalRaw(), 'container.ports', [mapping]), fakeSources()).container.ports).toEqual([mapping]);
  });
});

describe('file sizes are checked before the file is read', () => {
  it('a 4 GB config file is refused at once, naming the file (not read into memory)', () => {
    const file = join(dir, 'huge.yml');
    writeFileSync(file, 'app: web\n');
    truncateSync(file, 4 * 1024 ** 3); // sparse: costs no disk
    const t = Date.now();
    const err = refusal(() => loadConfigFile(file, {}, {}));
    expect(err.message).toMatch(/huge\.yml/);
    expect(err.message).toMatch(/larger than 1 MB/);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it('a 4 GB key file and an endless one (/dev/zero) are refused, naming the field', () => {
    const key = join(dir, 'huge.key');
    writeFileSync(key, PRIVATE_KEY);
    truncateSync(key, 4 * 1024 ** 3);
    const base = { ...minimalRaw(), ssh: { privateKeyFile: key, hostKeys: 'accept-new' } };
    const big = refusal(() => loadYaml(base, 'bigkey.yml'));
    expect(big.message).toMatch(/ssh\.privateKeyFile/);
    expect(big.message).toMatch(/larger than 1 MB/);
    const endless = refusal(() => loadYaml({ ...base, registry: { server: 'ghcr.io', username: 'bot', passwordFile: '/dev/zero' } }, 'zero.yml'));
    expect(endless.message).toMatch(/registry\.passwordFile/);
    expect(endless.message).toMatch(/larger than 1 MB/);
  });

  it('a small secret file is read whole', () => {
    const pw = join(dir, 'pw');
    writeFileSync(pw, 'hunter2\n');
    const c = loadYaml({ ...minimalRaw(), registry: { server: 'ghcr.io', username: 'bot', passwordFile: pw } }, 'pw.yml');
    expect(c.registry?.password).toBe('hunter2');
  });
});

describe('swarm and secret env values', () => {
  const swarmRaw = () => ({ ...minimalRaw(), target: 'swarm', hosts: ['h1.example.com'], container: { port: 8080 }, health: { path: '/health' } });

  it('secret: true env is refused with target: swarm, naming the field (docker service inspect would show it)', () => {
    const err = refusal(() => buildConfig(setPath(swarmRaw(), 'container.env', { PLAIN: '1', API_KEY: { value: 's3cr3t', secret: true } }), fakeSources()));
    expect(err.field).toBe('container.env.API_KEY.secret');
    expect(err.message).toMatch(/service inspect/);
    expect(err.message).not.toMatch(/s3cr3t/);
  });

  it('also when the secret comes from the environment', () => {
    const err = refusal(() => buildConfig(setPath(swarmRaw(), 'container.env', { API_KEY: { fromEnv: 'API_KEY', secret: true } }), fakeSources({ API_KEY: 'x' })));
    expect(err.field).toBe('container.env.API_KEY.secret');
  });

  it('plain env values still work with swarm, and secret env with ssh', () => {
    expect(buildConfig(setPath(swarmRaw(), 'container.env', { PLAIN: '1' }), fakeSources()).container.env).toEqual([{ key: 'PLAIN', value: '1', secret: false }]);
    expect(buildConfig(setPath(minimalRaw(), 'container.env', { K: { value: 's', secret: true } }), fakeSources()).container.env[0].secret).toBe(true);
  });
});
