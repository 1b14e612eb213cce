/**
 * target: swarm against a real 3-node lab swarm (h1 manager, h2 h3 workers): Swarm's own rolling
 * update and rollback, rollwatch's verification window, detector and report on the tasks.
 * The swarm is formed here and dissolved at the end, so other e2e files never see it.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, readFileSync } from 'node:fs';
import { cli, httpText, lab, labEnv, onHost, running, runTag, writeConfig, HOSTS } from './support/lab';

const APP = 'rwswarm';
const SERVICE = 'rwswarm-e2e';
const PORT = 8480; // never 8080: the ssh e2e tests of other runs use it
let n = 0;
const version = (what: string) => `sw-${what}-${runTag}-${++n}`;
// a swarm update of 3 tasks takes ~20 s; give a loaded CI machine room before killing the CLI
const LONG = 600_000;
const deploy = async (args: string[]) => {
  const r = await cli(args, { timeoutMs: LONG - 20_000 });
  // on an unexpected outcome, the reason is the first thing to read
  console.log(`${args[0]} ${args.slice(-3).join(' ')}: exit ${r.code}, ${r.report?.outcome}: ${r.report?.reason ?? r.stderr.slice(-1500)}`);
  return r;
};

function config(extra: (c: Record<string, any>) => void = () => {}): string {
  return writeConfig((c) => {
    c.app = APP;
    c.target = 'swarm';
    c.container = { port: PORT, network: 'host', env: { PORT: String(PORT) } };
    c.health = { path: '/health', timeout: '30s', interval: '300ms' };
    c.swarm = {
      service: SERVICE,
      replicas: 3,
      delay: '1s',
      monitor: '2s',
      // exec form: the image is FROM scratch (no /bin/sh for the CMD-SHELL form)
      // lenient: Swarm kills a task it finds unhealthy, and a loaded 2-core CI machine can make the
      // shell-based demo app slow; the detector, not Swarm's health check, must judge latency
      healthcheck: { test: ['/app', 'healthcheck', `http://127.0.0.1:${PORT}/health`], interval: '2s', timeout: '10s', retries: 5, startPeriod: '2s' },
    };
    c.verify = { interval: '1s', baseline: '12s', window: '15s', probe: { rate: 4, timeout: '5s' } };
    extra(c);
  });
}

/** Versions of the running task containers on each lab host (labels written into the task spec). */
const versionsOn = (h: string) => running(h, APP).map((c) => c.version);

function removeService(): void {
  onHost('h1', `docker service rm ${SERVICE} >/dev/null 2>&1; i=0; while [ $i -lt 100 ] && docker service inspect ${SERVICE} >/dev/null 2>&1; do sleep 0.1; i=$((i+1)); done; true`);
  for (const h of HOSTS()) {
    // task containers go away a moment after the service; wait for it, then clear what is left
    onHost(h, `i=0; while [ $i -lt 100 ] && [ -n "$(docker ps -q --filter label=rollwatch.app=${APP})" ]; do sleep 0.1; i=$((i+1)); done; ids=$(docker ps -aq --filter label=rollwatch.app=${APP}); [ -z "$ids" ] || docker rm -f $ids >/dev/null; rm -rf /root/.rollwatch/${APP}`);
  }
}

async function allHealthy(): Promise<void> {
  const env = labEnv();
  for (const h of HOSTS()) {
    const r = await httpText(`http://${env[`LAB_ADDR_${h}`]}:${PORT}/health`);
    expect(r.status).toBe(200);
  }
}

/** Swarm's tasks of the service with the image they run (desired state running). */
function tasks(): { node: string; image: string; state: string }[] {
  return onHost('h1', `docker service ps ${SERVICE} --no-trunc --filter desired-state=running --format '{{.Node}} {{.Image}} {{.CurrentState}}'`)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [node, image, ...state] = l.split(' ');
      return { node, image, state: state.join(' ') };
    });
}

