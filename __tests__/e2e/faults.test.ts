/**
 * The fault matrix against the real lab (docs/faults.md): every fault ends with each host
 * running exactly one healthy release (the old or the new one, never none, never an unknown
 * container), the lock released, and a report that says which host runs what and why. When a
 * host stays unreachable to the end, the report names it with the command to finish by hand.
 *
 * Faults covered elsewhere: a host down before the deploy (ship.test.ts "refuses to deploy
 * when a host is down"), Prometheus down (watch.test.ts), cancel then post step
 * (cancel.test.ts), a changed host key (ship.test.ts).
 *
 * Each test uses its own app and port (8090+) and resets it before and after.
 */
import { describe, it, expect, afterAll, afterEach } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, appendFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRecorder } from '../unit/github/recorder';
import { LAB_DIR, ROOT, cli, containers, httpText, lab, labEnv, onHost, resetApp, running, runTag, faultConfig, HOSTS, type CliResult, type Trigger } from './support/lab';

const addr = (h: string) => labEnv()[`LAB_ADDR_${h}`];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const ver = (what: string) => `${what}-${runTag}-${++n}`;

/** Faults set by a test, undone after it whatever happened. */
const undo: (() => void)[] = [];
/** Kills the lab registry at once, by the PID the lab recorded (the lab script would take ~0.2 s); the lab starts it again. */
function killRegistry(): void {
  const pid = Number(readFileSync(join(LAB_DIR, 'run/pids/registry'), 'utf8').split(' ')[0]);
  process.kill(pid, 'SIGKILL');
  undo.push(() => lab('fault', 'registry', 'start'));
}

function fault(target: string, action: string, reverse?: string): void {
  lab('fault', target, action);
  if (reverse) undo.push(() => lab('fault', target, reverse));
}
afterEach(() => {
  while (undo.length) {
    try {
      undo.pop()!();
    } catch {
      /* already undone */
    }
  }
});
afterAll(() => {
  for (const h of HOSTS()) for (const f of ['link-up', 'unblackhole', 'sshd-start']) lab('fault', h, f);
  lab('prometheus', 'start');
  lab('fault', 'registry', 'start');
});

const config = faultConfig;

/** Runs the bundled CLI; each trigger fires once, when its line appears in the log. */
const deployWith = (args: string[], triggers: Trigger[] = [], timeoutMs = 280_000): Promise<CliResult & { log: string }> =>
  cli(args, { triggers, timeoutMs }).then((r) => ({ ...r, log: r.stderr }));

/** Resolves once `h` runs a container of `version` (polled on the host; bounded). */
async function untilRunning(h: string, app: string, version: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (containers(h, app).some((c) => c.version === version && c.running)) return;
    await sleep(100);
  }
  throw new Error(`${h} never ran ${version}`);
}

const lockState = (h: string, app: string) => onHost(h, `[ -d /root/.rollwatch/${app}/lock ] && echo held || echo free`).trim();

/** The end state every fault must reach: one healthy, known release per host, lock free. */
async function expectClean(app: string, port: number, expected: Record<string, string>, known: string[]): Promise<void> {
  for (const h of HOSTS()) {
    const all = containers(h, app);
    expect([h, all.filter((c) => c.running).map((c) => c.version)]).toEqual([h, [expected[h]]]);
    for (const c of all) expect([h, known.includes(c.version)]).toEqual([h, true]);
    const health = await httpText(`http://${addr(h)}:${port}/health`);
    expect([h, health.status]).toEqual([h, 200]);
    expect((await httpText(`http://${addr(h)}:${port}/`)).body).toContain(expected[h]);
    expect([h, lockState(h, app)]).toEqual([h, 'free']);
  }
}

/** Runs a report's `manual` command as an operator would (with the lab's ssh client settings). */
function finishByHand(manual: string): void {
  execFileSync('sh', ['-c', manual.replace(/(^|&& )ssh /g, `$1ssh -F ${labEnv().LAB_SSH_CONFIG} `)], { stdio: 'pipe' });
}

