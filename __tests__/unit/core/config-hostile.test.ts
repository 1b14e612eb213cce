import { describe, it, expect } from '@jest/globals';
import { buildConfig } from '../../../src/config/load';
import { RollwatchError } from '../../../src/errors';
import { hook } from '../../../src/targets/ssh/commands';
import { createContainerRequest } from '../../../src/targets/ssh/engine-spec';
import { runSpec } from '../../fixtures/core/run-spec';
import { HOSTILE, PRIVATE_KEY, fakeSources, minimalRaw, setPath } from '../../fixtures/core/config';

/**
 * Hostile strings in every string field: values that reach a remote command or a name must be
 * refused (naming the field); free-text values must come through byte for byte.
 */

type Outcome = { ok: true; config: ReturnType<typeof buildConfig> } | { ok: false; err: RollwatchError };

function attempt(raw: unknown, env: Record<string, string> = {}): Outcome {
  try {
    return { ok: true, config: buildConfig(raw, fakeSources(env)) };
  } catch (err) {
    if (!(err instanceof RollwatchError)) throw err;
    return { ok: false, err };
  }
}

const hostileEntries = Object.entries(HOSTILE);

/** [field as it must appear in the message, how to put the value into a minimal config] */
const MUST_REJECT: [string, (v: string) => Record<string, any>, string[]?][] = [
  ['app', (v) => setPath(minimalRaw(), 'app', v)],
  ['version', (v) => setPath(minimalRaw(), 'version', v)],
  ['image.repository', (v) => setPath(minimalRaw(), 'image.repository', v)],
  ['image.tags[0]', (v) => setPath(minimalRaw(), 'image.tags', [v])],
  // The build target only goes to the local engine API; its length is not limited.
  ['image.build.target', (v) => setPath(minimalRaw(), 'image.build', { target: v }), ['long']],
  ['registry.server', (v) => setPath(minimalRaw(), 'registry', { server: v, username: 'u', password: 'p' })],
  ['registry.passwordEnv', (v) => setPath(minimalRaw(), 'registry', { server: 'ghcr.io', username: 'u', passwordEnv: v })],
  ['ssh.user', (v) => setPath(minimalRaw(), 'ssh.user', v)],
  ['ssh.passphrase.fromEnv', (v) => setPath(minimalRaw(), 'ssh.passphrase', { fromEnv: v })],
  ['ssh.jumpHost.address', (v) => setPath(minimalRaw(), 'ssh.jumpHost', { address: v })],
  ['ssh.jumpHost.user', (v) => setPath(minimalRaw(), 'ssh.jumpHost', { address: 'bastion', user: v })],
  ['ssh.jumpHost.fingerprint', (v) => setPath(minimalRaw(), 'ssh.jumpHost', { address: 'bastion', fingerprint: v })],
  ['hosts[0]', (v) => setPath(minimalRaw(), 'hosts', [v])],
  ['hosts[0].address', (v) => setPath(minimalRaw(), 'hosts', [{ address: v }])],
  ['hosts[0].name', (v) => setPath(minimalRaw(), 'hosts', [{ name: v, address: 'web-1' }])],
  ['hosts[0].user', (v) => setPath(minimalRaw(), 'hosts', [{ address: 'web-1', user: v }])],
  ['hosts[0].fingerprint', (v) => setPath(minimalRaw(), 'hosts', [{ address: 'web-1', fingerprint: v }])],
  ['container.network', (v) => setPath(minimalRaw(), 'container.network', v)],
  ['container.ports[0]', (v) => setPath(minimalRaw(), 'container.ports', [v])],
  ['container.volumes[0]', (v) => setPath(minimalRaw(), 'container.volumes', [v])],
  ['container.memory', (v) => setPath(minimalRaw(), 'container.memory', v)],
  ['container.env.X.fromEnv', (v) => setPath(minimalRaw(), 'container.env', { X: { fromEnv: v } })],
  ['container.restart', (v) => setPath(minimalRaw(), 'container.restart', v)],
  ['ssh.hostKeys', (v) => setPath(minimalRaw(), 'ssh.hostKeys', v)],
];

describe('hostile strings in fields that must be refused', () => {
  it.each(MUST_REJECT)('%s refuses quotes, ;, $(), backticks, newline, NUL, unicode, 10k chars, options', (field, make, skip = []) => {
    for (const [name, value] of hostileEntries) {
      if (skip.includes(name)) continue;
      const r = attempt(make(value));
      expect([name, r.ok]).toEqual([name, false]);
      if (r.ok) continue;
      expect(r.err.kind).toBe('input');
      const line = r.err.message.split('\n').find((l) => l.startsWith(`${field}: `) || l.startsWith(`${field}.`));
      expect([name, line !== undefined]).toEqual([name, true]);
    }
  });

  it('health.path (a URL path) refuses whitespace, backticks, NUL, non-ASCII and over-long values', () => {
    for (const bad of ['/a b', '/`id`', '/a\nb', '/a\0b', '/wéb', '/' + 'a'.repeat(1024), '/a"b', '/a|b']) {
      const r = attempt({ ...minimalRaw(), container: { port: 80 }, health: { path: bad } });
      expect([bad, r.ok]).toEqual([bad, false]);
      if (!r.ok) expect(r.err.message).toMatch(/^health\.path: /m);
    }
  });

  it('health.path is only ever used in an HTTP URL, so URL sub-delims like ; $ ( ) stay as data', () => {
    const path = "/health;v=1?x=$(a)&y='b'";
    const r = attempt({ ...minimalRaw(), container: { port: 80 }, health: { path } });
    expect(r.ok && r.config.health.path).toBe(path);
  });

  it('record keys (env, labels, build args, build labels) refuse every hostile key', () => {
    for (const section of ['container.env', 'container.labels', 'image.build.args', 'image.build.labels']) {
      for (const [name, key] of hostileEntries) {
        const r = attempt(setPath(minimalRaw(), section, { [key]: 'v' }));
        expect([section, name, r.ok]).toEqual([section, name, false]);
      }
    }
  });
});

