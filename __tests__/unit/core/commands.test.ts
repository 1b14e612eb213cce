import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
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

/** Every value that follows `flag` in argv. */
const valuesOf = (argv: string[], flag: string) => argv.flatMap((a, i) => (a === flag ? [argv[i + 1]] : []));


const DIGEST = 'sha256:' + 'c'.repeat(64);

function spec(over: Partial<cmd.RunSpec> = {}): cmd.RunSpec {
  return runSpec({
    version: 'v1.2.3',
    imageRef: `ghcr.io/acme/web@${DIGEST}`,
    digest: DIGEST,
    deployedAt: '2024-05-01T10:00:00.000Z',
    runId: 'run-42',
    ports: ['8080:80'],
    volumes: ['/srv/data:/data:ro'],
    labels: { team: 'payments' },
    restart: 'unless-stopped',
    stopTimeoutSec: 10,
    hasEnvFile: true,
    ...over,
  });
}

describe('paths and names validate their parts', () => {
  it('builds the state dir, lock dir, env file and container name from valid values', () => {
    expect(cmd.stateDir('web')).toBe('.rollwatch/web');
    expect(cmd.lockDir('web')).toBe('.rollwatch/web/lock');
    expect(cmd.envFile('web', 'v1.2.3')).toBe('.rollwatch/web/env/v1.2.3.env');
    expect(cmd.containerName('web', 'v1.2.3')).toBe('web-v1.2.3');
  });

  it.each([
    ['app', () => cmd.stateDir('../etc'), 'app'],
    ['app', () => cmd.lockDir('Web'), 'app'],
    ['version', () => cmd.envFile('web', '../../.ssh/authorized_keys'), 'version'],
    ['version', () => cmd.containerName('web', 'v1;id'), 'version'],
    ['app', () => cmd.containerName('', 'v1'), 'app'],
    ['app', () => cmd.inspectApp('web$(id)'), 'app'],
    ['app', () => cmd.acquireLock('a b', '{}'), 'app'],
    ['app', () => cmd.releaseLock('a/b', null), 'app'],
    ['app', () => cmd.readLock('-rf'), 'app'],
    ['version', () => cmd.removeEnvFile('web', '.'), 'version'],
    ['app', () => cmd.writeEnvFile('web\n', 'v1'), 'app'],
  ])('a bad %s is an input error naming the field', (_what, fn, field) => {
    expect(inputErrorOf(fn).field).toBe(field);
  });
});

