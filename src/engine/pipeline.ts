import { checkValue } from '../config/values';
import type { BuiltImage } from '../docker/image';
import { RollwatchError, errorMessage, inputError } from '../errors';
import type { RunReport, VerificationReport } from '../report/model';
import type { CheckpointPhase } from './checkpoint';
import type { RunContext } from './context';
import { historyEntry, worthRecording } from './history';
import { finishReport, keptOutcome, newReport } from './report-builder';
import type { Observation, Release, Target, WatchedNode } from './target';
import { watcher } from './watch';

export function resolveVersion(ctx: RunContext, requested?: string): string {
  const v = requested ?? ctx.config.version ?? ctx.commit ?? undefined;
  if (!v) throw inputError('version', 'no version given and no git commit found', 'pass --version, set version in the config, or run inside a git checkout');
  const bad = checkValue('version', v);
  if (bad) throw inputError('version', bad);
  return v;
}

/** A verdict the run acts on by rolling back. */
export const regressedBy = (v: VerificationReport | null): boolean => v?.verdict === 'fail' || (v?.verdict === 'inconclusive' && v.onInconclusive === 'rollback');

/** Builds the release and pushes it (the config has image.build and no image.digest). */
async function buildRelease(ctx: RunContext, version: string, forceBuild?: boolean): Promise<BuiltImage> {
  const { config, log } = ctx;
  // Loaded on first use, like the targets: the Docker client is a large share of start-up.
  const { buildAndPush } = await import('../docker/image');
  return buildAndPush({ dockerHost: config.dockerHost, app: config.app, repository: config.image.repository, version, extraTags: config.image.tags, build: config.image.build!, registry: config.registry, revision: ctx.commit, force: forceBuild }, log);
}

/**
 * When the config builds nothing, the release is only looked up in the registry: read-only, so
 * a deploy starts it before preflight and it runs while the hosts are connected and locked.
 * `use()` gives the image, or throws what is wrong with it (and says what is deployed): called
 * in the build phase, so its error and its log line come where they did. Null when the config builds.
 */
function lookUpRelease(ctx: RunContext, version: string, wanted: () => boolean): Promise<{ use(): BuiltImage }> | null {
  const { config, log } = ctx;
  if (!config.image.digest && config.image.build) return null;
  // Started once the target's first requests are out (setImmediate): its Docker client then
  // loads while they wait on the hosts; not at all when the run has already failed.
  // Loaded on first use: the Docker client is a large share of start-up.
  const found = new Promise((resolve) => setImmediate(resolve)).then(async () => {
    if (!wanted()) throw new RollwatchError('build', 'the release was not looked up: the run had already stopped');
    const { resolveExisting, resolvePinned } = await import('../docker/image');
    return config.image.digest ? resolvePinned(config.dockerHost, config.image.repository, config.image.digest, config.registry) : resolveExisting(config.dockerHost, config.image.repository, version, config.registry);
  });
  return found.then(
    (image) => ({
      use() {
        if (config.image.digest) {
          if (!image) throw new RollwatchError('build', `${config.image.repository}@${config.image.digest} is not in the registry; nothing was changed`, 'image.digest', 'push the image first (docker/build-push-action with push: true), or check image.repository and the registry credentials');
          log.info(`deploying the prebuilt ${image.imageRef} as ${version}; nothing is built`);
        } else if (!image) throw new RollwatchError('build', `${config.image.repository}:${version} is not in the registry and image.build is not configured`, 'image.build');
        return image;
      },
    }),
    (err: unknown) => ({
      use() {
        throw err;
      },
    }),
  );
}

/**
 * The deploy, the same for every target: preflight → build → baseline → rollout (step by step,
 * the canary step judged by its own window) → verify → decide → keep or roll back → report.
 * Any failure after the first change undoes everything the run touched.
 */
