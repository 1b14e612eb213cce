/**
 * The verification window against the lab: probes, host metrics, a real Prometheus that
 * scrapes the demo app on every host, the detector, and automatic rollback. The four verdict
 * tests run twice: on the machine as it is, then while a CPU hog keeps both cores busy (CI
 * runners are shared; the verdicts must not depend on a quiet machine).
 * Windows and baselines are shorter than a user's (12-20 s at 1 s instead of 120 s at 5 s) to
 * keep the suite short; the probe runs at the rate a user would pick, 10 requests/s per host.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { cli, containers, lab, resetApp, running, runTag, writeConfig, HOSTS } from './support/lab';

const APP = 'watch';
const PORT = 8080; // the port the lab's Prometheus scrapes
let n = 0;
const version = (what: string) => `${what}-${runTag}-${++n}`;

function config(extra: (c: Record<string, any>) => void = () => {}): string {
  return writeConfig((c) => {
    c.app = APP;
    c.container = { ...c.container, port: PORT, env: {} };
    c.health = { path: '/health', timeout: '20s', interval: '300ms' };
    c.verify = {
      interval: '1s',
      baseline: '12s',
      window: '15s',
      probe: { rate: 10 },
    };
    extra(c);
  });
}

const PROM_QUERIES = [
  // Effects below 0.2 errors/s or 10 ms are not worth a rollback: say so in the metric's own unit.
  { name: 'error_rate', query: 'sum(rate(demo_requests_total{code="500",instance=~"{{instances}}"}[5s]))', direction: 'increase', critical: true, policy: { minAbsoluteEffect: 0.2 } },
  {
    name: 'mean_latency',
    query: 'sum(rate(demo_request_duration_seconds_sum{instance=~"{{instances}}"}[5s])) / sum(rate(demo_request_duration_seconds_count{instance=~"{{instances}}"}[5s]))',
    direction: 'increase',
    critical: true,
    policy: { minAbsoluteEffect: 0.01 },
  },
];

const versionsOn = (h: string) => running(h, APP).map((c) => c.version);

/** CPU seconds (user + system) a process has used, from /proc/PID/stat. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/**
 * One busy loop per core (`while :; do :; done` in bash), each bounded by itself (it ends after
 * `maxSeconds` even if nobody stops it) and stopped by its PID.
 */
function startCpuHog(maxSeconds: number): { procs: ChildProcess[]; stop: () => void } {
  const procs = cpus().map(() =>
    spawn('bash', ['-c', `end=$((SECONDS + ${maxSeconds})); while ((SECONDS < end)); do :; done`], { stdio: 'ignore' }),
  );
  return {
    procs,
    stop: () => {
      for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    },
  };
}