describe('runContainer', () => {
  it('builds a docker run with every validated option, env only via --env-file', () => {
    const argv = argvOf(cmd.runContainer(spec({ network: 'backend', memory: '512m', cpus: 1.5 })).text);
    expect(argv.slice(0, 10)).toEqual(['docker', 'run', '--detach', '--name', 'web-v1.2.3', '--restart', 'unless-stopped', '--stop-timeout', '10', '--label']);
    expect(valuesOf(argv, '--label')).toEqual([
      'team=payments',
      'rollwatch.app=web',
      'rollwatch.version=v1.2.3',
      `rollwatch.digest=${DIGEST}`,
      `rollwatch.image=ghcr.io/acme/web@${DIGEST}`,
      'rollwatch.deployed-at=2024-05-01T10:00:00.000Z',
      'rollwatch.run=run-42',
    ]);
    expect(valuesOf(argv, '--network')).toEqual(['backend']);
    expect(valuesOf(argv, '--publish')).toEqual(['8080:80']);
    expect(valuesOf(argv, '--volume')).toEqual(['/srv/data:/data:ro']);
    expect(valuesOf(argv, '--memory')).toEqual(['512m']);
    expect(valuesOf(argv, '--cpus')).toEqual(['1.5']);
    expect(valuesOf(argv, '--env-file')).toEqual(['.rollwatch/web/env/v1.2.3.env']);
    // the only --env flags are rollwatch's own two: secrets travel in the env file only
    expect(valuesOf(argv, '--env')).toEqual(['ROLLWATCH_APP=web', 'ROLLWATCH_VERSION=v1.2.3']);
    expect(argv.filter((a) => a === '-e')).toEqual([]);
    expect(argv[argv.length - 1]).toBe(`ghcr.io/acme/web@${DIGEST}`);
  });

  it('without an env file there is no --env-file', () => {
    expect(valuesOf(argvOf(cmd.runContainer(spec({ hasEnvFile: false })).text), '--env-file')).toEqual([]);
  });

  it('user labels cannot override rollwatch labels', () => {
    const labels = valuesOf(argvOf(cmd.runContainer(spec({ labels: { 'rollwatch.version': 'v9', 'rollwatch.app': 'evil' } })).text), '--label');
    expect(labels).toContain('rollwatch.version=v1.2.3');
    expect(labels).toContain('rollwatch.app=web');
    expect(labels.join(' ')).not.toMatch(/v9|evil/);
  });

  it('label values are data: the shell receives them as one word each', () => {
    const value = `it's "$(touch x)"; \`id\` | & > ~ *`;
    const text = cmd.runContainer(spec({ labels: { note: value } })).text;
    const script = text.replace(/^docker run /, "printf '%s\\n' ");
    const dir = mkdtempSync(join(tmpdir(), 'rollwatch-run-'));
    const r = run(script, dir);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toContain(`note=${value}`);
    expect(existsSync(join(dir, 'x'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['container.labels.bad key', { labels: { 'bad key': 'x' } }],
    ['container.labels.-x', { labels: { '-x': 'x' } }],
    ['container.network', { network: 'host;id' }],
    ['container.ports[1]', { ports: ['80:80', '80:80 -v /:/host'] }],
    ['container.volumes[0]', { volumes: ['/:/host;id'] }],
    ['container.volumes[0]', { volumes: ['../etc:/etc'] }],
    ['app', { app: 'Web' }],
    ['version', { version: 'v1 --privileged' }],
  ])('refuses a bad value and names %s', (field, over) => {
    expect(inputErrorOf(() => cmd.runContainer(spec(over as Partial<cmd.RunSpec>))).field).toBe(field);
  });
});

describe('containerSpecHash: what decides that a rerun changes nothing', () => {
  const base = runSpec({ ports: ['8080:80'], labels: { team: 'payments' } });
  const hash = (over: Partial<cmd.RunSpec> = {}, env = 'DB_URL=postgres://db\n') => cmd.containerSpecHash({ ...base, ...over }, env);

  it('ignores the run’s bookkeeping (when, which run) and depends on every setting and the environment', () => {
    expect(hash()).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(hash({ deployedAt: '2027-01-01T00:00:00Z', runId: 'run-2' })).toBe(hash());
    const changed = [hash({}, 'DB_URL=postgres://db2\n'), hash({ ports: ['8081:80'] }), hash({ volumes: ['/srv:/srv'] }), hash({ labels: { team: 'web' } }), hash({ restart: 'always' }), hash({ stopTimeoutSec: 30 }), hash({ memory: '1g' }), hash({ cpus: 2 }), hash({ network: 'backend' }), hash({ healthCheck: { port: 80, path: '/health' } }), hash({ digest: `sha256:${'b'.repeat(64)}` })];
    expect(new Set([hash(), ...changed]).size).toBe(changed.length + 1);
  });

  it('is recorded on the container as a label, and read back by inspect', () => {
    const argv = argvOf(cmd.runContainer({ ...base, specHash: hash() }).text);
    expect(valuesOf(argv, '--label')).toContain(`rollwatch.spec=${hash()}`);
  });
});

describe('other command builders', () => {
  it('values that are not validated here are still single words', () => {
    expect(argvOf(cmd.login('ghcr.io', 'bot user;id').text)).toEqual(['docker', 'login', '--username', 'bot user;id', '--password-stdin', '--', 'ghcr.io']);
    expect(argvOf(cmd.logout('ghcr.io').text)).toEqual(['docker', 'logout', '--', 'ghcr.io']);
    expect(argvOf(cmd.pull('ghcr.io/acme/web:v1 $(id)').text)).toEqual(['docker', 'pull', '--quiet', '--', 'ghcr.io/acme/web:v1 $(id)']);
    expect(argvOf(cmd.imagePresent('img').text)).toEqual(['docker', 'image', 'inspect', '--format', '{{.Id}}', '--', 'img']);
    expect(argvOf(cmd.dockerServerVersion().text)).toEqual(['docker', 'version', '--format', '{{.Server.Version}}']);
    expect(argvOf(cmd.startContainer('web-v1', 'always').text)).toEqual(['docker', 'update', '--restart', 'always', '--', 'web-v1', 'docker', 'start', '--', 'web-v1']);
    expect(argvOf(cmd.restartContainer('web-v1', 5).text)).toEqual(['docker', 'restart', '--time', '5', '--', 'web-v1']);
    expect(argvOf(cmd.removeContainer('web v1').text)).toEqual(['docker', 'rm', '--force', '--', 'web v1']);
    expect(argvOf(cmd.renameContainer('a', 'b;c').text)).toEqual(['docker', 'rename', '--', 'a', 'b;c']);
    expect(argvOf(cmd.containerLogs('web-v1', 20).text)).toEqual(['docker', 'logs', '--tail', '20', '--', 'web-v1']);
    const rm = cmd.removeImageIfUnused('img;id').text;
    expect(run(`docker() { return 1; }; ${rm}`, tmpdir()).code).toBe(0);
  });

  it('stopContainer clears the restart policy before stopping (not at once: runc refuses to update a stopping container)', () => {
    const text = cmd.stopContainer('web-v1', 10).text;
    const calls = run(`docker() { echo "$*" >&2; }; ${text}`, tmpdir()).stderr.trim().split('\n');
    expect(calls).toEqual(['update --restart no -- web-v1', 'stop --time 10 -- web-v1']);
    const refused = run(`docker() { echo "$*" >&2; return 1; }; ${text}`, tmpdir());
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim()).toBe('update --restart no -- web-v1');
  });

  it('inspectContainer prints the inspect JSON, [] for a missing container, and fails on other errors', () => {
    const text = cmd.inspectContainer('web-v1').text;
    expect(run(`docker() { echo '[{"Name":"/web-v1"}]'; }; ${text}`, tmpdir())).toMatchObject({ code: 0, stdout: '[{"Name":"/web-v1"}]\n' });
    expect(run(`docker() { echo 'Error: No such container: web-v1' >&2; return 1; }; ${text}`, tmpdir())).toMatchObject({ code: 0, stdout: '[]\n' });
    const down = run(`docker() { echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock' >&2; return 1; }; ${text}`, tmpdir());
    expect(down.code).toBe(1);
    expect(down.stdout).toBe('');
    expect(down.stderr).toMatch(/Cannot connect to the Docker daemon/);
  });

  it('inspectApp filters by the app label and prints [] when there are no containers', () => {
    const text = cmd.inspectApp('web').text;
    const r = run(`docker() { if [ "$1" = ps ]; then echo "$*" >&2; fi; }; ${text}`, tmpdir());
    expect(r.stderr.trim()).toBe('ps -aq --filter label=rollwatch.app=web');
    expect(r.stdout.trim()).toBe('[]');
    const r2 = run(`docker() { if [ "$1" = ps ]; then printf 'aaa\\nbbb\\n'; else echo "$*"; fi; }; ${text}`, tmpdir());
    expect(r2.stdout.trim()).toBe('inspect -- aaa bbb');
  });

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

  it('writeEnvFile writes stdin to a 0600 file under the app state dir, also over an existing 0644 file', () => {
    const home = mkdtempSync(join(tmpdir(), 'rollwatch-env-'));
    const content = 'API_KEY=s3cr3t $(x) `y`\nLOG=info\n';
    expect(run(cmd.writeEnvFile('web', 'v1').text, home, content).code).toBe(0);
    const file = join(home, '.rollwatch/web/env/v1.env');
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.rollwatch/web/env')).mode & 0o077).toBe(0);
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    expect(run(cmd.writeEnvFile('web', 'v1').text, home, 'NEW=1\n').code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('NEW=1\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(run(cmd.removeEnvFile('web', 'v1').text, home).code).toBe(0);
    expect(existsSync(file)).toBe(false);
    rmSync(home, { recursive: true, force: true });
  });
});

describe('one-round-trip commands', () => {
  /** Runs `text` in `home` with `docker` stubbed by `stub` (a function body); `calls` lists the docker calls made. */
  function withDocker(stub: string, text: string, stdin?: string, home?: string) {
    const dir = mkdtempSync(join(tmpdir(), 'rollwatch-calls-'));
    try {
      const log = join(dir, 'calls');
      writeFileSync(log, '');
      const r = run(`docker() { echo "docker $*" >> '${log}'; ${stub} }; ${text}`, home ?? dir, stdin);
      return { ...r, calls: readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const calls = (r: { calls: string[] }) => r.calls;

  it('pullWithLogin: login with the password on stdin only, pull, logout; exits with the pull status', () => {
    const text = cmd.pullWithLogin('web', 'ghcr.io', 'bot', 'ghcr.io/acme/web@' + DIGEST).text;
    expect(text).not.toContain('s3cr3t');
    const ok = withDocker('if [ "$1" = login ]; then read -r pw; [ "$pw" = s3cr3t ] || return 1; fi; return 0;', text, 's3cr3t\n');
    expect(ok.code).toBe(0);
    expect(calls(ok)).toEqual(['docker login --username bot --password-stdin -- ghcr.io', `docker pull --quiet -- ghcr.io/acme/web@${DIGEST}`, 'docker logout -- ghcr.io']);
    expect(ok.stdout).toMatch(new RegExp(`^${cmd.LOGIN_TIMING_MARK} \\d+$`, 'm'));
    // a host whose date has no nanoseconds: no timing line, same outcome
    const noNanos = withDocker('return 0;', `date() { echo 1700000000N; }; ${text}`, 's3cr3t\n');
    expect(noNanos).toMatchObject({ code: 0, stdout: '' });
    const pullFails = withDocker('[ "$1" = pull ] && return 3; return 0;', text, 's3cr3t\n');
    expect(pullFails.code).toBe(3);
    expect(calls(pullFails).at(-1)).toBe('docker logout -- ghcr.io');
  });

  it('pullWithLogin: a failed login exits LOGIN_FAILED_EXIT and pulls nothing', () => {
    const text = cmd.pullWithLogin('web', 'ghcr.io', 'bot', 'img').text;
    const r = withDocker('[ "$1" = login ] && return 1; return 0;', text, 'wrong\n');
    expect(r.code).toBe(cmd.LOGIN_FAILED_EXIT);
    expect(calls(r)).toEqual(['docker login --username bot --password-stdin -- ghcr.io']);
  });

  it('restoreContainer removes the failed one, then restores the policy and starts the previous one', () => {
    const text = cmd.restoreContainer('web-v2', 'web-v1', 'unless-stopped').text;
    const r = withDocker('return 0;', text);
    expect(r.code).toBe(0);
    expect(calls(r)).toEqual(['docker rm --force -- web-v2', 'docker update --restart unless-stopped -- web-v1', 'docker start -- web-v1']);
    expect(calls(withDocker('return 0;', cmd.restoreContainer(null, 'web-v1', 'always').text))).toEqual(['docker update --restart always -- web-v1', 'docker start -- web-v1']);
  });

  it('restoreContainer: a failed container that does not exist counts as removed; one still there stops it all', () => {
    const text = cmd.restoreContainer('web-v2', 'web-v1', 'unless-stopped').text;
    const gone = withDocker('[ "$1" = rm ] && return 1; [ "$1" = container ] && return 1; return 0;', text);
    expect(gone.code).toBe(0);
    expect(calls(gone).at(-1)).toBe('docker start -- web-v1');
    const stuck = withDocker('[ "$1" = rm ] && return 1; return 0;', text);
    expect(stuck.code).not.toBe(0);
    expect(calls(stuck)).toEqual(['docker rm --force -- web-v2', 'docker container inspect -- web-v2']);
  });

  it('pruneReleases removes containers without force, then their env files, then unused images; a refused removal keeps the rest', () => {
    const home = mkdtempSync(join(tmpdir(), 'rollwatch-prune-'));
    try {
      mkdirSync(join(home, '.rollwatch/web/env'), { recursive: true });
      for (const v of ['v1', 'v2', 'v3']) writeFileSync(join(home, `.rollwatch/web/env/${v}.env`), 'A=1\n');
      const text = cmd.pruneReleases('web', ['0a1b', 'web-v2'], ['v1', 'v2'], ['img@sha256:1']).text;
      const refused = withDocker('[ "$1" = rm ] && return 1; return 0;', text, undefined, home);
      expect(refused.code).not.toBe(0);
      expect(calls(refused)).toEqual(['docker rm -- 0a1b web-v2']);
      expect(existsSync(join(home, '.rollwatch/web/env/v1.env'))).toBe(true);
      const r = withDocker('[ "$1" = image ] && return 1; return 0;', text, undefined, home);
      expect(r.code).toBe(0);
      expect(calls(r)).toEqual(['docker rm -- 0a1b web-v2', 'docker image rm -- img@sha256:1']);
      expect(['v1', 'v2', 'v3'].map((v) => existsSync(join(home, `.rollwatch/web/env/${v}.env`)))).toEqual([false, false, true]);
      expect(calls(withDocker('return 0;', cmd.pruneReleases('web', ['0a1b'], [], []).text, undefined, home))).toEqual(['docker rm -- 0a1b']);
      expect(cmd.pruneReleases('web', [], [], []).text).toBe('true');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('acquireLockAndInspect prints the mark and the containers once the lock is taken; a held lock exits 75 without reading', () => {
    const home = mkdtempSync(join(tmpdir(), 'rollwatch-lockread-'));
    try {
      const holder = (id: string) => JSON.stringify({ run: id, command: 'deploy', since: '2024-05-01T10:00:00Z' });
      const stub = `docker() { echo "docker $1" >&2; if [ "$1" = ps ]; then echo abc; else echo '[{"Id":"abc"}]'; fi; }; `;
      const first = run(stub + cmd.acquireLockAndInspect('web', holder('run-1')).text, home);
      expect(first.code).toBe(0);
      expect(first.stdout).toBe(`${cmd.LOCK_TAKEN_MARK}\n[{"Id":"abc"}]\n`);
      const second = run(stub + cmd.acquireLockAndInspect('web', holder('run-2')).text, home);
      expect(second.code).toBe(cmd.LOCK_HELD_EXIT);
      expect(parseHolder(second.stdout).run).toBe('run-1');
      expect(second.stderr).not.toMatch(/docker/);
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