export async function deploy(target: Target, ctx: RunContext, options: { version?: string; forceBuild?: boolean } = {}): Promise<RunReport> {
  const { config, log, clock } = ctx;
  const version = resolveVersion(ctx, options.version);
  const report = newReport(ctx, 'deploy', version);
  const session = target.session(ctx);
  const watch = watcher(config);
  report.target = { kind: target.kind, description: session.describe() };

  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = clock.now();
    try {
      return await log.group(name, fn);
    } finally {
      report.phases.push({ step: name, ms: clock.now() - t });
    }
  };
  const checkpoint = (p: CheckpointPhase) => ctx.onCheckpoint?.({ runId: ctx.runId, app: config.app, command: 'deploy', version, phase: p, ...session.progress() });
  let changed = false;

  try {
    // Never rejects (see lookUpRelease); null when the release is built after preflight.
    let preflightFailed = false;
    const lookup = lookUpRelease(ctx, version, () => !preflightFailed);
    const before = await phase('preflight', () => session.preflight(version)).catch((err: unknown) => {
      preflightFailed = true;
      throw err;
    });
    report.previousVersion = before.previousVersion;
    checkpoint('preflight');

    const tBuild = clock.now();
    const image = await phase('build', async () => (lookup ? (await lookup).use() : buildRelease(ctx, version, options.forceBuild)));
    report.timings.buildMs = clock.now() - tBuild;
    report.image = image.tagRef;
    report.digest = image.digest;
    const release: Release = { version, imageRef: image.imageRef, digest: image.digest };

    const preDeploy = watch ? await phase('baseline', async () => watch.baseline(ctx, await session.baselineNodes())) : undefined;

    const steps = session.steps();
    const candidates: WatchedNode[] = [];
    let failure: { reason: string } | null = null;
    let verification: VerificationReport | null = null;
    let canaryWindow: { hosts: string[]; verification: VerificationReport } | null = null;
    let changedNodes = false;
    const window = (nodes: WatchedNode[], concurrent: WatchedNode[]) =>
      phase('verify', () => watch!.verify({ ctx, release, candidates: nodes, baselineHosts: concurrent, preDeploy, windowStartedAt: clock.now() }));

    checkpoint('rollout');
    const tRollout = clock.now();
    for (let i = 0; i < steps.length && !failure; i++) {
      if (ctx.signal.aborted) {
        failure = { reason: i === 0 ? 'interrupted by a signal before the rollout started; nothing was changed' : 'interrupted: no new host was started after the signal' };
        break;
      }
      const step = steps[i];
      changed = true;
      const outcome = await phase(step.label, () => session.runStep(i, release, () => checkpoint('rollout')));
      checkpoint('rollout');
      if (!outcome.ok) {
        failure = outcome;
        break;
      }
      candidates.push(...outcome.candidates);
      changedNodes ||= outcome.changed;
      if (watch && outcome.changed && config.rollout.canary && i === 0 && steps.length > 1) {
        // The canary's pass only lets the rollout go on; the fleet is judged by its own window below.
        checkpoint('verify');
        const v = await window(outcome.candidates, steps.slice(1).flatMap((s) => s.nodes));
        canaryWindow = { hosts: outcome.candidates.map((n) => n.host.name), verification: v };
        if (regressedBy(v)) {
          verification = v;
          break;
        }
        log.info(`canary window on ${canaryWindow.hosts.join(', ')}: ${v.verdict}; rolling out to the rest`);
      }
    }
    report.timings.deployServerMs = clock.now() - tRollout;

    if (!failure && !changedNodes) {
      // A rerun of what already runs: no new release to judge, nothing to keep or prune.
      report.outcome = 'ok';
      report.reason = `every node already runs ${version} with the same settings, healthy; nothing was changed`;
    } else {
      if (!failure && !verification && watch) {
        checkpoint('verify');
        verification = await window(candidates, []);
        if (canaryWindow) verification.canary = { hosts: canaryWindow.hosts, verdict: canaryWindow.verification.verdict, reason: canaryWindow.verification.reason, samples: canaryWindow.verification.samples };
      }
      report.verification = verification;

      // Interrupted (SIGINT/SIGTERM) before the window could judge the release: put the old one back.
      const interrupted = !failure && ctx.signal.aborted && verification?.verdict !== 'pass';
      const regressed = regressedBy(verification) || interrupted;
      if (!failure && !regressed) {
        report.outcome = keptOutcome(verification);
        report.reason = verification ? `verification ${verification.verdict}: ${verification.reason}` : `all ${candidates.length} ${candidates.length === 1 ? 'node' : 'nodes'} on ${version} and healthy`;
        await phase('prune', () => session.keep());
      } else {
        const why = failure ? failure.reason : interrupted ? 'interrupted by a signal before the release was verified' : `verification ${verification!.verdict}: ${verification!.reason}`;
        const tVerdict = clock.now();
        checkpoint('rollback');
        const back = await phase('rollback', () => session.undo());
        report.timings.recoverMs = regressed && !interrupted ? clock.now() - tVerdict : null;
        report.outcome = regressed && !interrupted && back.healthy ? 'rolled-back' : 'failed';
        report.reason = back.summary ? `${why}; ${back.summary}` : why;
      }
    }
    checkpoint('done');
  } catch (err) {
    report.outcome = 'failed';
    report.reason = errorMessage(err);
    if (changed) {
      const back = await phase('rollback', () => session.undo()).catch((e) => (log.error(errorMessage(e)), null));
      if (back?.summary) report.reason += `; ${back.summary}`;
    }
  }
  report.hosts = session.rows();
  finishReport(ctx, report);
  try {
    // Recorded under the lock, on the connections of the run, before they close.
    const entry = historyEntry(report, ctx);
    if (entry && worthRecording(report)) report.warnings.push(...(await session.record(entry)));
  } finally {
    await session.close();
    report.warnings.push(...session.warnings);
    report.hosts = session.rows();
  }
  return report;
}

