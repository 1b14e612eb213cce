/**
 * rollout.lockTimeout: a held lock is waited for (bounded), with a progress line about every
 * 10 s saying who holds it and since when; a refusal says how to release a stale lock. The lock
 * commands run in a real /bin/sh in a temp directory standing in for the deploy user's home;
 * only the clock is simulated.
 */
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, mkdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostAgent, type LockHolder } from '../../../src/targets/ssh/host-agent';
import type { RemoteShell } from '../../../src/targets/ssh/connection';
import type { Shell } from '../../../src/targets/ssh/shell';
import type { Clock } from '../../../src/util/clock';
import type { Logger } from '../../../src/util/log';
import { buildConfig } from '../../../src/config/load';
import { fakeSources, minimalRaw, setPath } from '../../fixtures/core/config';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'rollwatch-lockwait-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** A host whose commands run in a local /bin/sh; `onCommand` runs before each one. */
function localHost(onCommand: () => void = () => {}): RemoteShell {
  return {
    host: { name: 'h1', address: '127.0.0.1', port: 22, user: 'deploy' },
    run: async (c: Shell) => {
      onCommand();
      const r = spawnSync('/bin/sh', ['-c', c.text], { cwd: home, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    engine: async () => {
      throw new Error('the lock needs no engine');
    },
  };
}

/** A clock whose sleep only moves time on. */
function fakeClock(startMs: number): Clock & { slept: number[] } {
  let now = startMs;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`WARN ${m}`), error: (m) => lines.push(`ERROR ${m}`), debug: () => {}, group: (_n, fn) => fn() };
}

const T0 = Date.parse('2026-01-01T12:00:00Z');
const holder = (run: string, since = new Date(T0 - 5 * 60_000).toISOString()): LockHolder => ({ run, command: 'deploy', actor: 'alice', version: 'v7', since });

describe('waiting for a held lock', () => {
  it('takes the lock once the other run releases it, with a progress line every ~10 s', async () => {
    const other = new HostAgent(localHost(), 'web');
    expect((await other.acquireLock(holder('run-other'))).acquired).toBe(true);
    const clock = fakeClock(T0);
    const log = logger();
    let tries = 0;
    // the other run finishes after ~25 s of our waiting
    const host = localHost(() => {
      if (++tries === 14) rmSync(join(home, '.rollwatch/web/lock'), { recursive: true });
    });
    const agent = new HostAgent(host, 'web', { lockWaitMs: 60_000, log, clock });
    const r = await agent.acquireLock(holder('run-me', new Date(T0).toISOString()));
    expect(r.acquired).toBe(true);
    expect(clock.now() - T0).toBeLessThanOrEqual(30_000);
    const progress = log.lines.filter((l) => /still held by/.test(l));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThanOrEqual(3);
    for (const p of progress) expect(p).toMatch(/run run-other \(deploy, by alice, version v7\) since 2026-01-01T11:55:00.000Z, for \d+ min/);
    expect(log.lines[0]).toMatch(/waiting up to 60 s/);
    expect(log.lines.at(-1)).toMatch(/took the deploy lock after waiting/);
  });

  it('gives up after rollout.lockTimeout, saying who holds it, since when and how to release it', async () => {
    await new HostAgent(localHost(), 'web').acquireLock(holder('run-other'));
    const clock = fakeClock(T0);
    const log = logger();
    const agent = new HostAgent(localHost(), 'web', { lockWaitMs: 30_000, log, clock });
    const r = await agent.acquireLockAndRead(holder('run-me'));
    expect(r.acquired).toBe(false);
    expect(clock.now() - T0).toBeGreaterThanOrEqual(30_000);
    expect(clock.now() - T0).toBeLessThan(33_000);
    const refusal = log.lines.at(-1)!;
    expect(refusal).toMatch(/^WARN h1: the deploy lock of web is held by run run-other/);
    expect(refusal).toMatch(/since 2026-01-01T11:55:00.000Z, for 5 min 30 s after waiting 30 s/);
    expect(refusal).toMatch(/rollwatch lock release --config/);
    expect(existsSync(join(home, '.rollwatch/web/lock'))).toBe(true);
  });

  it('without lockTimeout it refuses at once; a stale lock with no holder file still says since when', async () => {
    mkdirSync(join(home, '.rollwatch/web/lock'), { recursive: true });
    const taken = new Date(T0 - 3 * 3_600_000);
    utimesSync(join(home, '.rollwatch/web/lock'), taken, taken);
    const clock = fakeClock(T0);
    const log = logger();
    const r = await new HostAgent(localHost(), 'web', { log, clock }).acquireLock(holder('run-me'));
    expect(r.acquired).toBe(false);
    expect(clock.slept).toEqual([]);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/held by a run that wrote no details since 2026-01-01T09:00:00.000Z, for 3 h 0 min/);
    expect(log.lines[0]).toMatch(/rollwatch lock release --config/);
  });

  it('a cancelled run stops waiting', async () => {
    await new HostAgent(localHost(), 'web').acquireLock(holder('run-other'));
    const ac = new AbortController();
    const clock = fakeClock(T0);
    let tries = 0;
    const agent = new HostAgent(localHost(() => void (++tries === 3 && ac.abort())), 'web', { lockWaitMs: 600_000, log: logger(), clock, signal: ac.signal });
    expect((await agent.acquireLock(holder('run-me'))).acquired).toBe(false);
    expect(clock.now() - T0).toBeLessThan(10_000);
  });

  it('rollout.lockTimeout reaches the config as milliseconds', () => {
    expect(buildConfig(setPath(minimalRaw(), 'rollout.lockTimeout', '2m'), fakeSources()).rollout.lockTimeoutMs).toBe(120_000);
  });
});