/** The report says what each host runs: its `final` is what runs there, or it names a manual step. */
function expectTruthful(r: { report: any }, app: string): void {
  for (const hr of r.report.hosts) {
    const now = running(hr.name, app).map((c) => c.version);
    if (hr.final === null) expect([hr.name, typeof hr.manual]).toEqual([hr.name, 'string']);
    else expect([hr.name, now]).toEqual([hr.name, [hr.final]]);
  }
}

const all = (v: string) => Object.fromEntries(HOSTS().map((h) => [h, v]));
const hostReport = (r: any, h: string) => r.report.hosts.find((x: any) => x.name === h);

/** Prints the report lines docs/faults.md quotes. */
function show(title: string, r: { code: number; report: any; stderr: string }): void {
  if (!r.report) process.stdout.write(`[${title}] exit ${r.code}, no report; log:\n${r.stderr.slice(-3000)}\n`);
  const lines = [`[${title}] exit ${r.code} outcome ${r.report?.outcome}: ${r.report?.reason}`];
  for (const h of r.report?.hosts ?? []) lines.push(`  ${h.name}: ${h.result} ${h.previous} → ${h.final} healthy=${h.healthy} | ${h.detail}${h.manual ? ` | manual: ${h.manual}` : ''}`);
  process.stdout.write(lines.join('\n') + '\n');
}

async function setup(app: string, port: number, v1: string, extra?: (c: Record<string, any>) => void): Promise<void> {
  resetApp(app);
  const r = await deployWith(['deploy', '--config', config(app, port, extra), '--version', v1, '--json']);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
}

/** Root-namespace pids of the sshd processes inside a lab host (the listener and sessions). */
function sshdPids(h: string): string[] {
  return onHost(h, `for p in /proc/[0-9]*; do [ "$(cat $p/comm 2>/dev/null)" = sshd ] && echo \${p#/proc/}; done; true`)
    .split('\n')
    .filter(Boolean);
}

/** Pushes the builder's image of `from` under more tags (a private docker CLI config). */
function retag(from: string, tags: string[]): void {
  const env = labEnv();
  const dir = mkdtempSync(join(tmpdir(), 'rollwatch-dockercfg-'));
  const docker = (args: string[], input?: string) =>
    execFileSync('docker', ['-H', env.LAB_BUILDER_DOCKER_HOST, ...args], { env: { ...process.env, DOCKER_CONFIG: dir }, input, stdio: ['pipe', 'pipe', 'pipe'] });
  docker(['login', '-u', env.LAB_REGISTRY_USER, '--password-stdin', env.LAB_REGISTRY], readFileSync(env.LAB_REGISTRY_PASSWORD_FILE, 'utf8'));
  for (const t of tags) {
    docker(['tag', `${env.LAB_REGISTRY}/demo:${from}`, `${env.LAB_REGISTRY}/demo:${t}`]);
    docker(['push', `${env.LAB_REGISTRY}/demo:${t}`]);
  }
}

interface MidRolloutDeploy {
  app: string;
  port: number;
  v1: string;
  v2: string;
  r: CliResult & { log: string };
}

/**
 * Deploys v2 over v1 (slow-starting, so h2 is caught mid-rollout) and runs `fault` once h2 runs
 * v2 during the second batch.
 */
async function deployWhileH2Rolls(app: string, port: number, inject: () => Promise<void>): Promise<MidRolloutDeploy> {
  const v1 = ver('v1');
  const v2 = ver('v2');
  await setup(app, port, v1);
  const cfg = config(app, port, (c) => (c.container.env.DEMO_START_DELAY = '2'));
  const r = await deployWith(
    ['deploy', '--config', cfg, '--version', v2, '--json'],
    [
      {
        on: /rollout batch 2\/3/,
        action: async () => {
          await untilRunning('h2', app, v2);
          await inject();
        },
      },
    ],
  );
  expect(r.stderr).not.toMatch(/internal error/);
  return { app, port, v1, v2, r };
}

