/**
 * The deploy path against the real lab: 3 hosts with their own sshd and Docker engine, a
 * registry with auth, a builder engine. Tests run in order and build on each other.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { cli, containerEnv, containers, httpText, lab, labEnv, onHost, resetApp, running, runTag, writeConfig, HOSTS } from './support/lab';

const APP = 'ship';
const PORT = 8081;
const v1 = `v1-${runTag}`;
const v2 = `v2-${runTag}`;
const bad = `bad-${runTag}`;

function config(extra: (c: Record<string, any>) => void = () => {}): string {
  return writeConfig((c) => {
    c.app = APP;
    c.container = { ...c.container, port: PORT, env: { PORT: String(PORT) } };
    c.health = { path: '/health', timeout: '20s', interval: '300ms' };
    c.verify = { enabled: false };
    extra(c);
  });
}

const addr = (h: string) => labEnv()[`LAB_ADDR_${h}`];

describe('ship: deploy, rollback, and refusals against 3 lab hosts', () => {
  beforeAll(() => resetApp(APP));
  afterAll(() => resetApp(APP));

  it('deploys v1 to every host', async () => {
    const r = await cli(['deploy', '--config', config(), '--version', v1, '--json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.report.outcome).toBe('promoted');
    expect(r.report.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    for (const h of HOSTS()) {
      expect(running(h, APP).map((c) => c.version)).toEqual([v1]);
      const res = await httpText(`http://${addr(h)}:${PORT}/`);
      expect(res.status).toBe(200);
      expect(res.body).toContain(v1);
    }
    expect(r.report.hosts.map((h: any) => h.result)).toEqual(['deployed', 'deployed', 'deployed']);
  });

  it('deploys v2: every host on v2, v1 retained and stopped', async () => {
    const r = await cli(['deploy', '--config', config(), '--version', v2, '--json']);
    expect(r.code).toBe(0);
    expect(r.report.previousVersion).toBe(v1);
    for (const h of HOSTS()) {
      const all = containers(h, APP);
      expect(all.filter((c) => c.running).map((c) => c.version)).toEqual([v2]);
      expect(all.filter((c) => !c.running).map((c) => c.version)).toEqual([v1]);
      expect((await httpText(`http://${addr(h)}:${PORT}/`)).body).toContain(v2);
    }
    // the container environment went in the create request: in the container, in no file of the deploy user
    const [current] = running('h1', APP);
    expect(containerEnv('h1', current.name)).toEqual(expect.arrayContaining([`ROLLWATCH_VERSION=${v2}`]));
    expect(onHost('h1', `[ -e /root/.rollwatch/${APP}/env ] && echo env || echo none`).trim()).toBe('none');
  });

  it('status lists the running and the retained release per host', async () => {
    const r = await cli(['status', '--config', config(), '--json']);
    expect(r.code).toBe(0);
    for (const h of r.report.hosts) {
      expect(h.final).toBe(v2);
      expect(h.healthy).toBe(true);
      expect(h.retained).toEqual([v1]);
    }
  });

  it('rolls back to the previous release by reusing the retained container, without a pull', async () => {
    const since = Math.floor(Date.now() / 1000);
    const before = Object.fromEntries(HOSTS().map((h) => [h, containers(h, APP).find((c) => c.version === v1)!.id]));
    const r = await cli(['rollback', '--config', config(), '--json']);
    expect(r.code).toBe(0);
    expect(r.report.version).toBe(v1);
    for (const h of HOSTS()) {
      const now = running(h, APP);
      expect(now.map((c) => c.version)).toEqual([v1]);
      expect(now[0].id).toBe(before[h]); // the same container, started again
      const pulls = onHost(h, `docker events --since ${since} --until $(date +%s) --filter type=image --filter event=pull --format '{{.ID}}'`).trim();
      expect(pulls).toBe('');
      expect((await httpText(`http://${addr(h)}:${PORT}/`)).body).toContain(v1);
    }
  });

  it('refuses a rollback to a version that is not retained everywhere, changing nothing', async () => {
    const before = HOSTS().map((h) => running(h, APP)[0].id);
    const r = await cli(['rollback', '--config', config(), '--version', 'never-deployed', '--json']);
    expect(r.code).not.toBe(0);
    expect(r.report.reason).toMatch(/never-deployed is not retained on h1, h2, h3/);
    expect(HOSTS().map((h) => running(h, APP)[0].id)).toEqual(before);
  });

  it('stops a release whose health never passes at the first batch: that host restored, the others untouched', async () => {
    const before = Object.fromEntries(HOSTS().map((h) => [h, running(h, APP)[0]]));
    const cfg = config((c) => {
      c.container.env.DEMO_HEALTH_FAIL = '1';
      c.health.timeout = '6s';
      c.rollout = { batchSize: 1 };
    });
    const r = await cli(['deploy', '--config', cfg, '--version', bad, '--json']);
    expect(r.code).toBe(1);
    expect(r.report.outcome).toBe('failed');
    const [h1, h2, h3] = r.report.hosts;
    expect(h1.result).toBe('restored');
    expect(h1.final).toBe(v1);
    expect(h1.detail).toMatch(/health/);
    expect([h2.result, h3.result]).toEqual(['untouched', 'untouched']);
    for (const h of HOSTS()) {
      const now = running(h, APP);
      expect(now.map((c) => c.version)).toEqual([v1]);
      expect(containers(h, APP).some((c) => c.version === bad)).toBe(false);
    }
    expect(running('h2', APP)[0].startedAt).toBe(before.h2.startedAt);
    expect(running('h3', APP)[0].startedAt).toBe(before.h3.startedAt);
    expect((await httpText(`http://${addr('h1')}:${PORT}/health`)).status).toBe(200);
  });

  it('refuses to deploy when a host is down, changing nothing anywhere', async () => {
    const before = HOSTS().map((h) => running(h, APP)[0].id);
    const cfg = config((c) => {
      c.ssh.connectTimeout = '2s';
    });
    lab('fault', 'h3', 'link-down');
    let r;
    try {
      r = await cli(['deploy', '--config', cfg, '--version', v2, '--json']);
    } finally {
      lab('fault', 'h3', 'link-up');
    }
    expect(r.code).toBe(1);
    expect(r.report.reason).toMatch(/^preflight failed on h3; nothing was changed\.$/m);
    expect(r.report.reason).toMatch(/^  h3 \(.*\): cannot connect/m);
    expect(HOSTS().map((h) => running(h, APP)[0].id)).toEqual(before);
    for (const h of HOSTS()) expect(onHost(h, `[ -d /root/.rollwatch/${APP}/lock ] && echo held || echo free`).trim()).toBe('free');
  });

  it('refuses a second deploy while the lock is held, naming the holder; lock release frees it', async () => {
    const holder = JSON.stringify({ run: 'other-run-42', actor: 'alice', commit: 'abc123', command: 'deploy', since: '2026-11-26T00:00:00Z' });
    onHost('h2', `mkdir -p /root/.rollwatch/${APP}/lock && printf '%s' '${holder}' > /root/.rollwatch/${APP}/lock/holder.json`);
    const before = HOSTS().map((h) => running(h, APP)[0].id);
    const r = await cli(['deploy', '--config', config(), '--version', v2, '--json']);
    expect(r.code).toBe(1);
    expect(r.report.reason).toMatch(/h2: held by run other-run-42, by alice/);
    expect(HOSTS().map((h) => running(h, APP)[0].id)).toEqual(before);
    // locks taken on the other hosts by the refused run were given back
    for (const h of ['h1', 'h3']) expect(onHost(h, `[ -d /root/.rollwatch/${APP}/lock ] && echo held || echo free`).trim()).toBe('free');

    const status = await cli(['lock', 'status', '--config', config(), '--json']);
    expect(status.report.lock.find((l: any) => l.host === 'h2').holder.run).toBe('other-run-42');
    const release = await cli(['lock', 'release', '--config', config(), '--json']);
    expect(release.code).toBe(0);
    expect(onHost('h2', `[ -d /root/.rollwatch/${APP}/lock ] && echo held || echo free`).trim()).toBe('free');
  });

  it('refuses a host whose key does not match the pinned fingerprint', async () => {
    const cfg = config((c) => {
      c.hosts[1].fingerprint = c.hosts[0].fingerprint; // h2 pinned to h1's key
      delete c.ssh.knownHostsFile;
    });
    const before = HOSTS().map((h) => running(h, APP)[0].id);
    const r = await cli(['deploy', '--config', cfg, '--version', v2, '--json']);
    expect(r.code).toBe(1);
    expect(r.report.reason).toMatch(/host key of h2 \(10\.213\.0\.12:22\) does not match: expected SHA256:\S+ \(pinned\), offered ssh-ed25519 SHA256:\S+/);
    expect(HOSTS().map((h) => running(h, APP)[0].id)).toEqual(before);
  });

  it('rejects a bad config before touching any host (exit 2, field named)', async () => {
    const cfg = config((c) => {
      c.container.env['BAD KEY'] = 'x';
      c.rollout = { batchSize: '150%' };
    });
    const r = await cli(['deploy', '--config', cfg, '--version', v2]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/container\.env\.BAD KEY/);
    expect(r.stderr).toMatch(/rollout\.batchSize/);
  });
});
