/**
 * Values read back from lab hosts and registry credentials on them (issue 11):
 * - a container started by hand with a label holding a newline and `::error::`, and a lock
 *   holder file with the same: `status` (CLI and the action run as the runner runs it) and a
 *   deploy print no workflow command of their own making, and the deploy leaves that container
 *   alone;
 * - a pull whose link is cut while the engine pulls (the client killed, with its SSH connection,
 *   when the registry receives the host's pull): no registry credential anywhere in the deploy
 *   user's home or /tmp (the credentials travel with the pull request, nothing is logged in),
 *   before and after the stale lock is released (`rollwatch lock release`).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { CLI, LAB_DIR, ROOT, cli, labEnv, onHost, resetApp, running, runTag, faultConfig } from './support/lab';
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

/** Files under the deploy user's home and /tmp on `h` holding the registry credential. */
function credentialFiles(h: string): string[] {
  const user = env.LAB_REGISTRY_USER;
  const password = readFileSync(env.LAB_REGISTRY_PASSWORD_FILE, 'utf8').trim();
  const auth = Buffer.from(`${user}:${password}`).toString('base64');
  return onHost(h, `grep -rlF -e '${auth}' -e '${password}' /root /tmp 2>/dev/null || true`)
    .split('\n')
    .filter(Boolean);
}

/** Resolves true once the lab registry logs a pull request (manifest or blob GET) from `address`; false when stopped. */
function registryReceivesPullFrom(address: string): { hit: Promise<boolean>; stop: () => void } {
  const log = join(LAB_DIR, 'log/registry.log');
  let offset = statSync(log).size;
  let timer: NodeJS.Timeout | undefined;
  let done: (v: boolean) => void = () => {};
  const hit = new Promise<boolean>((resolve) => (done = resolve));
  const poll = () => {
    const size = statSync(log).size;
    if (size > offset) {
      const fd = openSync(log, 'r');
      const buf = Buffer.alloc(size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      closeSync(fd);
      offset = size;
      if (buf.toString('utf8').split('\n').some((l) => l.startsWith(`${address} `) && /"GET \/v2\/\S+\/(manifests|blobs)\//.test(l))) return done(true);
    }
    timer = setTimeout(poll, 20);
  };
  poll();
  return { hit, stop: () => (clearTimeout(timer), done(false)) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('registry credentials on hosts', () => {
  it('the link cut while the engine pulls: no credential anywhere on the host, before or after the lock is released', async () => {
    const cfg = config(CRED, CRED_PORT, (c) => {
      c.hosts = c.hosts.filter((h: any) => h.name === 'h1');
      // a new image, so h1 must pull it (an image already there is not pulled)
      c.image.build.labels = { 'values-faults.step': `pull-${runTag}` };
    });
    expect(YAML.parse(readFileSync(cfg, 'utf8')).registry.username).toBe(env.LAB_REGISTRY_USER);
    const watch = registryReceivesPullFrom(env.LAB_ADDR_h1);
    const client = spawn(process.execPath, [CLI, 'deploy', '--config', cfg, '--version', `cred-pull-${runTag}`], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((r) => client.on('exit', r));
    // the client dies, and its SSH connection with it: no cleanup of its own
    const hit = await Promise.race([watch.hit, exited.then(() => false)]);
    client.kill('SIGKILL');
    await exited;
    watch.stop();
    expect(hit).toBe(true);
    // the engine finishes or drops the pull on its own; give it a moment
    await sleep(2000);
    expect(credentialFiles('h1')).toEqual([]);
    expect(onHost('h1', `cat /root/.docker/config.json 2>/dev/null || echo '{}'`)).not.toMatch(/"auth"\s*:/);
    // the way out of a cut run (its lock is still held): release it; still nothing anywhere
    const release = await cli(['lock', 'release', '--config', cfg]);
    expect(release.code).toBe(0);
    expect(credentialFiles('h1')).toEqual([]);
  });
});
