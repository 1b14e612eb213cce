/**
 * SSH links against real SSH servers in the test process: a jump host whose link resets after
 * login, and `ssh.hostKeys: accept-new` meeting another key on a reconnect and in the post step.
 */
import { describe, it, expect, afterEach, beforeEach } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostConnection } from '../../../src/targets/ssh/connection';
import { fingerprintOf, forgetFirstUseKeys } from '../../../src/targets/ssh/hostkeys';
import { Shell } from '../../../src/targets/ssh/shell';
import { readCheckpoint, saveCheckpoint } from '../../../src/github/state';
import { parseFileCommands } from '../../e2e/support/runner';
import { keyBlob, newKey, sshSettings, startRelay, startSshd } from './sshd';

let closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.reverse()) await c();
  closers = [];
});
beforeEach(() => forgetFirstUseKeys());

const host = (port: number, name = 'h1') => ({ name, address: '127.0.0.1', port, user: 'root' });
const fp = (publicLine: string) => fingerprintOf(keyBlob(publicLine));
const echo = (w: string) => Shell.raw(`echo ${w}`);

describe('a jump host whose link resets after login', () => {
  async function throughJump() {
    const targetKey = newKey();
    const jumpKey = newKey();
    const target = await startSshd(targetKey.private);
    const jump = await startSshd(jumpKey.private);
    const relay = await startRelay(jump.port); // the jump host as the client sees it
    closers.push(() => target.close(), () => jump.close(), () => relay.close());
    const settings = sshSettings({ jumpHost: { address: '127.0.0.1', port: relay.port, user: 'root', fingerprint: fp(jumpKey.public) } });
    const conn = new HostConnection({ ...host(target.port), fingerprint: fp(targetKey.public) }, settings);
    closers.push(() => conn.dispose());
    return { conn, relay, target, jump };
  }

  it('the command in flight fails at once as a lost host, nothing crashes, and the next command reconnects through a new jump link', async () => {
    const { conn, relay } = await throughJump();
    expect((await conn.run(echo('before'))).stdout).toBe('before');
    expect(relay.open()).toBe(1);

    const inFlight = conn.run(Shell.raw('sleep 600'));
    await new Promise((r) => setTimeout(r, 200));
    relay.reset();
    const started = Date.now();
    await expect(inFlight).rejects.toThrow(/^h1: SSH connection lost: jump host 127\.0\.0\.1:\d+: /);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(conn.connected).toBe(false);

    expect((await conn.run(echo('after'))).stdout).toBe('after');
    expect(relay.open()).toBe(1);
    expect(relay.accepted()).toBe(2);
  });

  it('a reset between commands: the next command reconnects; retries that fail leave no jump link open', async () => {
    const { conn, relay, target } = await throughJump();
    await conn.run(echo('one'));
    relay.reset();
    await new Promise((r) => setTimeout(r, 200));
    expect((await conn.run(echo('two'))).stdout).toBe('two');
    expect(relay.open()).toBe(1);

    // the target goes away: every attempt logs in to the jump host, then fails to reach it
    await target.close();
    conn.dispose();
    await expect(conn.run(echo('three'))).rejects.toThrow(/cannot connect over SSH/);
    await new Promise((r) => setTimeout(r, 300));
    expect(relay.accepted()).toBeGreaterThanOrEqual(3);
    expect(relay.open()).toBe(0);
  });
});

