/**
 * The registry login of a pull leaves no credential behind in the deploy user's home, whatever
 * step the round trip is cut at, and two apps never share a Docker client config. Runs the real
 * command text in a local /bin/sh with a stand-in `docker` that writes its login where the real
 * one does ($DOCKER_CONFIG/config.json, else ~/.docker/config.json).
 */
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync, readFileSync, statSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cmd from '../../../src/targets/ssh/commands';
import { HostAgent } from '../../../src/targets/ssh/host-agent';
import type { RemoteShell } from '../../../src/targets/ssh/connection';
import type { Shell } from '../../../src/targets/ssh/shell';

const PASSWORD = 'hunter2-registry';
const AUTH = Buffer.from(`bot:${PASSWORD}`).toString('base64');

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'rollwatch-login-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** Every file under `dir` whose content has the credential. */
function filesWithCredential(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    const text = readFileSync(p, 'utf8');
    if (text.includes(AUTH) || text.includes(PASSWORD)) out.push(p);
  }
  return out;
}

/**
 * A docker stand-in: login stores the auth like docker does (and records the config dir and its
 * mode); `pull` runs `onPull` (a shell snippet); logout removes the auth.
 */
function dockerStub(onPull = ''): string {
  return `docker() {
    cfg="\${DOCKER_CONFIG:-$HOME/.docker}"
    case "$1" in
      login) read -r pw; mkdir -p "$cfg"; printf '{"auths":{"reg":{"auth":"%s"}}}' "$(printf 'bot:%s' "$pw" | base64)" > "$cfg/config.json"; echo "$cfg $(stat -c %a "$cfg")" >> "$HOME/login-dirs" ;;
      pull) ${onPull} echo sha256:abc ;;
      logout) rm -f "$cfg/config.json" ;;
    esac
  }; `;
}

function runPull(app: string, onPull = ''): { code: number | null } {
  const text = cmd.pullWithLogin(app, 'reg', 'bot', 'reg/web@sha256:' + 'a'.repeat(64)).text;
  const r = spawnSync('/bin/sh', ['-c', dockerStub(onPull) + text], { cwd: home, input: PASSWORD + '\n', encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });
  return { code: r.status };
}

describe('registry login on a host', () => {
  it('logs in to a per-run config dir of mode 700 (not ~/.docker), removed after the pull', () => {
    expect(runPull('web').code).toBe(0);
    const [dir, mode] = readFileSync(join(home, 'login-dirs'), 'utf8').trim().split(' ');
    expect(dir).not.toBe(join(home, '.docker'));
    expect(mode).toBe('700');
    expect(existsSync(join(home, '.docker'))).toBe(false);
    expect(filesWithCredential(home)).toEqual([]);
  });

  it('two apps on one host log in to different config dirs', () => {
    runPull('web');
    runPull('api');
    const dirs = readFileSync(join(home, 'login-dirs'), 'utf8').trim().split('\n').map((l) => l.split(' ')[0]);
    expect(new Set(dirs).size).toBe(2);
  });

  it.each([
    ['the link hangs up during the pull', 'kill -HUP $$;'],
    ['the shell is terminated during the pull', 'kill -TERM $$;'],
    ['the output pipe breaks before logout', 'kill -PIPE $$;'],
  ])('%s: no credential left', (_what, onPull) => {
    const r = runPull('web', onPull);
    expect(r.code).not.toBe(0);
    expect(filesWithCredential(home)).toEqual([]);
  });

  it('the client goes away mid-pull (stdout closed): the remote side still removes the credential', async () => {
    const text = cmd.pullWithLogin('web', 'reg', 'bot', 'reg/web@sha256:' + 'a'.repeat(64)).text;
    const child = spawn('/bin/sh', ['-c', dockerStub('sleep 0.3;') + text], { cwd: home, env: { PATH: process.env.PATH, HOME: home }, stdio: ['pipe', 'pipe', 'ignore'] });
    child.stdin.end(PASSWORD + '\n');
    await new Promise((r) => setTimeout(r, 100));
    child.stdout.destroy();
    await new Promise((r) => child.on('exit', r));
    expect(filesWithCredential(home)).toEqual([]);
  });

  it('a shell killed outright leaves its config dir only until the next run takes the lock', async () => {
    const r = runPull('web', 'kill -KILL $$;');
    expect(r.code).not.toBe(0);
    expect(filesWithCredential(home)).toHaveLength(1);
    const host: RemoteShell = {
      host: { name: 'h1', address: '127.0.0.1', port: 22, user: 'deploy' },
      run: async (c: Shell) => {
        const x = spawnSync('/bin/sh', ['-c', c.text], { cwd: home, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });
        return { code: x.status ?? -1, stdout: x.stdout, stderr: x.stderr };
      },
    };
    const taken = await new HostAgent(host, 'web').acquireLock({ run: 'next', command: 'deploy', since: new Date().toISOString() });
    expect(taken.acquired).toBe(true);
    expect(filesWithCredential(home)).toEqual([]);
  });

  it("another app's lock does not touch this app's config dir", () => {
    runPull('web', 'kill -KILL $$;');
    const text = cmd.acquireLock('api', JSON.stringify({ run: 'x' }));
    spawnSync('/bin/sh', ['-c', text.text], { cwd: home, env: { PATH: process.env.PATH, HOME: home } });
    expect(filesWithCredential(home)).toHaveLength(1);
  });

  it('a config dir that cannot be made fails as a login failure, before any login', () => {
    mkdirSync(join(home, '.rollwatch'), { recursive: true });
    writeFileSync(join(home, '.rollwatch/web'), 'not a dir');
    expect(runPull('web').code).toBe(cmd.LOGIN_FAILED_EXIT);
    expect(existsSync(join(home, 'login-dirs'))).toBe(false);
    expect(statSync(join(home, '.rollwatch/web')).isFile()).toBe(true);
  });
});

describe('releasing a stale lock', () => {
  it('`lock release` (the way out of a cut run) also removes the cut pull\'s credentials', () => {
    // the cut run took the lock, then its pull was killed with the credential on disk
    spawnSync('/bin/sh', ['-c', cmd.acquireLock('web', JSON.stringify({ run: 'gone' })).text], { cwd: home });
    runPull('web', 'kill -KILL $$;');
    expect(filesWithCredential(home)).toHaveLength(1);
    spawnSync('/bin/sh', ['-c', cmd.releaseLock('web', null).text], { cwd: home });
    expect(filesWithCredential(home)).toEqual([]);
  });
});
