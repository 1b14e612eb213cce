/**
 * Values read back from lab hosts and registry credentials on them (issue 11):
 * - a container started by hand with a label holding a newline and `::error::`, and a lock
 *   holder file with the same: `status` (CLI and the action run as the runner runs it) and a
 *   deploy print no workflow command of their own making, and the deploy leaves that container
 *   alone;
 * - a pull whose link is cut at the login, during the pull, or before the logout (the session on
 *   the host killed and the client killed): no registry credential stays in the deploy user's
 *   home or /tmp outside the run's own config dir, and none at all once the stale lock is
 *   released (`rollwatch lock release`).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { CLI, ROOT, cli, labEnv, onHost, resetApp, running, runTag, faultConfig } from './support/lab';
import { labActionInputs, runStep } from './support/runner';

const env = labEnv();
const INJ = 'values-inj';
const INJ_PORT = 8140;
const CRED = 'values-cred';
const CRED_PORT = 8141;
const MARK = `INJECTED${runTag}`;
const EVIL = `v0\n::error title=pwned::${MARK}\n::add-mask::${MARK}\n##[error]${MARK}`;

/** Lines the runner would take as workflow commands and that carry the injected text as a command. */
function injected(out: string): string[] {
  return out.split(/\r\n|\r|\n/).filter((l) => {
    const t = l.trimStart();
    return (t.startsWith('::') && new RegExp(`^::[^\\s:]*(?: [^:]*)?::${MARK}`).test(t)) || (l.includes('##[') && l.includes(MARK)) || /^::(add-mask|stop-commands)::/.test(t) && t.includes(MARK);
  });
}

const config = (app: string, port: number, extra: (c: Record<string, any>) => void = () => {}): string =>
  faultConfig(app, port, (c) => {
    c.rollout = { batchSize: 3 };
    extra(c);
  });

beforeAll(() => {
  resetApp(INJ);
  resetApp(CRED);
});
afterAll(() => {
  for (const h of ['h1', 'h2', 'h3']) onHost(h, 'docker rm -f values-hand-made >/dev/null 2>&1; true');
  resetApp(INJ);
  resetApp(CRED);
});

describe('values read back from hosts', () => {
  it('a label and a lock holder with newline + ::error:: inject nothing into status, the action, or a deploy', async () => {
    const cfg = config(INJ, INJ_PORT);
    const v1 = `inj1-${runTag}`;
    const first = await cli(['deploy', '--config', cfg, '--version', v1]);
    expect(first.code).toBe(0);
    const image = onHost('h1', `docker inspect -f '{{.Config.Image}}' ${INJ}-${v1}`).trim();
    // by hand, as an operator (or an attacker with docker access) might: rollwatch labels with hostile values
    const label = (k: string, v: string) => `--label "${k}=$(printf '%b' '${v.replace(/\n/g, '\\n')}')"`;
    onHost(
      'h1',
      `docker run -d --name values-hand-made --network none ${label('rollwatch.app', INJ)} ${label('rollwatch.version', EVIL)} ${label('rollwatch.image', '--force')} ${image} >/dev/null`,
    );
    expect(onHost('h1', `docker inspect -f '{{index .Config.Labels "rollwatch.version"}}' values-hand-made`)).toContain(`\n::error title=pwned::${MARK}`);
    onHost('h2', `mkdir -p /root/.rollwatch/${INJ}/lock && printf '%s' '${JSON.stringify({ run: `r\n::error::${MARK}`, actor: `eve\n::error::${MARK}`, command: 'deploy', since: 'now' })}' > /root/.rollwatch/${INJ}/lock/holder.json`);

    const status = await cli(['status', '--config', cfg]);
    expect(injected(status.stdout + status.stderr)).toEqual([]);
    expect(status.stderr).toMatch(/h1: ignoring container "values-hand-made"/);
    expect(status.stdout).toMatch(/lock h2: held/);

    const inputs = { ...labActionInputs(INJ, INJ_PORT), mode: 'status' };
    const action = await runStep({ phase: 'main', inputs });
    expect(injected(action.stdout)).toEqual([]);
    expect(injected(action.summary)).toEqual([]);
    expect(action.stdout).toContain(MARK); // it was read and shown, as data

    // a deploy while the hostile holder is there: refused, saying who holds it and how to release it
    const refused = await cli(['deploy', '--config', cfg, '--version', `inj2-${runTag}`]);
    expect(refused.code).toBe(1);
    expect(injected(refused.stdout + refused.stderr)).toEqual([]);
    expect(refused.stderr).toMatch(/h2: the deploy lock of values-inj is held by .* since \d{4}-.*rollwatch lock release --config/);

    // released, the deploy goes on and leaves the container it does not own alone
    expect((await cli(['lock', 'release', '--config', cfg])).code).toBe(0);
    const v2 = `inj2-${runTag}`;
    const second = await cli(['deploy', '--config', cfg, '--version', v2]);
    expect(injected(second.stdout + second.stderr)).toEqual([]);
    expect(second.code).toBe(0);
    for (const h of ['h1', 'h2', 'h3']) expect(running(h, INJ).map((c) => c.version)).toContain(v2);
    expect(onHost('h1', `docker inspect -f '{{.State.Running}}' values-hand-made`).trim()).toBe('true');
    expect(onHost('h1', `docker image inspect -f ok ${image}`).trim()).toBe('ok');
  });
});