describe('a command cut by its abort signal (rollwatch logs -f, then Ctrl-C)', () => {
  it('returns at once even when the remote command ignores the channel closing; the next command reconnects', async () => {
    const key = newKey();
    const server = await startSshd(key.private); // holds any command but echo open, whatever the client sends
    closers.push(() => server.close());
    const conn = new HostConnection({ ...host(server.port), fingerprint: fp(key.public) }, sshSettings());
    closers.push(() => conn.dispose());
    const controller = new AbortController();
    const chunks: string[] = [];
    const following = conn.run(Shell.raw('docker logs --follow web'), { timeoutMs: Number.POSITIVE_INFINITY, signal: controller.signal, onStdout: (c) => chunks.push(c.toString()) });
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    controller.abort();
    await expect(following).rejects.toThrow(/^h1: interrupted: docker logs --follow web$/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(conn.connected).toBe(false);
    expect((await conn.run(echo('after'))).stdout).toBe('after');
  });
});

describe('accept-new trusts the first key of each host for the whole run', () => {
  it('a reconnect that meets another key is refused, naming both keys', async () => {
    const first = newKey();
    const second = newKey();
    const a = await startSshd(first.private);
    const warnings: string[] = [];
    const conn = new HostConnection(host(a.port), sshSettings({ hostKeys: 'accept-new' }), (w) => warnings.push(w));
    closers.push(() => conn.dispose());
    expect((await conn.run(echo('first'))).stdout).toBe('first');
    expect(warnings).toEqual([`h1 (127.0.0.1:${a.port}): trusting host key ssh-ed25519 ${fp(first.public)} on first use (ssh.hostKeys: accept-new)`]);
    conn.dispose();
    await a.close();

    const b = await startSshd(second.private, a.port); // same address and port, another key
    closers.push(() => b.close());
    const err = await conn.run(echo('second')).then(() => null, (e: Error) => e);
    expect(err?.message).toBe(
      `hosts.h1: host key of h1 (127.0.0.1:${a.port}) does not match: expected ssh-ed25519 ${fp(first.public)} (trusted on first use earlier in this run), offered ssh-ed25519 ${fp(second.public)}. Refusing to connect: the host was reinstalled or someone is in the middle`,
    );
    expect(b.logins()).toBe(0);
    // another connection to that host in the same run meets the same rule
    const other = new HostConnection(host(a.port), sshSettings({ hostKeys: 'accept-new' }));
    closers.push(() => other.dispose());
    await expect(other.run(echo('x'))).rejects.toThrow(/does not match/);
  });

  it('the post step gets the keys through the action state: a host that changed its key meanwhile is refused', async () => {
    const first = newKey();
    const a = await startSshd(first.private);
    closers.push(() => a.close());
    const conn = new HostConnection(host(a.port), sshSettings({ hostKeys: 'accept-new' }));
    await conn.run(echo('main'));
    conn.dispose();

    // the main step saves its checkpoint (the runner writes GITHUB_STATE) …
    const dir = mkdtempSync(join(tmpdir(), 'rollwatch-state-'));
    const stateFile = join(dir, 'state');
    writeFileSync(stateFile, '');
    const saved = { ...process.env };
    try {
      process.env.GITHUB_STATE = stateFile;
      saveCheckpoint({ runId: 'gh-1-1', app: 'web', command: 'deploy', version: 'v2', phase: 'rollout', touched: { h1: null }, lockedHosts: ['h1'] });
      const state = parseFileCommands(readFileSync(stateFile, 'utf8'));
      // … and the post step is a new process: nothing remembered but the STATE_* variables
      forgetFirstUseKeys();
      delete process.env.GITHUB_STATE;
      for (const [k, v] of Object.entries(state)) process.env[`STATE_${k}`] = v;
      expect(readCheckpoint()).toMatchObject({ kind: 'ok', checkpoint: { runId: 'gh-1-1' } });
    } finally {
      process.env = saved;
    }
    await a.close();
    const b = await startSshd(newKey().private, a.port);
    closers.push(() => b.close());
    const post = new HostConnection(host(a.port), sshSettings({ hostKeys: 'accept-new' }));
    closers.push(() => post.dispose());
    await expect(post.run(echo('post'))).rejects.toThrow(`expected ssh-ed25519 ${fp(first.public)} (trusted on first use earlier in this run)`);
    expect(b.logins()).toBe(0);
  });
});
