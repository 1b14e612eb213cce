import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cmd from '../../../src/targets/ssh/commands';
import { parseHolder } from '../../../src/targets/ssh/host-agent';
import { inputErrorOf, runSpec } from '../../fixtures/core/run-spec';

/** Runs shell text in `cwd` (standing in for the deploy user's home) with the local /bin/sh. */
function run(text: string, cwd: string, stdin?: string) {
  const r = spawnSync('/bin/sh', ['-c', text], { cwd, encoding: 'utf8', input: stdin, env: { PATH: process.env.PATH, HOME: cwd } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The argv that `docker` / `env` would receive when the shell runs `text` (they are stubbed as functions). */
function argvOf(text: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'rollwatch-argv-'));
  try {
    const stubs = `docker() { printf '%s\\0' docker "$@"; }; env() { printf '%s\\0' env "$@"; }; `;
    const r = run(stubs + text, dir);
    expect(r.stderr).toBe('');
    return r.stdout.split('\0').slice(0, -1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('paths and names validate their parts', () => {
  it('builds the state dir, lock dir and container name from valid values', () => {
    expect(cmd.stateDir('web')).toBe('.rollwatch/web');
    expect(cmd.lockDir('web')).toBe('.rollwatch/web/lock');
    expect(cmd.containerName('web', 'v1.2.3')).toBe('web-v1.2.3');
  });

  it.each([
    ['app', () => cmd.stateDir('../etc'), 'app'],
    ['app', () => cmd.lockDir('Web'), 'app'],
    ['version', () => cmd.containerName('web', 'v1;id'), 'version'],
    ['app', () => cmd.containerName('', 'v1'), 'app'],
    ['app', () => cmd.removeLegacyFiles('web$(id)'), 'app'],
    ['app', () => cmd.acquireLock('a b', '{}'), 'app'],
    ['app', () => cmd.releaseLock('a/b', null), 'app'],
    ['app', () => cmd.readLock('-rf'), 'app'],
    ['app', () => cmd.removeLegacyFiles('web\n'), 'app'],
  ])('a bad %s is an input error naming the field', (_what, fn, field) => {
    expect(inputErrorOf(fn).field).toBe(field);
  });
});

describe('containerSpecHash: what decides that a rerun changes nothing', () => {
  const base = runSpec({ ports: ['8080:80'], labels: { team: 'payments' } });
  const hash = (over: Partial<cmd.RunSpec> = {}, env = [{ key: 'DB_URL', value: 'postgres://db' }]) => cmd.containerSpecHash({ ...base, ...over, env });

  it('ignores the run’s bookkeeping (when, which run) and depends on every setting and the environment', () => {
    expect(hash()).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(hash({ deployedAt: '2027-01-01T00:00:00Z', runId: 'run-2' })).toBe(hash());
    const changed = [hash({}, [{ key: 'DB_URL', value: 'postgres://db2' }]), hash({ ports: ['8081:80'] }), hash({ volumes: ['/srv:/srv'] }), hash({ labels: { team: 'web' } }), hash({ restart: 'always' }), hash({ stopTimeoutSec: 30 }), hash({ memory: '1g' }), hash({ cpus: 2 }), hash({ network: 'backend' }), hash({ healthCheck: { port: 80, path: '/health' } }), hash({ digest: `sha256:${'b'.repeat(64)}` })];
    expect(new Set([hash(), ...changed]).size).toBe(changed.length + 1);
  });

  it('is the hash earlier versions recorded (their env file content): a container they made is not replaced for nothing', () => {
    // sha256 of the settings JSON with env "DB_URL=postgres://db\n", as the env-file versions computed it
    const settings = { digest: base.digest, network: null, ports: ['8080:80'], volumes: [], labels: { team: 'payments' }, restart: 'no', stopTimeoutSec: 1, memory: null, cpus: null, healthCheck: null, env: 'DB_URL=postgres://db\n' };
    expect(hash()).toBe(`sha256:${createHash('sha256').update(JSON.stringify(settings)).digest('hex')}`);
    expect(cmd.containerSpecHash({ ...base, env: [] })).toBe(`sha256:${createHash('sha256').update(JSON.stringify({ ...settings, env: '' })).digest('hex')}`);
  });
});

describe('other command builders', () => {
  it('hook: variables are env assignments, argv stays argv; bad variable names are refused', () => {
    expect(argvOf(cmd.hook(['/bin/echo', '$(id)', 'a b'], { ROLLWATCH_HOST: 'web 1', ROLLWATCH_VERSION: 'v1' }).text)).toEqual([
      'env',
      'ROLLWATCH_HOST=web 1',
      'ROLLWATCH_VERSION=v1',
      '/bin/echo',
      '$(id)',
      'a b',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'rollwatch-hook-'));
    const script = cmd.hook(['sh', '-c', 'printf "%s|%s|%s" "$ROLLWATCH_HOST" "$ROLLWATCH_VERSION" "$0"', '$(id) `id`'], { ROLLWATCH_HOST: 'web 1', ROLLWATCH_VERSION: 'v1' }).text;
    expect(run(script, dir).stdout).toBe('web 1|v1|$(id) `id`');
    rmSync(dir, { recursive: true, force: true });
    expect(argvOf(cmd.hook(['/bin/x'], {}).text)).toEqual(['env', '/bin/x']);
    expect(inputErrorOf(() => cmd.hook(['/bin/x'], { 'A;B': '1' })).field).toBe('hook variable');
  });

  it('removeLegacyFiles removes the env files and per-run Docker configs of earlier versions, only of this app', () => {
    const home = mkdtempSync(join(tmpdir(), 'rollwatch-legacy-'));
    try {
      mkdirSync(join(home, '.rollwatch/web/env'), { recursive: true });
      writeFileSync(join(home, '.rollwatch/web/env/v1.env'), 'API_KEY=s3cr3t\n');
      mkdirSync(join(home, '.rollwatch/web/docker-config.Ab12/'), { recursive: true });
      writeFileSync(join(home, '.rollwatch/web/docker-config.Ab12/config.json'), '{"auths":{}}');
      mkdirSync(join(home, '.rollwatch/api/env'), { recursive: true });
      writeFileSync(join(home, '.rollwatch/web/history.jsonl'), '{}\n');
      expect(run(cmd.removeLegacyFiles('web').text, home).code).toBe(0);
      expect(readdirSync(join(home, '.rollwatch/web'))).toEqual(['history.jsonl']);
      expect(existsSync(join(home, '.rollwatch/api/env'))).toBe(true);
      // nothing to remove is not a failure
      expect(run(cmd.removeLegacyFiles('web').text, home).code).toBe(0);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('taking and releasing the lock remove the legacy files', () => {
    const home = mkdtempSync(join(tmpdir(), 'rollwatch-legacy-lock-'));
    try {
      const put = () => {
        mkdirSync(join(home, '.rollwatch/web/env'), { recursive: true });
        writeFileSync(join(home, '.rollwatch/web/env/v1.env'), 'API_KEY=s3cr3t\n');
      };
      put();
      expect(run(cmd.acquireLock('web', JSON.stringify({ run: 'r1' })).text, home).code).toBe(0);
      expect(existsSync(join(home, '.rollwatch/web/env'))).toBe(false);
      put();
      expect(run(cmd.releaseLock('web', 'r1').text, home).code).toBe(0);
      expect(existsSync(join(home, '.rollwatch/web/env'))).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('deploy lock against a real /bin/sh', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'rollwatch-lock-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const holder = (run: string) => JSON.stringify({ run, command: 'deploy', since: '2024-05-01T10:00:00Z', host: 'web-1' });
  const lockPath = () => join(home, '.rollwatch/web/lock');

  it('the first acquire takes the lock and records the holder', () => {
    const r = run(cmd.acquireLock('web', holder('run-1')).text, home);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(lockPath(), 'holder.json'), 'utf8'))).toEqual(JSON.parse(holder('run-1')));
  });

  it('a second acquire exits 75 and prints the holder JSON', () => {
    expect(run(cmd.acquireLock('web', holder('run-1')).text, home).code).toBe(0);
    const r = run(cmd.acquireLock('web', holder('run-2')).text, home);
    expect(r.code).toBe(cmd.LOCK_HELD_EXIT);
    expect(parseHolder(r.stdout)).toEqual(JSON.parse(holder('run-1')));
    // the holder was not overwritten
    expect(JSON.parse(readFileSync(join(lockPath(), 'holder.json'), 'utf8')).run).toBe('run-1');
  });

  it('locks of different apps are independent', () => {
    expect(run(cmd.acquireLock('web', holder('run-1')).text, home).code).toBe(0);
    expect(run(cmd.acquireLock('api', holder('run-2')).text, home).code).toBe(0);
  });

  it('concurrent acquires: exactly one wins', async () => {
    const { spawn } = await import('node:child_process');
    const attempts = Array.from({ length: 12 }, (_, i) =>
      new Promise<number>((resolve) => {
        const p = spawn('/bin/sh', ['-c', cmd.acquireLock('web', holder(`run-${i}`)).text], { cwd: home, stdio: 'ignore' });
        p.on('exit', (code) => resolve(code ?? -1));
      }),
    );
    const codes = await Promise.all(attempts);
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c === cmd.LOCK_HELD_EXIT)).toHaveLength(11);
    const winner = codes.indexOf(0);
    expect(JSON.parse(readFileSync(join(lockPath(), 'holder.json'), 'utf8')).run).toBe(`run-${winner}`);
  });

  it('release by a different run id leaves the lock; by the holder removes it', () => {
    expect(run(cmd.acquireLock('web', holder('run-1')).text, home).code).toBe(0);
    expect(run(cmd.releaseLock('web', 'run-2').text, home).code).toBe(0);
    expect(existsSync(lockPath())).toBe(true);
    // a run id that is a prefix of the holder's is not the holder
    expect(run(cmd.releaseLock('web', 'run-').text, home).code).toBe(0);
    expect(existsSync(lockPath())).toBe(true);
    expect(run(cmd.releaseLock('web', 'run-1').text, home).code).toBe(0);
    expect(existsSync(lockPath())).toBe(false);
    expect(run(cmd.acquireLock('web', holder('run-3')).text, home).code).toBe(0);
  });

  it('a run id full of shell syntax neither runs nor matches another holder', () => {
    const evil = `x"; rm -rf . ; echo "$(touch PWNED)`;
    expect(run(cmd.acquireLock('web', holder('run-1')).text, home).code).toBe(0);
    expect(run(cmd.releaseLock('web', evil).text, home).code).toBe(0);
    expect(existsSync(lockPath())).toBe(true);
    expect(existsSync(join(home, 'PWNED'))).toBe(false);
  });

  it('a holder whose run id has quotes and shell syntax is released by that id', () => {
    const id = `r"1'$(id)`;
    expect(run(cmd.acquireLock('web', holder(id)).text, home).code).toBe(0);
    expect(run(cmd.releaseLock('web', id).text, home).code).toBe(0);
    expect(existsSync(lockPath())).toBe(false);
  });

  it('release with null removes the lock whoever holds it; releasing a free lock succeeds', () => {
    expect(run(cmd.acquireLock('web', holder('run-1')).text, home).code).toBe(0);
    expect(run(cmd.releaseLock('web', null).text, home).code).toBe(0);
    expect(existsSync(lockPath())).toBe(false);
    expect(run(cmd.releaseLock('web', null).text, home).code).toBe(0);
    expect(run(cmd.releaseLock('web', 'run-1').text, home).code).toBe(0);
  });

  it('appendHistoryAndReleaseLock appends the entry under the lock, then releases the lock of that run only', () => {
    const history = join(home, '.rollwatch/web/history.jsonl');
    expect(run(cmd.acquireLock('web', holder('run-1')).text, home).code).toBe(0);
    // another run's id appends but leaves the lock it does not hold
    expect(run(cmd.appendHistoryAndReleaseLock('web', 500, 'run-2').text, home, '{"n":1}\n').code).toBe(0);
    expect(existsSync(lockPath())).toBe(true);
    expect(run(cmd.appendHistoryAndReleaseLock('web', 500, 'run-1').text, home, '{"n":2}\n').code).toBe(0);
    expect(existsSync(lockPath())).toBe(false);
    expect(readFileSync(history, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    expect(statSync(history).mode & 0o777).toBe(0o600);
    // the append's umask stays inside it
    expect(run(`${cmd.appendHistoryAndReleaseLock('web', 500, 'run-1').text}; umask`, home, '{"n":3}\n').code).toBe(0);
  });

  it('appendHistoryAndReleaseLock: an append that fails still releases the lock, and says the append failed', () => {
    expect(run(cmd.acquireLock('web', holder('run-1')).text, home).code).toBe(0);
    mkdirSync(join(home, '.rollwatch/web/history.jsonl')); // a directory where the file goes: the append fails
    const r = run(cmd.appendHistoryAndReleaseLock('web', 500, 'run-1').text, home, '{"n":1}\n');
    expect(r.code).not.toBe(0);
    expect([cmd.RELEASE_FAILED_EXIT, cmd.BOTH_FAILED_EXIT]).not.toContain(r.code);
    expect(r.stderr).toMatch(/history\.jsonl/);
    expect(existsSync(lockPath())).toBe(false);
  });

  it('appendHistoryAndReleaseLock: a lock that cannot be removed exits RELEASE_FAILED_EXIT (entry written) or BOTH_FAILED_EXIT', () => {
    expect(run(cmd.acquireLock('web', holder('run-1')).text, home).code).toBe(0);
    // rm stubbed to fail, as a lock on a read-only or broken file system would
    const failingRm = 'rm() { return 1; }; ';
    expect(run(failingRm + cmd.appendHistoryAndReleaseLock('web', 500, 'run-1').text, home, '{"n":1}\n').code).toBe(cmd.RELEASE_FAILED_EXIT);
    expect(readFileSync(join(home, '.rollwatch/web/history.jsonl'), 'utf8')).toBe('{"n":1}\n');
    rmSync(join(home, '.rollwatch/web/history.jsonl'));
    mkdirSync(join(home, '.rollwatch/web/history.jsonl'));
    expect(run(failingRm + cmd.appendHistoryAndReleaseLock('web', 500, 'run-1').text, home, '{"n":2}\n').code).toBe(cmd.BOTH_FAILED_EXIT);
    expect(existsSync(lockPath())).toBe(true);
  });

  it('readLock prints the holder, or exits 76 when free', () => {
    expect(run(cmd.readLock('web').text, home).code).toBe(cmd.LOCK_HELD_EXIT + 1);
    run(cmd.acquireLock('web', holder('run-1')).text, home);
    const r = run(cmd.readLock('web').text, home);
    expect(r.code).toBe(0);
    expect(parseHolder(r.stdout).run).toBe('run-1');
  });

  it('a lock dir without holder.json (a crash between mkdir and write) still counts as held', () => {
    mkdirSync(lockPath(), { recursive: true });
    const r = run(cmd.acquireLock('web', holder('run-1')).text, home);
    expect(r.code).toBe(cmd.LOCK_HELD_EXIT);
    const read = run(cmd.readLock('web').text, home);
    expect(read.code).toBe(0);
    // no details, but since when: the lock directory's mtime
    const mtime = new Date(Math.floor(statSync(lockPath()).mtimeMs / 1000) * 1000).toISOString();
    expect(parseHolder(read.stdout)).toEqual({ since: mtime });
  });
});