/** Files under the deploy user's home and /tmp on `h` holding the registry credential, except under `except`. */
function credentialFiles(h: string, except?: string): string[] {
  const user = env.LAB_REGISTRY_USER;
  const password = readFileSync(env.LAB_REGISTRY_PASSWORD_FILE, 'utf8').trim();
  const auth = Buffer.from(`${user}:${password}`).toString('base64');
  const skip = except ? `| grep -v '^${except}' ` : '';
  return onHost(h, `grep -rlF -e '${auth}' -e '${password}' /root /tmp 2>/dev/null ${skip}|| true`)
    .split('\n')
    .filter(Boolean);
}

/** Watches h1 for the session's `docker <step>`; at once stops it and kills it with its shell, then says HIT. */
function cutAt(step: 'login' | 'pull' | 'logout'): { child: ChildProcess; hit: Promise<boolean>; stop: () => void } {
  const script =
    `echo PID $$; end=$(( $(date +%s) + 90 )); while [ $(date +%s) -lt $end ]; do p=$(pgrep -o -f '^docker ${step} '); ` +
    `if [ -n "$p" ]; then kill -STOP $p; s=$(awk '{print $4}' /proc/$p/stat); kill -KILL $s $p; echo HIT; exit 0; fi; done; exit 1`;
  const child = spawn('bash', [join(ROOT, 'scripts/lab'), 'exec', 'h1', '--', 'sh', '-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  let pid = '';
  const hit = new Promise<boolean>((resolve) => {
    child.stdout!.on('data', (d) => {
      pid ||= /PID (\d+)/.exec(String(d))?.[1] ?? '';
      if (String(d).includes('HIT')) resolve(true);
    });
    child.on('exit', () => resolve(false));
  });
  // the watcher runs in h1's namespaces: stop it there, by its own PID
  const stop = () => void (pid && onHost('h1', `kill ${pid} 2>/dev/null; true`));
  return { child, hit, stop };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('registry credentials on hosts', () => {
  it.each(['login', 'pull', 'logout'] as const)('the link cut at the %s: no credential left on the host', async (step) => {
    const cfg = config(CRED, CRED_PORT, (c) => {
      c.hosts = c.hosts.filter((h: any) => h.name === 'h1');
      // a new image each time, so h1 must pull it (an image already there is not pulled)
      c.image.build.labels = { 'values-faults.step': `${step}-${runTag}` };
    });
    expect(YAML.parse(readFileSync(cfg, 'utf8')).registry.username).toBe(env.LAB_REGISTRY_USER);
    const watcher = cutAt(step);
    await sleep(300);
    const client = spawn(process.execPath, [CLI, 'deploy', '--config', cfg, '--version', `cred-${step}-${runTag}`], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((r) => client.on('exit', r));
    // the client dies with the link: no cleanup of its own
    const hit = await Promise.race([watcher.hit, exited.then(() => false)]);
    client.kill('SIGKILL');
    await exited;
    watcher.stop();
    expect([step, hit]).toEqual([step, true]);
    // whatever the session left running on the host finishes first
    for (let i = 0; i < 50 && onHost('h1', `pgrep -f '^docker (login|pull|logout) ' || true`).trim(); i++) await sleep(200);
    // nothing in ~/.docker, /tmp or anywhere but the cut run's own config dir under the app's state
    expect(credentialFiles('h1', `/root/.rollwatch/${CRED}/docker-config.`)).toEqual([]);
    // past the login, the cut did leave the credential: in the run's own config dir, and only there
    if (step !== 'login') expect(credentialFiles('h1').map((f) => f.replace(/docker-config\.[^/]+/, 'docker-config.X'))).toEqual([`/root/.rollwatch/${CRED}/docker-config.X/config.json`]);
    // the way out of a cut run (its lock is still held): release it; that removes the rest
    const release = await cli(['lock', 'release', '--config', cfg]);
    expect(release.code).toBe(0);
    expect(credentialFiles('h1')).toEqual([]);
  });
});