/**
 * `verify`: watches what runs now (no candidate, no lock); `heal: restart` first restarts
 * unhealthy containers. With verification off it is `status`: health only.
 */
export async function verifyDeployed(target: Target, ctx: RunContext): Promise<RunReport> {
  const watch = watcher(ctx.config);
  if (!watch) return target.status(ctx);
  const report = newReport(ctx, 'verify', null);
  let observation: Observation | null = null;
  try {
    observation = await target.observe(ctx);
    report.target = { kind: target.kind, description: observation.description };
    report.version = observation.version;
    report.hosts = observation.rows;
    if (observation.nodes.length === 0) throw new RollwatchError('verify', 'no release of this app runs on any node: nothing to verify');
    const quiet = { ...ctx, config: { ...ctx.config, verify: { ...ctx.config.verify, baseline: 0 } } };
    const pre = ctx.config.prometheus ? await watch.baseline(quiet, observation.nodes) : undefined;
    const verification = await watch.verify({ ctx, release: { version: observation.version ?? 'unknown', imageRef: '', digest: '' }, candidates: observation.nodes, baselineHosts: [], preDeploy: pre, windowStartedAt: ctx.clock.now() });
    verification.heal = observation.heal;
    report.verification = verification;
    const unhealed = observation.heal.filter((h) => !h.healthy);
    report.outcome = verification.verdict === 'fail' || unhealed.length ? 'failed' : verification.verdict === 'inconclusive' ? 'inconclusive' : 'ok';
    report.reason = unhealed.length ? `${unhealed.map((h) => h.host).join(', ')} stayed unhealthy after restarts` : `verification ${verification.verdict}: ${verification.reason}`;
  } catch (err) {
    report.outcome = 'failed';
    report.reason = errorMessage(err);
  } finally {
    report.warnings.push(...(observation?.warnings ?? []));
    observation?.close();
  }
  return finishReport(ctx, report);
}