describe('watch: verification window and automatic rollback', () => {
  let v1 = '';
  beforeAll(async () => {
    resetApp(APP);
    v1 = version('v1');
    const r = await cli(['deploy', '--config', config((c) => (c.verify.enabled = false)), '--version', v1, '--json']);
    expect(r.code).toBe(0);
  });
  afterAll(() => resetApp(APP));

  /** The four verdicts; `when` is added to the test names. */
  function verdictTests(when: string): void {
    it(`a healthy v2 passes the window and stays${when}`, async () => {
      const v2 = version('v2');
      // a longer baseline than the other tests': a healthy release must not be rolled back by noise
      const r = await cli(['deploy', '--config', config((c) => Object.assign(c.verify, { baseline: '20s', prometheus: { queries: PROM_QUERIES } })), '--version', v2, '--json']);
      expect(r.report.verification.warnings.join('\n')).not.toMatch(/verify\.baseline gives/);
      expect(r.report.outcome).toBe('promoted');
      expect(r.code).toBe(0);
      const v = r.report.verification;
      expect(v.verdict).toBe('pass');
      expect(v.baselineKind).toBe('pre-deploy');
      expect(v.samples).toBeGreaterThanOrEqual(10);
      // the Prometheus metric had real data on both sides
      const prom = v.metrics.find((m: any) => m.name === 'prom.mean_latency');
      expect(prom.baseline.length).toBeGreaterThan(3);
      expect(prom.candidate.filter((x: number | null) => x !== null).length).toBeGreaterThan(3);
      for (const h of HOSTS()) expect(versionsOn(h)).toEqual([v2]);
      v1 = v2;
    });

    it(`a v2 with added latency is rolled back inside the window; every host healthy on the old version${when}`, async () => {
      const slow = version('slow');
      mkdirSync('artifacts', { recursive: true });
      const r = await cli(['deploy', '--config', config((c) => (c.container.env = { DEMO_LATENCY_MS: '200' })), '--version', slow, '--json', '--summary', 'artifacts/summary-rolled-back.md']);
      expect(r.code).toBe(3);
      expect(r.report.outcome).toBe('rolled-back');
      // 12 s at 1 s: fewer baseline samples than the detector is calibrated for, and the report says so
      expect(r.report.verification.warnings.join('\n')).toMatch(/verify\.baseline gives 12 samples at the 1s interval; with fewer than 18 .*use at least 18s, or canary mode/);
      const v = r.report.verification;
      expect(v.verdict).toBe('fail');
      expect(v.deciding).toMatch(/latency/);
      expect(v.windowMs).toBeLessThan(15_000);
      const deciding = v.metrics.find((m: any) => m.name === v.deciding);
      expect(deciding.worstZ).toBeGreaterThan(3.5);
      expect(r.report.timings.detectMs).toBeGreaterThan(0);
      expect(r.report.timings.recoverMs).toBeGreaterThan(0);
      expect(r.report.timings.recoveryMs).toBe(r.report.timings.detectMs + r.report.timings.recoverMs);
      for (const h of r.report.hosts) {
        expect(h.result).toBe('rolled-back');
        expect(h.healthy).toBe(true);
      }
      for (const h of HOSTS()) expect(versionsOn(h)).toEqual([v1]);
      const summary = readFileSync('artifacts/summary-rolled-back.md', 'utf8');
      expect(summary.split('\n')[0]).toMatch(/rolled-back/);
      expect(summary).toMatch(/Recovery/);
    });

    it(`a v2 that answers errors is rolled back${when}`, async () => {
      const errs = version('errors');
      const r = await cli(['deploy', '--config', config((c) => (c.container.env = { DEMO_ERROR_RATIO: '0.3' })), '--version', errs, '--json']);
      expect(r.report.outcome).toBe('rolled-back');
      expect(r.report.verification.deciding).toMatch(/error/);
      for (const h of HOSTS()) expect(versionsOn(h)).toEqual([v1]);
    });

    it(`canary: a bad v2 is rolled back on the first batch only; the other hosts never ran it${when}`, async () => {
      const bad = version('canary-bad');
      const r = await cli([
        'deploy',
        '--config',
        config((c) => {
          c.container.env = { DEMO_LATENCY_MS: '200' };
          c.rollout = { canary: true, batchSize: 1 };
        }),
        '--version',
        bad,
        '--json',
      ]);
      expect(r.report.outcome).toBe('rolled-back');
      expect(r.report.verification.baselineKind).toBe('concurrent');
      const [h1, h2, h3] = r.report.hosts;
      expect(h1.result).toBe('rolled-back');
      expect([h2.result, h3.result]).toEqual(['untouched', 'untouched']);
      for (const h of ['h2', 'h3']) expect(containers(h, APP).some((c) => c.version === bad)).toBe(false);
      for (const h of HOSTS()) expect(versionsOn(h)).toEqual([v1]);
    });
  }

  verdictTests('');

  describe('under a CPU hog on both cores', () => {
    let hog: ReturnType<typeof startCpuHog>;
    let startedAt = 0;
    beforeAll(() => {
      // bounded by itself too: 8 minutes is longer than the four tests take, even on a slow runner
      hog = startCpuHog(480);
      startedAt = Date.now();
    });
    afterAll(() => hog.stop());

    verdictTests(' (CPU hog on both cores)');

    it('the hog really loaded the cores while the verdict tests ran', () => {
      const wall = (Date.now() - startedAt) / 1000;
      for (const p of hog.procs) {
        expect(p.exitCode).toBeNull(); // still running: it covered the whole block
        // A busy loop, not a sleeping one: on a runner of its own each loop gets most of a core;
        // on a 2-core machine shared with other jobs (load average 5-7) each got 26 % here.
        expect(cpuSeconds(p.pid!)).toBeGreaterThan(wall * 0.15);
      }
    });
  });

  describe('Prometheus down or empty', () => {
    const promOnly = (onInconclusive: string) =>
      config((c) => {
        c.verify.probe = { enabled: false };
        c.verify.host = { enabled: false };
        c.verify.prometheus = { queries: PROM_QUERIES };
        c.verify.policy = { onInconclusive };
      });
    afterAll(() => {
      lab('prometheus', 'start');
    });

    it('outcome inconclusive, no rollback, a clear warning (default policy)', async () => {
      lab('prometheus', 'stop');
      const v = version('noprom');
      const r = await cli(['deploy', '--config', promOnly('keep'), '--version', v, '--json']);
      expect(r.code).toBe(0);
      expect(r.report.outcome).toBe('inconclusive');
      expect(r.report.verification.verdict).toBe('inconclusive');
      expect(r.report.verification.warnings.join('\n')).toMatch(/Prometheus unreachable/);
      for (const h of HOSTS()) expect(versionsOn(h)).toEqual([v]);
      v1 = v;
    });

    it('with onInconclusive: rollback, it rolls back', async () => {
      lab('prometheus', 'stop');
      const v = version('noprom-rb');
      const r = await cli(['deploy', '--config', promOnly('rollback'), '--version', v, '--json']);
      expect(r.report.outcome).toBe('rolled-back');
      for (const h of HOSTS()) expect(versionsOn(h)).toEqual([v1]);
    });
  });

  it('verify with heal: restart restarts an unhealthy container of the expected release', async () => {
    const flappy = version('flappy');
    // passes its health gate, then fails health 6 s after start
    const cfg = config((c) => {
      c.container.env = { DEMO_HEALTH_FAIL_AFTER: '6' };
      c.verify.enabled = false;
    });
    expect((await cli(['deploy', '--config', cfg, '--version', flappy, '--json'])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 9000));
    const before = running('h1', APP)[0].startedAt;
    const r = await cli(['verify', '--config', config((c) => Object.assign(c.verify, { heal: 'restart', window: '3s', baseline: '0s' })), '--json']);
    expect(r.report.verification.heal.length).toBe(3);
    for (const h of r.report.verification.heal) expect(h.attempts).toBeGreaterThanOrEqual(1);
    expect(running('h1', APP)[0].startedAt).not.toBe(before);
  });
});