describe('swarm: Swarm rolling update, rollwatch verification and rollback', () => {
  let current = '';
  let currentDigest = '';
  beforeAll(async () => {
    lab('swarm', 'up');
    removeService();
    current = version('v1');
    const r = await deploy(['deploy', '--config', config((c) => (c.verify.enabled = false)), '--version', current, '--json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.report.outcome).toBe('promoted');
    expect(r.code).toBe(0);
    currentDigest = r.report.digest;
  }, LONG);
  afterAll(() => {
    removeService();
    lab('swarm', 'down');
  }, LONG);

  it('v1 runs as a service with 3 replicas, one task per node, pinned by digest', async () => {
    const t = tasks();
    expect(t.map((x) => x.node).sort()).toEqual(['h1', 'h2', 'h3']);
    for (const x of t) {
      expect(x.image).toMatch(new RegExp(`@${currentDigest}$`));
      expect(x.state).toMatch(/^Running/);
    }
    for (const h of HOSTS()) expect(versionsOn(h)).toEqual([current]);
    await allHealthy();
  }, LONG);

  it('a healthy v2 is rolled out by Swarm, passes the window and is promoted; status agrees', async () => {
    const v2 = version('v2');
    mkdirSync('artifacts', { recursive: true });
    const r = await deploy(['deploy', '--config', config(), '--version', v2, '--json', '--summary', 'artifacts/summary-swarm-promoted.md']);
    expect(r.report.outcome).toBe('promoted');
    expect(r.code).toBe(0);
    expect(r.report.target).toEqual({ kind: 'swarm', description: `swarm service ${SERVICE} via manager h1 (10.213.0.11)` });
    expect(r.report.previousVersion).toBe(current);
    const v = r.report.verification;
    expect(v.verdict).toBe('pass');
    expect(v.baselineKind).toBe('pre-deploy');
    expect(v.samples).toBeGreaterThanOrEqual(10);
    expect(r.report.hosts.map((h: any) => [h.name, h.previous, h.final, h.result, h.healthy])).toEqual(HOSTS().map((h) => [h, current, v2, 'deployed', true]));
    for (const h of HOSTS()) expect(versionsOn(h)).toEqual([v2]);
    const summary = readFileSync('artifacts/summary-swarm-promoted.md', 'utf8');
    expect(summary.split('\n')[0]).toMatch(/rollwatch deploy: promoted/);
    expect(summary).toContain(`Target: swarm service ${SERVICE} via manager h1 (10.213.0.11)`);
    expect(summary).toMatch(/T_deploy/);
    console.log(`swarm promote: T_deploy_server ${r.report.timings.deployServerMs} ms`);

    const st = await cli(['status', '--config', config(), '--json']);
    expect(st.code).toBe(0);
    expect(st.report.version).toBe(v2);
    expect(st.report.hosts.map((h: any) => [h.name, h.final, h.healthy])).toEqual(HOSTS().map((h) => [h, v2, true]));
    expect(st.report.hosts[0].retained).toEqual([current]);
    current = v2;
    currentDigest = r.report.digest;
  }, LONG);

  it('a v2 with added latency is rolled back by rollwatch’s detector through Swarm’s rollback; every task back on the old version, healthy', async () => {
    const slow = version('slow');
    const r = await deploy(['deploy', '--config', config((c) => (c.container.env.DEMO_LATENCY_MS = '300')), '--version', slow, '--json', '--summary', 'artifacts/summary-swarm-rolled-back.md']);
    expect(r.code).toBe(3);
    expect(r.report.outcome).toBe('rolled-back');
    const v = r.report.verification;
    expect(v.verdict).toBe('fail');
    expect(v.deciding).toMatch(/latency/);
    expect(v.windowMs).toBeLessThan(15_000);
    // the detector decided, not Swarm: no task of the slow version failed
    expect(r.report.reason).toMatch(/rolled back by rollwatch through Swarm's rollback: every task runs/);
    const t = r.report.timings;
    expect(t.detectMs).toBeGreaterThan(0);
    expect(t.recoverMs).toBeGreaterThan(0);
    expect(t.recoveryMs).toBe(t.detectMs + t.recoverMs);
    for (const h of r.report.hosts) {
      expect(h.result).toBe('rolled-back');
      expect(h.healthy).toBe(true);
      expect(h.final).toBe(current);
    }
    for (const x of tasks()) expect(x.image).toMatch(new RegExp(`@${currentDigest}$`));
    for (const h of HOSTS()) expect(versionsOn(h)).toEqual([current]);
    await allHealthy();
    const summary = readFileSync('artifacts/summary-swarm-rolled-back.md', 'utf8');
    expect(summary.split('\n')[0]).toMatch(/rolled-back/);
    expect(summary).toMatch(/Recovery/);
    console.log(`swarm detector rollback: T_deploy_server ${t.deployServerMs} ms, T_detect ${t.detectMs} ms, T_recover ${t.recoverMs} ms`);
  }, LONG);

  it('a v2 whose tasks exit at start is rolled back by Swarm’s failure action and reported as such', async () => {
    const crash = version('crash');
    const r = await deploy(['deploy', '--config', config((c) => (c.container.env.DEMO_CRASH = '1')), '--version', crash, '--json']);
    expect(r.code).toBe(1);
    expect(r.report.outcome).toBe('failed');
    expect(r.report.reason).toMatch(/^rolled back by Swarm \(update failure action\): task \w+ \(slot \d\) on h\d: task: non-zero exit \(3\), exit code 3/);
    expect(r.report.reason).toMatch(new RegExp(`every task is back on ${current} and healthy$`));
    expect(r.report.verification).toBeNull();
    const restored = r.report.hosts.filter((h: any) => h.result === 'restored');
    expect(restored.length).toBeGreaterThanOrEqual(1);
    expect(restored[0].detail).toMatch(/failed here: task: non-zero exit \(3\) \(exit code 3\); Swarm put .* back/);
    for (const h of r.report.hosts) expect(h.healthy).toBe(true);
    for (const x of tasks()) expect(x.image).toMatch(new RegExp(`@${currentDigest}$`));
    for (const h of HOSTS()) expect(versionsOn(h)).toEqual([current]);
    await allHealthy();
    console.log(`swarm failure-action rollback: T_deploy_server ${r.report.timings.deployServerMs} ms`);
  }, LONG);

  it('rollback: refuses without a version once Swarm cleared the previous spec; goes to a named version by digest', async () => {
    const refused = await cli(['rollback', '--config', config(), '--json']);
    expect(refused.code).toBe(1);
    expect(refused.report.reason).toMatch(/Swarm keeps no previous spec of rwswarm-e2e.*nothing was changed/);
    for (const h of HOSTS()) expect(versionsOn(h)).toEqual([current]);

    const first = `sw-v1-${runTag}-1`;
    const r = await deploy(['rollback', '--config', config(), '--version', first, '--json']);
    expect(r.report.outcome).toBe('ok');
    expect(r.code).toBe(0);
    expect(r.report.hosts.map((h: any) => [h.name, h.final, h.result, h.healthy])).toEqual(HOSTS().map((h) => [h, first, 'rolled-back', true]));
    for (const h of HOSTS()) expect(versionsOn(h)).toEqual([first]);
    await allHealthy();
  }, LONG);

  it('verify runs the window against the running tasks', async () => {
    const r = await cli(['verify', '--config', config((c) => Object.assign(c.verify, { window: '3s', baseline: '0s' })), '--json']);
    expect(r.report.target.kind).toBe('swarm');
    expect(r.report.verification.samples).toBeGreaterThanOrEqual(2);
    expect(r.report.hosts.map((h: any) => h.name)).toEqual(HOSTS());
    expect(['ok', 'inconclusive']).toContain(r.report.outcome);
  });
});
