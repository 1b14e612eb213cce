/**
 * The one deploy pipeline (src/engine/pipeline.ts) driven against an in-memory target: every
 * branch of preflight → build → baseline → rollout → verify → decide → rollback → report, with a
 * fake clock so windows take no time. Only the registry lookup (an adapter) is replaced.
 */
import { jest, describe, it, expect } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildConfig } from '../../../src/config/load';
import type { Checkpoint, RunContext } from '../../../src/engine/context';
import type { Clock } from '../../../src/util/clock';
import { streamLogger } from '../../../src/util/log';
import { configErrorOf, fakeSources, minimalRaw } from '../../fixtures/core/config';
import { MemoryTarget, type MemoryBehaviour } from '../../fixtures/core/memory-target';

jest.unstable_mockModule('../../../src/docker/image', () => ({
  buildAndPush: async () => {
    throw new Error('the tests use a prebuilt image');
  },
  resolveExisting: async (_host: unknown, repository: string, version: string) => ({ imageRef: `${repository}@sha256:${'a'.repeat(64)}`, tagRef: `${repository}:${version}`, digest: `sha256:${'a'.repeat(64)}`, built: false }),
  // the registry holds exactly one prebuilt image besides the tagged releases
  resolvePinned: async (_host: unknown, repository: string, digest: string) => (digest === PINNED ? { imageRef: `${repository}@${digest}`, tagRef: `${repository}@${digest}`, digest, built: false } : null),
}));
const PINNED = `sha256:${'b'.repeat(64)}`;
const { deploy } = await import('../../../src/engine/pipeline');
const { runCommand } = await import('../../../src/engine/run');

/** Time moves only when the pipeline sleeps. */
function fakeClock(): Clock {
  let t = Date.parse('2026-12-07T05:00:00Z');
  return { now: () => t, sleep: async (ms) => void (t += Math.max(0, ms)) };
}

function setup(raw: Record<string, unknown> = {}, behaviour: MemoryBehaviour = {}) {
  const config = buildConfig({ ...minimalRaw(), hosts: ['h1', 'h2', 'h3'], verify: { enabled: false }, ...raw }, fakeSources());
  const target = new MemoryTarget(config, behaviour);
  const checkpoints: Checkpoint[] = [];
  const controller = new AbortController();
  const ctx: RunContext = { config, log: streamLogger(() => undefined), clock: fakeClock(), runId: 'run-1', signal: controller.signal, command: 'deploy', commit: null, actor: null, onCheckpoint: (c) => checkpoints.push(c) };
  return { config, target, ctx, checkpoints, controller };
}

const window = { enabled: true, window: '1m', interval: '5s', warmup: '0s', baseline: '1m', probe: { enabled: false }, host: { enabled: true } };