/** Either the rollout rode the fault out (all on v2) or undid itself (all on v1); report and hosts agree. */
async function expectRiddenOutOrUndone({ app, port, v1, v2, r }: MidRolloutDeploy): Promise<void> {
  expectTruthful(r, app);
  const final = Object.fromEntries(r.report.hosts.map((h: any) => [h.name, h.final]));
  expect(final).toEqual(all(r.code === 0 ? v2 : v1));
  await expectClean(app, port, final, [v1, v2]);
  resetApp(app);
}

/** h2 could not be reached to the end: it is named with its last known state and a command that, run by hand, leaves it clean. */
async function expectH2LeftForHand({ app, port, v1, v2, r }: MidRolloutDeploy): Promise<void> {
  expect(r.code).toBe(1);
  const h2 = hostReport(r, 'h2');
  expect(h2.result).toBe('failed');
  expect(h2.manual).toMatch(/ssh root@10\.213\.0\.12 /);
  expect(h2.detail).toMatch(/last known state: /);
  expect(hostReport(r, 'h1').result).toBe('rolled-back');
  expectTruthful(r, app);
  finishByHand(h2.manual);
  await expectClean(app, port, all(v1), [v1, v2]);
  resetApp(app);
}

/** Stops h2's sshd and ends its sessions too (by pid, inside the lab host). */
function killSshd(h: string): void {
  const pids = sshdPids(h);
  fault(h, 'sshd-stop', 'sshd-start');
  for (const p of pids) onHost(h, `kill -TERM ${p} 2>/dev/null; true`);
}