/** [field, how to set it, where the value appears in the config] */
const FREE_TEXT: [string, (v: string) => Record<string, any>, (c: ReturnType<typeof buildConfig>) => unknown][] = [
  ['image.build.args.X', (v) => setPath(minimalRaw(), 'image.build', { args: { X: v } }), (c) => c.image.build?.args.X],
  ['image.build.labels.x', (v) => setPath(minimalRaw(), 'image.build', { labels: { x: v } }), (c) => c.image.build?.labels.x],
  ['ssh.passphrase.value', (v) => setPath(minimalRaw(), 'ssh.passphrase', { value: v }), (c) => c.ssh.passphrase],
  ['prometheus.bearerToken.value', (v) => setPath(minimalRaw(), 'prometheus', { url: 'http://prom:9090', bearerToken: { value: v } }), (c) => c.prometheus?.bearerToken],
];

describe('hostile strings in free-text fields are data', () => {
  it.each(FREE_TEXT)('%s keeps every hostile value byte for byte', (_field, make, read) => {
    for (const [name, value] of hostileEntries) {
      const r = attempt(make(value));
      expect([name, r.ok]).toEqual([name, true]);
      if (r.ok) expect([name, read(r.config)]).toEqual([name, value]);
    }
  });

  it('secret free-text values are listed in config.secrets', () => {
    for (const value of [HOSTILE.subshell, HOSTILE.unicode, HOSTILE.long]) {
      const r = attempt(setPath(minimalRaw(), 'ssh.passphrase', { value }));
      expect(r.ok && r.config.secrets).toContain(value);
    }
  });

  it('container.env values: every one-line hostile value is kept verbatim; newline and NUL are refused by field', () => {
    for (const [name, value] of hostileEntries) {
      const r = attempt(setPath(minimalRaw(), 'container.env', { X: value }));
      if (/[\n\0]/.test(value)) {
        expect([name, r.ok]).toEqual([name, false]);
        if (!r.ok) expect(r.err.field).toBe('container.env.X');
      } else {
        expect([name, r.ok && r.config.container.env]).toEqual([name, [{ key: 'X', value, secret: false }]]);
      }
    }
  });

  it('container.env values from the environment are data too', () => {
    const r = attempt(setPath(minimalRaw(), 'container.env', { TOKEN: { fromEnv: 'TOKEN', secret: true } }), { TOKEN: HOSTILE.subshell + HOSTILE.backticks });
    expect(r.ok && r.config.container.env[0]).toEqual({ key: 'TOKEN', value: HOSTILE.subshell + HOSTILE.backticks, secret: true });
    expect(r.ok && r.config.secrets).toContain(HOSTILE.subshell + HOSTILE.backticks);
  });
});


/**
 * Free text that reaches a remote command: whatever the config accepts must also be sendable,
 * otherwise the input error comes in the middle of a rollout instead of before any host is touched.
 */
describe('free text that reaches a remote command: accepted by the config ⇒ sendable', () => {
  it('container.labels values', () => {
    for (const [name, value] of hostileEntries) {
      const r = attempt(setPath(minimalRaw(), 'container.labels', { note: value }));
      if (!r.ok) {
        expect(r.err.message).toMatch(/^container\.labels\.note: /m);
        continue;
      }
      expect(r.config.container.labels.note).toBe(value);
      let thrown: unknown = null;
      try {
        createContainerRequest(runSpec({ labels: r.config.container.labels }));
      } catch (err) {
        thrown = err;
      }
      expect([name, thrown]).toEqual([name, null]);
    }
  });

  it('rollout.hooks arguments', () => {
    for (const [name, value] of hostileEntries) {
      const r = attempt(setPath(minimalRaw(), 'rollout.hooks', { preHost: ['/usr/local/bin/drain', value] }));
      if (!r.ok) {
        expect(r.err.message).toMatch(/^rollout\.hooks\.preHost\[1\]: /m);
        continue;
      }
      expect(r.config.rollout.hooks.preHost).toEqual(['/usr/local/bin/drain', value]);
      let thrown: unknown = null;
      try {
        hook(r.config.rollout.hooks.preHost!, { ROLLWATCH_HOST: 'web-1' });
      } catch (err) {
        thrown = err;
      }
      expect([name, thrown]).toEqual([name, null]);
    }
  });

  it('a private key is multi-line free text and is kept exactly', () => {
    const key = PRIVATE_KEY.replace('\n', '\r\n');
    const r = attempt({ ...minimalRaw(), ssh: { privateKey: key, hostKeys: 'accept-new' } });
    expect(r.ok && r.config.ssh.privateKey).toBe(key);
  });
});