describe('the deploy pipeline on an in-memory target', () => {
  it('rolls out step by step, keeps the release, releases the lock, and leaves a done checkpoint', async () => {
    const { target, ctx, checkpoints } = setup();
    const report = await deploy(target, ctx, { version: 'v2' });
    expect(report.outcome).toBe('promoted');
    expect(report.previousVersion).toBe('v1');
    expect(target.nodes.map((n) => n.running)).toEqual(['v2', 'v2', 'v2']);
    expect(target.events).toEqual(['preflight', 'step 1', 'step 2', 'step 3', 'keep', 'record', 'close']);
    expect(report.phases.map((p) => p.step)).toEqual(['preflight', 'build', 'rollout batch 1/3', 'rollout batch 2/3', 'rollout batch 3/3', 'prune']);
    expect(report.hosts.map((h) => [h.name, h.previous, h.final, h.result])).toEqual([['h1', 'v1', 'v2', 'deployed'], ['h2', 'v1', 'v2', 'deployed'], ['h3', 'v1', 'v2', 'deployed']]);
    expect(report.target).toEqual({ kind: 'ssh', description: '3 nodes in memory' });
    expect(target.locked).toBe(false);
    const mid = checkpoints.find((c) => c.phase === 'rollout' && Object.keys(c.touched).length === 2);
    expect(mid?.touched).toEqual({ h1: 'v1', h2: 'v1' });
    expect(checkpoints.at(-1)?.phase).toBe('done');
  });

  it('a failed step stops the rollout and undoes what earlier steps changed; the report gives the step’s reason', async () => {
    const { target, ctx } = setup({}, { failOn: ['h2'] });
    const report = await deploy(target, ctx, { version: 'v2' });
    expect(report.outcome).toBe('failed');
    expect(report.reason).toBe('h2: v2 did not start');
    expect(target.events).toEqual(['preflight', 'step 1', 'step 2', 'undo h1', 'record', 'close']);
    expect(target.nodes.map((n) => n.running)).toEqual(['v1', 'v1', 'v1']);
    expect(report.hosts.map((h) => h.result)).toEqual(['rolled-back', 'restored', 'untouched']);
    expect(report.timings.recoverMs).toBeNull();
  });

  it('a regression seen by the window rolls every node back, with T_detect and T_recover', async () => {
    const { target, ctx } = setup({ verify: window, rollout: { batchSize: 3 } }, { crashLooping: ['v2'] });
    const report = await deploy(target, ctx, { version: 'v2' });
    expect(report.outcome).toBe('rolled-back');
    expect(report.reason).toMatch(/^verification fail: .*container\.restarts/);
    expect(report.verification?.baselineKind).toBe('pre-deploy');
    expect(report.timings.detectMs).toBeGreaterThan(0);
    expect(report.timings.recoverMs).not.toBeNull();
    expect(report.timings.recoveryMs).toBe(report.timings.detectMs! + report.timings.recoverMs!);
    expect(target.nodes.map((n) => n.running)).toEqual(['v1', 'v1', 'v1']);
    expect(target.events).toContain('undo h1,h2,h3');
  });

  it('with a baseline of 10 minutes or more the live window judges levels with the envelope rule: a CPU level beyond any the old release held for as long fails, its own swing does not', async () => {
    // The old release swings between 20 and 40 % CPU (its medians reach 39 %, its MAD is 10 %).
    const swing = (reading: number) => 30 + 10 * Math.sin(reading / 3);
    const stepped = (version: string | null, reading: number) => (version === 'v1' ? swing(reading) : 70 + (reading % 3));
    const cpuOf = async (verify: Record<string, unknown>, cpuPercent: (version: string | null, reading: number) => number) => {
      const { target, ctx } = setup({ verify: { ...window, ...verify }, rollout: { batchSize: 3 } }, { cpuPercent });
      const report = await deploy(target, ctx, { version: 'v2' });
      return report.verification?.metrics.find((m) => m.name === 'host.cpu');
    };
    const long = await cpuOf({ baseline: '10m' }, stepped);
    expect(long?.baseline).toHaveLength(120);
    expect(long).toMatchObject({ verdict: 'fail', rule: 'envelope-window' });
    expect(long?.reason).toMatch(/robust sigmas beyond the old version's own \d+-sample medians \(highest 0\.3\d+\), margin 1\.414/);
    expect((await cpuOf({ baseline: '10m' }, (_version, reading) => swing(reading)))?.verdict).toBe('pass');
    // A 3-minute baseline (36 samples) spans too little of a service's range: the envelope rule is off
    // unless verify.policy turns it on.
    expect((await cpuOf({ baseline: '3m' }, stepped))?.rule).not.toBe('envelope-window');
    expect(await cpuOf({ baseline: '3m', policy: { envelopeMargin: 2 } }, stepped)).toMatchObject({ verdict: 'fail', rule: 'envelope-window' });
  });

  it('a healthy release passes the same window and is promoted', async () => {
    const { target, ctx } = setup({ verify: window, rollout: { batchSize: 3 } });
    const report = await deploy(target, ctx, { version: 'v2' });
    expect(report.verification?.verdict).toBe('pass');
    expect(report.outcome).toBe('promoted');
    expect(target.nodes.map((n) => n.running)).toEqual(['v2', 'v2', 'v2']);
  });

  it('a long window and baseline say how far they are every 15 s, with the worst metric so far', async () => {
    const { target, ctx } = setup({ verify: window, rollout: { batchSize: 3 } });
    const lines: string[] = [];
    ctx.log = streamLogger((l) => lines.push(l));
    await deploy(target, ctx, { version: 'v2' });
    const beats = lines.filter((l) => /verifying v2: \d+\/60 s/.test(l));
    expect(beats.map((l) => /verifying v2: (\d+)\/60 s, (\d+) samples/.exec(l)!.slice(1, 3))).toEqual([['15', '3'], ['30', '6'], ['45', '9'], ['60', '12']]);
    expect(beats[1]).toMatch(/worst so far: [\w.]+ z -?\d+\.\d \(\w+\)$/);
    expect(lines.filter((l) => /baseline of v1: \d+\/60 s/.test(l)).length).toBe(3);
  });

  it('between the heartbeats, every sample updates the live line of a terminal', async () => {
    const { target, ctx } = setup({ verify: window, rollout: { batchSize: 3 } });
    const lines: string[] = [];
    const live: string[] = [];
    ctx.log = streamLogger((l) => lines.push(l), { progress: (l) => live.push(l) });
    await deploy(target, ctx, { version: 'v2' });
    const windowLive = live.filter((l) => l.startsWith('verifying v2:'));
    const baselineLive = live.filter((l) => l.startsWith('baseline of v1:'));
    // 12 samples at 5 s: the four at 15, 30, 45 and 60 s are heartbeat lines, the rest live updates
    expect(windowLive.map((l) => /: (\d+)\/60 s/.exec(l)![1])).toEqual(['5', '10', '20', '25', '35', '40', '50', '55']);
    expect(baselineLive.length).toBe(12 - 3);
    expect(lines.some((l) => /verifying v2: 5\/60 s/.test(l))).toBe(false);
  });

  it('a rerun of what every node already runs changes nothing, runs no window and says so', async () => {
    const { target, ctx } = setup({ verify: window, rollout: { batchSize: 3 } });
    for (const n of target.nodes) n.running = 'v2';
    const report = await deploy(target, ctx, { version: 'v2' });
    expect([report.outcome, report.reason]).toEqual(['ok', 'every node already runs v2 with the same settings, healthy; nothing was changed']);
    expect(report.verification).toBeNull();
    expect(report.phases.map((p) => p.step)).not.toContain('verify');
    expect(target.events).toEqual(['preflight', 'step 1', 'step 2', 'step 3', 'record', 'close']);
  });

  it('canary: a regression on the first step stops the rollout before the rest is touched', async () => {
    const { target, ctx } = setup({ verify: window, rollout: { batchSize: 1, canary: true } }, { crashLooping: ['v2'] });
    const report = await deploy(target, ctx, { version: 'v2' });
    expect(report.outcome).toBe('rolled-back');
    expect(target.events.filter((e) => e.startsWith('step'))).toEqual(['step 1']);
    expect(report.verification?.baselineKind).toBe('concurrent');
    expect(target.nodes.map((n) => n.running)).toEqual(['v1', 'v1', 'v1']);
  });

  it('a signal between steps starts nothing new and returns the touched nodes', async () => {
    const s = setup({}, { onStep: (i) => i === 0 && s.controller.abort() });
    const report = await deploy(s.target, s.ctx, { version: 'v2' });
    expect(report.outcome).toBe('failed');
    expect(report.reason).toBe('interrupted: no new host was started after the signal');
    expect(s.target.events).toEqual(['preflight', 'step 1', 'undo h1', 'record', 'close']);
    expect(s.target.nodes.map((n) => n.running)).toEqual(['v1', 'v1', 'v1']);
  });

  it('a preflight failure changes nothing and runs no undo', async () => {
    const { target, ctx } = setup({}, { preflightError: 'the deploy lock of web is held, nothing was changed' });
    const report = await deploy(target, ctx, { version: 'v2' });
    expect(report.outcome).toBe('failed');
    expect(report.reason).toBe('the deploy lock of web is held, nothing was changed');
    expect(target.events).toEqual(['preflight', 'close']);
  });
});

describe('a prebuilt image pinned by digest (image.digest)', () => {
  it('is deployed as repository@digest under the run’s version, nothing built', async () => {
    const { target, ctx } = setup({ image: { repository: 'ghcr.io/acme/web', digest: PINNED } });
    const report = await deploy(target, ctx, { version: 'v2' });
    expect([report.outcome, report.version, report.image, report.digest]).toEqual(['promoted', 'v2', `ghcr.io/acme/web@${PINNED}`, PINNED]);
    expect(target.nodes.map((n) => n.running)).toEqual(['v2', 'v2', 'v2']);
  });

  it('a digest the registry does not hold stops the run before any host is touched, naming image.digest', async () => {
    const other = `sha256:${'c'.repeat(64)}`;
    const { target, ctx } = setup({ image: { repository: 'ghcr.io/acme/web', digest: other } });
    const report = await deploy(target, ctx, { version: 'v2' });
    expect(report.outcome).toBe('failed');
    expect(report.reason).toBe(`image.digest: ghcr.io/acme/web@${other} is not in the registry; nothing was changed`);
    expect(target.events).toEqual(['preflight', 'close']);
  });

  it('with image.build as well, the config is refused at image.digest', () => {
    expect(configErrorOf({ ...minimalRaw(), image: { repository: 'ghcr.io/acme/web', digest: PINNED, build: { context: '.' } } })).toMatch(/image\.digest: a prebuilt image \(image\.digest\) is deployed as it is: leave out image\.build/);
    expect(configErrorOf({ ...minimalRaw(), image: { repository: 'ghcr.io/acme/web', digest: 'latest' } })).toMatch(/image\.digest: .*sha256:<64 hex digits>/);
  });
});

describe('runCommand keeps the deploy history on the target', () => {
  it('a deploy that changed hosts is recorded once with who and what; a refused one is not', async () => {
    const { config, target, ctx } = setup();
    const env = { config, target: async () => target, log: ctx.log, signal: ctx.signal, commit: 'c0ffee12', actor: 'octocat', clock: ctx.clock, runId: 'run-7' };
    await runCommand({ name: 'deploy', version: 'v2' }, env);
    expect(target.recorded).toEqual([expect.objectContaining({ command: 'deploy', version: 'v2', previousVersion: 'v1', outcome: 'promoted', actor: 'octocat', commit: 'c0ffee12', runId: 'run-7' })]);
    const refused = new MemoryTarget(config, { preflightError: 'the deploy lock of web is held, nothing was changed' });
    await runCommand({ name: 'deploy', version: 'v3' }, { ...env, target: async () => refused });
    expect(refused.recorded).toEqual([]);
  });
});

describe('the engine depends on no target', () => {
  it('no file under src/engine imports from src/targets (types included)', () => {
    const dir = join(process.cwd(), 'src/engine');
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/(?:from\s+|import\(\s*)'([^']+)'/g)].map((m) => [f, m[1]] as const))
      .filter(([, spec]) => /(^|\/)targets(\/|$)/.test(spec));
    expect(offenders).toEqual([]);
  });
});