describe('fault matrix', () => {
  it('2: a host link cut mid-rollout for 8 s (within the SSH keepalive): the rollout rides it out; report and hosts agree', async () => {
    const d = await deployWhileH2Rolls('f-link', 8090, async () => {
      fault('h2', 'link-down', 'link-up');
      await sleep(8000);
      lab('fault', 'h2', 'link-up');
    });
    show('link cut 8 s', d.r);
    await expectRiddenOutOrUndone(d);
  });

  it('2b: a host link cut to the end of the run: the report names the host, its last known state and the command to finish by hand', async () => {
    const d = await deployWhileH2Rolls('f-link-end', 8091, async () => fault('h2', 'link-down', 'link-up'));
    lab('fault', 'h2', 'link-up');
    show('link cut to the end', d.r);
    expect(hostReport(d.r, 'h2').detail).toMatch(/the deploy lock of this run is still held on this host/);
    await expectH2LeftForHand(d);
  });

  it('3: sshd dies on a host between two steps (sessions cut, back 1 s later): the next step reconnects; report and hosts agree', async () => {
    // the next command reconnects (sshd is back): the rollout goes on. Had the cut hit a command
    // in flight, that host would be restored and the run failed; either way the report says so.
    const d = await deployWhileH2Rolls('f-sshd', 8092, async () => {
      killSshd('h2');
      await sleep(1000);
      lab('fault', 'h2', 'sshd-start');
    });
    show('sshd dies between steps', d.r);
    await expectRiddenOutOrUndone(d);
  });

  it('3b: sshd dies on a host and stays down: manual command named; finishing by hand leaves a clean host', async () => {
    const d = await deployWhileH2Rolls('f-sshd-end', 8093, async () => killSshd('h2'));
    lab('fault', 'h2', 'sshd-start');
    show('sshd down to the end', d.r);
    expect(hostReport(d.r, 'h2').detail).toMatch(/h2/);
    await expectH2LeftForHand(d);
  });

  it('13: a slow host (blackholed 6 s during its rollout: timeouts, not refusals): the rollout waits it out and promotes', async () => {
    const APP = 'f-slow';
    const PORT = 8094;
    const v1 = ver('v1');
    const v2 = ver('v2');
    await setup(APP, PORT, v1);
    const t0 = Date.now();
    const r = await deployWith(
      ['deploy', '--config', config(APP, PORT), '--version', v2, '--json'],
      [
        {
          on: /rollout batch 2\/3/,
          action: async () => {
            fault('h2', 'blackhole', 'unblackhole');
            await sleep(6000);
            lab('fault', 'h2', 'unblackhole');
          },
        },
      ],
    );
    show('slow host', r);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.report.outcome).toBe('promoted');
    expect(Date.now() - t0).toBeGreaterThan(6000);
    await expectClean(APP, PORT, all(v2), [v1, v2]);
    resetApp(APP);
  });

  it('12: the Docker engine of a host restarts during its rollout: every host ends on one healthy release, report truthful', async () => {
    const d = await deployWhileH2Rolls('f-dockerd', 8095, async () => {
      lab('fault', 'h2', 'dockerd-restart');
    });
    show('dockerd restart', d.r);
    if (d.r.report.outcome !== 'promoted') expect(d.r.report.outcome).toBe('failed');
    await expectRiddenOutOrUndone(d);
  });

  it('7: the new container crash-loops: first host restored with the crash in its logs, the others untouched', async () => {
    const APP = 'f-crash';
    const PORT = 8096;
    const v1 = ver('v1');
    const v2 = ver('crash');
    await setup(APP, PORT, v1);
    const r = await deployWith(['deploy', '--config', config(APP, PORT, (c) => ((c.container.env.DEMO_CRASH = '1'), (c.health.timeout = '10s'))), '--version', v2, '--json']);
    show('crash loop', r);
    expect(r.code).toBe(1);
    const h1 = hostReport(r, 'h1');
    expect(h1.result).toBe('restored');
    expect(h1.final).toBe(v1);
    expect(h1.logs).toMatch(/DEMO_CRASH=1, exiting/);
    expect([hostReport(r, 'h2').result, hostReport(r, 'h3').result]).toEqual(['untouched', 'untouched']);
    await expectClean(APP, PORT, all(v1), [v1]);
    resetApp(APP);
  });

  it('8: the health endpoint flaps (passes the gate, fails inside the window): rolled back everywhere', async () => {
    const APP = 'f-flap';
    const PORT = 8097;
    const v1 = ver('v1');
    const v2 = ver('flap');
    await setup(APP, PORT, v1);
    const cfg = config(APP, PORT, (c) => {
      c.container.env.DEMO_HEALTH_FAIL_AFTER = '4';
      c.rollout = { batchSize: 3 };
      c.verify = { interval: '1s', baseline: '4s', window: '20s', probe: { rate: 5 }, host: { enabled: false } };
    });
    const r = await deployWith(['deploy', '--config', cfg, '--version', v2, '--json']);
    show('health flaps', r);
    expect(r.code).toBe(3);
    expect(r.report.outcome).toBe('rolled-back');
    expect(r.report.verification.verdict).toBe('fail');
    expect(r.report.verification.deciding).toMatch(/health/);
    for (const h of r.report.hosts) expect([h.name, h.result, h.final]).toEqual([h.name, 'rolled-back', v1]);
    await expectClean(APP, PORT, all(v1), [v1, v2]);
    resetApp(APP);
  });

  it('8n: the flapping release of 8 with notify: webhooks: the Slack receiver gets the rolled-back message, a receiver failing with 500 is tried 3 times and changes nothing', async () => {
    const APP = 'f-notify';
    const PORT = 8105;
    const v1 = ver('v1');
    const v2 = ver('flap');
    const TOKEN = `xox${randomBytes(8).toString('hex')}`;
    const slack = await startRecorder(() => ({ status: 200, body: 'ok' }));
    const failing = await startRecorder(() => ({ status: 500, body: 'down' }));
    try {
      await setup(APP, PORT, v1);
      const cfg = config(APP, PORT, (c) => {
        c.container.env.DEMO_HEALTH_FAIL_AFTER = '4';
        c.rollout = { batchSize: 3 };
        c.verify = { interval: '1s', baseline: '4s', window: '20s', probe: { rate: 5 }, host: { enabled: false } };
        c.notify = [
          { url: { fromEnv: 'NOTIFY_SLACK_URL' }, format: 'slack' },
          { url: `${failing.url}/hook`, format: 'json', on: ['rolled-back', 'failed'], timeout: '1s' },
        ];
      });
      const r = await cli(['deploy', '--config', cfg, '--version', v2, '--json'], { env: { NOTIFY_SLACK_URL: `${slack.url}/services/T0/B0/${TOKEN}` } });
      show('health flaps, notify', r);
      expect(r.code).toBe(3);
      expect(r.report.outcome).toBe('rolled-back');
      expect(slack.requests).toHaveLength(1);
      expect(slack.requests[0].path).toBe(`/services/T0/B0/${TOKEN}`);
      const body = slack.requests[0].body as { text: string; attachments: { color: string; text: string }[] };
      mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
      writeFileSync(join(ROOT, 'artifacts/notify-slack-rolled-back.json'), JSON.stringify(body, null, 2) + '\n'); // shown in the docs
      expect(body.text).toMatch(new RegExp(`^:leftwards_arrow_with_hook: \\*rollwatch deploy: ${APP} ${v2} rolled back to ${v1}\\*\n`));
      expect(body.attachments[0].text).toMatch(/^\*Deciding metric:\* \S*health/);
      for (const h of HOSTS()) expect(body.attachments[0].text).toContain(`• ${h}: ${v1} → ${v2} → ${v1} (rolled-back)`);
      expect(failing.requests).toHaveLength(3);
      expect((failing.requests[0].body as { event: string }).event).toBe('rolled-back');
      expect(r.stderr).toMatch(/notify slack http:\/\/127\.0\.0\.1:\d+\/\*\*\*: sent/);
      expect(r.stderr).toMatch(/notify json http:\/\/127\.0\.0\.1:\d+\/\*\*\*: failed after 3 attempts: HTTP 500: "down" \(the deploy is not affected\)/);
      expect(r.stderr + r.stdout).not.toContain(TOKEN);
      await expectClean(APP, PORT, all(v1), [v1, v2]);
    } finally {
      await slack.close();
      await failing.close();
      resetApp(APP);
    }
  });

  it('9: Prometheus returns empty results (a query that matches nothing): inconclusive, kept, a warning says so', async () => {
    const APP = 'f-promempty';
    const PORT = 8098;
    const v1 = ver('v1');
    const v2 = ver('v2');
    await setup(APP, PORT, v1);
    const cfg = config(APP, PORT, (c) => {
      c.rollout = { batchSize: 3 };
      c.verify = {
        interval: '1s',
        baseline: '3s',
        window: '5s',
        probe: { enabled: false },
        host: { enabled: false },
        prometheus: { queries: [{ name: 'nothing', query: 'sum(rate(demo_requests_total{instance="no-such-instance:1"}[5s]))' }] },
      };
    });
    const r = await deployWith(['deploy', '--config', cfg, '--version', v2, '--json']);
    show('prometheus empty', r);
    expect(r.code).toBe(0);
    expect(r.report.outcome).toBe('inconclusive');
    expect(r.report.verification.verdict).toBe('inconclusive');
    expect(r.report.verification.warnings.join('\n')).toMatch(/prom\.nothing: Prometheus answered, but the query matched no series in any of the \d+ samples of the window/);
    await expectClean(APP, PORT, all(v2), [v1, v2]);
    resetApp(APP);
  });

  it('11: two deploys of the same app start at once: exactly one wins, the other is refused naming the holder', async () => {
    const APP = 'f-race';
    const PORT = 8099;
    const v1 = ver('v1');
    const a = ver('a');
    const b = ver('b');
    await setup(APP, PORT, v1);
    // both images are in the registry first, so the two runs skip the build and meet at the lock
    retag(v1, [a, b]);
    const [ra, rb] = await Promise.all([deployWith(['deploy', '--config', config(APP, PORT), '--version', a, '--json']), deployWith(['deploy', '--config', config(APP, PORT), '--version', b, '--json'])]);
    show('race a', ra);
    show('race b', rb);
    const codes = [ra.code, rb.code].sort();
    expect(codes).toEqual([0, 1]);
    const [winner, loser] = ra.code === 0 ? [ra, rb] : [rb, ra];
    expect(loser.report.reason).toMatch(/the deploy lock of f-race is held, nothing was changed/);
    expect(loser.report.reason).toMatch(new RegExp(`held by run ${winner.report.runId}`));
    await expectClean(APP, PORT, all(winner.report.version), [v1, a, b]);
    resetApp(APP);
  });

  it('14: a rollback where the previous release was removed by hand on one host is refused before anything changes', async () => {
    const APP = 'f-rbgone';
    const PORT = 8100;
    const v1 = ver('v1');
    const v2 = ver('v2');
    await setup(APP, PORT, v1);
    expect((await deployWith(['deploy', '--config', config(APP, PORT, (c) => (c.rollout = { batchSize: 3 })), '--version', v2, '--json'])).code).toBe(0);
    const gone = containers('h2', APP).find((c) => c.version === v1)!;
    onHost('h2', `docker rm ${gone.name}`);
    const before = HOSTS().map((h) => running(h, APP)[0].id);
    const r = await deployWith(['rollback', '--config', config(APP, PORT), '--json']);
    show('rollback, previous removed by hand', r);
    expect(r.code).toBe(1);
    expect(r.report.reason).toMatch(/no previous release is retained on h2; nothing was changed/);
    const named = await deployWith(['rollback', '--config', config(APP, PORT), '--version', v1, '--json']);
    show('rollback --version, previous removed by hand', named);
    expect(named.code).toBe(1);
    expect(named.report.reason).toMatch(new RegExp(`version ${v1} is not retained on h2; nothing was changed`));
    expect(HOSTS().map((h) => running(h, APP)[0].id)).toEqual(before);
    await expectClean(APP, PORT, all(v2), [v1, v2]);
    resetApp(APP);
  });

  it('4a: the registry goes down during the push: the build step fails, no host touched', async () => {
    const APP = 'f-regpush';
    const PORT = 8101;
    const v1 = ver('v1');
    const v2 = ver('v2');
    await setup(APP, PORT, v1);
    const before = HOSTS().map((h) => running(h, APP)[0].id);
    const r = await deployWith(['deploy', '--config', config(APP, PORT), '--version', v2, '--json'], [{ on: /building /, action: () => fault('registry', 'stop', 'start') }]);
    lab('fault', 'registry', 'start');
    show('registry down during push', r);
    expect(r.code).toBe(1);
    expect(r.report.reason).toMatch(/push of 10\.213\.0\.1:5001\/demo:\S+ (was refused|failed)/);
    for (const h of r.report.hosts) expect([h.name, h.result, h.final]).toEqual([h.name, 'untouched', v1]);
    expect(HOSTS().map((h) => running(h, APP)[0].id)).toEqual(before);
    await expectClean(APP, PORT, all(v1), [v1]);
    resetApp(APP);
  });

  it('4b: the registry goes down during the pull: pull retried then given up, no host changed', async () => {
    const APP = 'f-regpull';
    const PORT = 8102;
    const v1 = ver('v1');
    const v2 = ver('v2');
    await setup(APP, PORT, v1);
    const before = HOSTS().map((h) => running(h, APP)[0].id);
    // The first host's pull now starts within milliseconds of the batch (no docker CLI, no login
    // before it): the registry is killed by its PID at once, not stopped through the lab script.
    const r = await deployWith(['deploy', '--config', config(APP, PORT), '--version', v2, '--json'], [{ on: /rollout batch 1\/3/, action: killRegistry }]);
    lab('fault', 'registry', 'start');
    show('registry down during pull', r);
    expect(r.code).toBe(1);
    const h1 = hostReport(r, 'h1');
    expect(h1.final).toBe(v1);
    expect(h1.detail).toMatch(/h1: (registry login|pulling \S+) failed/);
    expect(h1.detail).toMatch(/connection refused/i);
    for (const h of r.report.hosts) expect([h.name, h.result]).toEqual([h.name, 'untouched']);
    expect(HOSTS().map((h) => running(h, APP)[0].id)).toEqual(before);
    await expectClean(APP, PORT, all(v1), [v1]);
    resetApp(APP);
  });

  it('5: the push progress stream carries an error (a proxy fails the manifest PUT): the build step fails, no host touched', async () => {
    const APP = 'f-pushstream';
    const PORT = 8103;
    const v1 = ver('v1');
    const v2 = ver('v2');
    await setup(APP, PORT, v1);
    // 127.0.0.1:5002 inside the builder's netns (loopback registries are insecure by default)
    const proxy = `
      const http = require('http');
      http.createServer((req, res) => {
        if (req.method === 'PUT' && /\\/manifests\\//.test(req.url)) {
          req.resume();
          req.on('end', () => { res.writeHead(500, { 'Content-Type': 'application/json' }); res.end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'injected: manifest upload failed' }] })); });
          return;
        }
        const up = http.request({ host: '10.213.0.1', port: 5001, method: req.method, path: req.url, headers: req.headers }, (r) => { res.writeHead(r.statusCode, r.headers); r.pipe(res); });
        up.on('error', () => res.destroy());
        req.pipe(up);
      }).listen(5002, '127.0.0.1', () => console.log('listening'));
      process.stdin.on('end', () => process.exit(0));
      process.stdin.resume();
      setTimeout(() => process.exit(0), 240000);`;
    const child = spawn('bash', [join(ROOT, 'scripts/lab'), 'exec', 'builder', '--', process.execPath, '-e', proxy], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d) => /listening/.test(String(d)) && resolve());
        child.on('exit', () => reject(new Error('proxy exited')));
        setTimeout(() => reject(new Error('proxy did not start')), 15_000);
      });
      const cfg = config(APP, PORT, (c) => {
        c.image.repository = '127.0.0.1:5002/demo';
        c.registry.server = '127.0.0.1:5002';
      });
      const before = HOSTS().map((h) => running(h, APP)[0].id);
      const r = await deployWith(['deploy', '--config', cfg, '--version', v2, '--json']);
      show('push stream error', r);
      expect(r.code).toBe(1);
      expect(r.report.reason).toMatch(/push of 127\.0\.0\.1:5002\/demo:\S+ failed: .*(500|injected|Internal Server Error)/);
      for (const h of r.report.hosts) expect([h.name, h.result, h.final]).toEqual([h.name, 'untouched', v1]);
      expect(HOSTS().map((h) => running(h, APP)[0].id)).toEqual(before);
      await expectClean(APP, PORT, all(v1), [v1]);
    } finally {
      child.stdin.end();
    }
    resetApp(APP);
  });

  it('6: a host disk is full (pull fails: a 64 KiB tmpfs over its engine tmp dir): the host stays on the old release, first host rolled back', async () => {
    const APP = 'f-disk';
    const PORT = 8104;
    const v1 = ver('v1');
    const v2 = ver('big');
    await setup(APP, PORT, v1);
    // a build context whose image has a layer of its own (3 MB of random bytes), so the pull downloads it
    const context = mkdtempSync(join(tmpdir(), 'rollwatch-big-'));
    cpSync(labEnv().LAB_DEMO_CONTEXT, context, { recursive: true });
    writeFileSync(join(context, 'pad.bin'), randomBytes(3 << 20));
    appendFileSync(join(context, 'Dockerfile'), '\nCOPY pad.bin /pad.bin\n');
    const tmp = `${labEnv().LAB_DIR}/hosts/h2/docker/tmp`;
    onHost('h2', `mount -t tmpfs -o size=64k rwlab-full ${tmp}`);
    undo.push(() => onHost('h2', `umount ${tmp}`));
    const r = await deployWith(['deploy', '--config', config(APP, PORT, (c) => (c.image.build.context = context)), '--version', v2, '--json']);
    show('disk full', r);
    expect(r.code).toBe(1);
    const h2 = hostReport(r, 'h2');
    expect(h2.detail).toMatch(/no space left on device/);
    expect(h2.final).toBe(v1);
    expect(h2.result).toBe('untouched');
    expect(hostReport(r, 'h1').result).toBe('rolled-back');
    expect(hostReport(r, 'h3').result).toBe('untouched');
    await expectClean(APP, PORT, all(v1), [v1, v2]);
    resetApp(APP);
  });
});
