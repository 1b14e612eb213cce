/**
 * Every mode of the action run the way the GitHub runner runs it (action.yml parsed, main, then
 * post with main's state), against the lab: the post step changes nothing after a main step
 * that finished, acts only on state it can prove is its own, and one job never touches
 * another's lock. Plus status on a split fleet, and a canary whose later batch goes bad.
 *
 * Windows and baselines are shortened (seconds, not minutes) to keep CI short.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { cli, containers, labEnv, onHost, resetApp, running, runTag, writeConfig, HOSTS } from './support/lab';
import { killWhen, labActionInputs, runMainThenPost, runStep, type StepResult } from './support/runner';

const APP = 'trust';
const PORT = 8093;
let n = 0;
const version = (what: string) => `${what}-${runTag}-${++n}`;

const FAST_HEALTH = { path: '/health', timeout: '20s', interval: '300ms' };

/** Action inputs with a config file for what inputs do not cover. */
function inputs(mode: string, extra: Record<string, string> = {}, settings: Record<string, unknown> = { verify: { enabled: false } }): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'rollwatch-trust-'));
  writeFileSync(join(dir, 'rollwatch.yml'), YAML.stringify({ rollout: { batchSize: 1 }, health: FAST_HEALTH, ...settings }));
  return { ...labActionInputs(APP, PORT), mode, config: join(dir, 'rollwatch.yml'), ...extra };
}

/** What each host has of the app: container id → running, version. */
const snapshot = () => Object.fromEntries(HOSTS().map((h) => [h, containers(h, APP).map((c) => `${c.id.slice(0, 12)} ${c.version} ${c.running ? 'running' : 'stopped'}`).sort()]));
const versionsOn = (h: string) => running(h, APP).map((c) => c.version);
const lockHolder = (h: string) => onHost(h, `cat /root/.rollwatch/${APP}/lock/holder.json 2>/dev/null || echo free`).trim();
const takeLockAs = (h: string, run: string) => onHost(h, `mkdir -p /root/.rollwatch/${APP}/lock && printf '%s' '{"run":"${run}","command":"deploy","since":"2026-12-06T00:00:00Z"}' > /root/.rollwatch/${APP}/lock/holder.json`);
const dropLock = (h: string) => onHost(h, `rm -rf /root/.rollwatch/${APP}/lock`);

/** The post step left every host exactly as the main step did, and said nothing about recovering. */
function expectPostChangedNothing(post: StepResult, before: ReturnType<typeof snapshot>) {
  expect(post.code).toBe(0);
  expect(post.stdout).not.toMatch(/returning|restored|::error::/);
  expect(snapshot()).toEqual(before);
}

/** A process warning (MaxListenersExceededWarning and the like) is noise a user reads as a leak. */
const expectNoProcessWarning = (r: { stderr: string; stdout: string }) => expect(r.stderr + r.stdout).not.toMatch(/\(node:\d+\) \w*Warning|MaxListenersExceeded/);

describe('trust: the post step and every mode, as the runner runs them', () => {
  let v1 = '';
  let v2 = '';
  beforeAll(async () => {
    resetApp(APP);
    v1 = version('v1');
    v2 = version('v2');
    for (const v of [v1, v2]) {
      const r = await runStep({ phase: 'main', inputs: inputs('deploy', { version: v }) });
      expect(r.outputs.outcome).toBe('promoted');
    }
  });
  afterAll(() => resetApp(APP));

  it('mode rollback: every host stays on the rolled-back release with the newer one retained; the post step changes nothing', async () => {
    const { main, post } = await runMainThenPost({ inputs: inputs('rollback') });
    expect(main.outputs.outcome).toBe('ok');
    expect(main.outputs['rolled-back']).toBe('true');
    expect(main.outputs.version).toBe(v1);
    expect(JSON.parse(main.state.checkpoint)).toMatchObject({ command: 'rollback', phase: 'done', touched: {} });
    const before = snapshot();
    expectPostChangedNothing(post, before);
    for (const h of HOSTS()) {
      expect(versionsOn(h)).toEqual([v1]);
      expect(containers(h, APP).filter((c) => !c.running).map((c) => c.version)).toEqual([v2]);
      expect(lockHolder(h)).toBe('free');
    }
  });

  it('mode status, verify and plan: the post step changes nothing', async () => {
    for (const mode of ['status', 'verify', 'plan']) {
      const before = snapshot();
      const { main, post } = await runMainThenPost({ inputs: inputs(mode, {}, { verify: { interval: '1s', window: '3s', baseline: '0s', probe: { rate: 5 } } }) });
      expect([mode, main.outputs.outcome]).toEqual([mode, mode === 'verify' ? expect.stringMatching(/^(ok|inconclusive)$/) : 'ok']);
      expectPostChangedNothing(post, before);
    }
  });

  it('status: a fleet split between releases fails and says who runs what; nothing retained is only a warning', async () => {
    onHost('h3', `docker stop -t 2 ${APP}-${v1} >/dev/null && docker start ${APP}-${v2} >/dev/null`);
    try {
      const { main, post } = await runMainThenPost({ inputs: inputs('status') });
      expect(main.outputs.outcome).toBe('failed');
      expect(main.code).toBe(1);
      expect(main.stdout).toMatch(new RegExp(`hosts run different versions: .* on ${v1}; .* on ${v2}`));
      expectPostChangedNothing(post, snapshot());
    } finally {
      onHost('h3', `docker stop -t 2 ${APP}-${v2} >/dev/null && docker start ${APP}-${v1} >/dev/null`);
    }
    const cfg = writeConfig((c) => {
      c.app = `${APP}-first`;
      c.container = { ...c.container, port: PORT + 1, env: { PORT: String(PORT + 1) } };
      c.health = FAST_HEALTH;
      c.verify = { enabled: false };
    });
    const first = version('first');
    try {
      expect((await cli(['deploy', '--config', cfg, '--version', first, '--json'])).code).toBe(0);
      const r = await cli(['status', '--config', cfg, '--json']);
      expect(r.code).toBe(0);
      expect(r.report.outcome).toBe('ok');
      expect(r.report.warnings.join('\n')).toMatch(/no previous release is retained, so there is nothing to roll back to/);
    } finally {
      resetApp(`${APP}-first`);
    }
  });

  it('deploy promoted, rolled back, refused by preflight, and failed: the post step changes nothing after any of them', async () => {
    const promoted = await runMainThenPost({ inputs: inputs('deploy', { version: version('v3') }) });
    expect(promoted.main.outputs.outcome).toBe('promoted');
    expectPostChangedNothing(promoted.post, snapshot());

    const verify = { verify: { interval: '1s', baseline: '6s', window: '12s', probe: { rate: 5, timeout: '2s' } } };
    const bad = await runMainThenPost({ inputs: inputs('deploy', { version: version('errors'), env: `PORT=${PORT}\nDEMO_ERROR_RATIO=0.6` }, verify) });
    expect(bad.main.outputs.outcome).toBe('rolled-back');
    expectNoProcessWarning(bad.main);
    expectPostChangedNothing(bad.post, snapshot());

    takeLockAs('h2', 'another-run');
    try {
      const refused = await runMainThenPost({ inputs: inputs('deploy', { version: version('refused') }) });
      expect(refused.main.outputs.outcome).toBe('failed');
      expect(refused.main.stdout).toMatch(/the deploy lock of trust is held, nothing was changed/);
      expectPostChangedNothing(refused.post, snapshot());
      expect(lockHolder('h2')).toMatch(/"run":"another-run"/);
    } finally {
      dropLock('h2');
    }

    const failed = await runMainThenPost({ inputs: inputs('deploy', { version: version('crash'), env: `PORT=${PORT}\nDEMO_CRASH=1` }) });
    expect(failed.main.outputs.outcome).toBe('failed');
    expectPostChangedNothing(failed.post, snapshot());
    for (const h of HOSTS()) expect(lockHolder(h)).toBe('free');
  });

  describe('a checkpoint that is not the post step’s own changes nothing', () => {
    const addr = (h: string) => labEnv()[`LAB_ADDR_${h}`];
    const checkpoint = (over: Record<string, unknown>) => JSON.stringify({ runId: 'gh-1-1-aaaaaaaaaaaa', app: APP, command: 'deploy', version: 'evil', phase: 'rollout', touched: { [addr('h1')]: `${APP}-${v1}` }, lockedHosts: [addr('h1')], ...over });

    it.each([
      ['corrupt', () => '{"runId":"x","touched":', /saved checkpoint is unreadable \(not JSON/],
      ['forged (a hostile version)', () => checkpoint({ version: '-rf' }), /saved checkpoint is unreadable \(version: a version/],
      ['of another app', () => checkpoint({ app: 'billing', touched: { [addr('h1')]: 'billing-v1' } }), /it belongs to app "billing"/],
      ['naming an unknown host', () => checkpoint({ touched: { 'db-9.internal': `${APP}-${v1}` }, lockedHosts: ['db-9.internal'] }), /names host\(s\) not in the config: db-9\.internal/],
      ['naming a container that is not a release of the app', () => checkpoint({ touched: { [addr('h1')]: 'postgres' } }), /not releases of trust/],
    ])('%s', async (_name, make, message) => {
      const before = snapshot();
      const post = await runStep({ phase: 'post', inputs: inputs('deploy'), state: { checkpoint: make() } });
      expect(post.stdout).toMatch(message);
      expect(snapshot()).toEqual(before);
    });

    it('a well-formed one whose hosts are locked by another run: left as they are, and said why', async () => {
      takeLockAs('h1', 'another-run');
      try {
        const before = snapshot();
        const post = await runStep({ phase: 'post', inputs: inputs('deploy'), state: { checkpoint: checkpoint({}) } });
        expect(post.stdout).toMatch(/did not touch .*its deploy lock is held by run another-run/);
        expect(post.code).toBe(1);
        expect(snapshot()).toEqual(before);
        expect(lockHolder('h1')).toMatch(/"run":"another-run"/);
      } finally {
        dropLock('h1');
      }
    });
  });

  it('two jobs of one workflow run: distinct run ids; neither releases the other’s lock', async () => {
    const sameRun = { GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'deploy' };
    const slow = version('slow');
    // job A is killed mid-rollout and keeps its lock
    const jobA = await runStep({
      phase: 'main',
      inputs: inputs('deploy', { version: slow, env: `PORT=${PORT}\nDEMO_START_DELAY=3` }),
      env: sameRun,
      onStart: killWhen(/::group::rollout batch 1\/3/, 800),
    });
    expect(jobA.signal).toBe('SIGKILL');
    const runA = jobA.state['run-id'];
    // job B of the same workflow run is refused by A's lock; its post step leaves A's lock alone
    const jobB = await runMainThenPost({ inputs: inputs('deploy', { version: version('jobb') }), env: sameRun });
    const runB = jobB.main.state['run-id'];
    expect(runA).toMatch(/^gh-4242-1-[0-9a-f]{12}$/);
    expect(runB).toMatch(/^gh-4242-1-[0-9a-f]{12}$/);
    expect(runB).not.toBe(runA);
    expect(jobB.main.outputs.outcome).toBe('failed');
    expect(jobB.main.summary).toMatch(new RegExp(`held by run ${runA}`));
    expect(lockHolder('h1')).toContain(`"run":"${runA}"`);
    // A's own post step finishes A's work
    const postA = await runStep({ phase: 'post', inputs: inputs('deploy', { version: slow }), state: jobA.state, env: sameRun });
    expect(postA.stdout).toMatch(/::warning::the main step stopped during rollout of deploy/);
    expect(postA.code).toBe(0);
    for (const h of HOSTS()) {
      expect(lockHolder(h)).toBe('free');
      expect(versionsOn(h)).not.toContain(slow);
      expect(versionsOn(h)).toHaveLength(1);
    }
  });

  it('canary: a release that goes bad on a later batch, after the canary passed, is rolled back by the fleet window', async () => {
    const base = versionsOn('h1')[0];
    const late = version('late');
    const cfg = writeConfig((c) => {
      c.app = APP;
      c.container = { ...c.container, port: PORT, env: { PORT: String(PORT) } };
      c.health = FAST_HEALTH;
      c.rollout = { canary: true, batchSize: 1 };
      c.verify = { interval: '1s', baseline: '10s', window: '8s', probe: { rate: 5, timeout: '1s' } };
    });
    // the last batch's host starves the new release once it is up (as a bad host or a noisy
    // neighbour would): its requests hang while the canary on h1 stays fine
    const saboteur = spawn('bash', ['scripts/lab', 'exec', 'h3', '--', 'sh', '-c', `for i in $(seq 600); do s=$(docker inspect -f '{{.State.StartedAt}}' ${APP}-${late} 2>/dev/null) && break; sleep 0.1; done; sleep 2; docker pause ${APP}-${late}`], { stdio: 'ignore' });
    try {
      const r = await cli(['deploy', '--config', cfg, '--version', late, '--json']);
      expect([r.report.outcome, r.report.reason]).toEqual(['rolled-back', expect.stringMatching(/^verification fail/)]);
      expect(r.report.verification.canary).toMatchObject({ hosts: ['h1'], verdict: 'pass' });
      expect(r.report.verification.verdict).toBe('fail');
      expect(r.report.hosts.map((h: { result: string }) => h.result)).toEqual(['rolled-back', 'rolled-back', 'rolled-back']);
      for (const h of HOSTS()) expect(versionsOn(h)).toEqual([base]);
    } finally {
      saboteur.kill();
    }
  });

  it('a rollback checks the old release with the health port and path it was deployed with, not today’s', async () => {
    const app = `${APP}-moved`;
    const cfgFor = (port: number, path: string) =>
      writeConfig((c) => {
        c.app = app;
        c.container = { ...c.container, port, env: { PORT: String(port) } };
        c.health = { ...FAST_HEALTH, path };
        c.verify = { enabled: false };
      });
    const [old, moved] = [version('old-port'), version('new-port')];
    try {
      expect((await cli(['deploy', '--config', cfgFor(PORT + 2, '/health'), '--version', old, '--json'])).code).toBe(0);
      // the new release moves to another port; the demo app answers any path, so "/" stands for a new health path
      const now = cfgFor(PORT + 3, '/');
      expect((await cli(['deploy', '--config', now, '--version', moved, '--json'])).code).toBe(0);
      const r = await cli(['rollback', '--config', now, '--json']);
      expect([r.report.outcome, r.report.reason]).toEqual(['ok', `all hosts on ${old}`]);
      for (const h of HOSTS()) expect(running(h, app).map((c) => c.version)).toEqual([old]);
    } finally {
      resetApp(app);
    }
  });
});
