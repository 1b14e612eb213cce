import type { Config } from '../../config/types';
import { RollwatchError, errorMessage } from '../../errors';
import type { HostReport, StepTiming } from '../../report/model';
import { containerName, containerSpecHash } from './commands';
import type { HostAgent } from './host-agent';
import type { ContainerInfo, HostReleases } from './inspect';
import type { RunContext } from '../../engine/context';
import type { Release } from '../../engine/target';
import { releaseHealthConfig, waitHealthy } from './health';


/** The result of putting a release on one host. */
export interface HostChange {
  /** The container that ran before (null on a first deploy). */
  previous: ContainerInfo | null;
  /** The container now running the release. */
  current: string;
  changed: boolean;
  steps: StepTiming[];
  /**
   * The app's containers on the host after this change, as this run left them (not read
   * again): what pruning starts from.
   */
  after: HostReleases;
}

export class HostRolloutError extends RollwatchError {
  constructor(
    message: string,
    readonly report: HostReport,
  ) {
    super('deploy', message);
  }
}

async function timed<T>(steps: StepTiming[], step: string, ctx: RunContext, fn: () => Promise<T>): Promise<T> {
  const t = ctx.clock.now();
  try {
    return await fn();
  } finally {
    steps.push({ step, ms: ctx.clock.now() - t });
  }
}

function hookVars(ctx: RunContext, agent: HostAgent, version: string, phase: string): Record<string, string> {
  return { ROLLWATCH_APP: ctx.config.app, ROLLWATCH_VERSION: version, ROLLWATCH_HOST: agent.host.name, ROLLWATCH_HOST_ADDRESS: agent.host.address, ROLLWATCH_PHASE: phase, ROLLWATCH_RUN: ctx.runId };
}

/**
 * Puts `release` on one host: pull by digest, start it (stopping the old one first or after,
 * by strategy), gate on health. On any failure the host is returned to its previous container
 * before this throws a HostRolloutError carrying what happened. `known` is the host's state
 * read moments ago under this run's lock (then not read again).
 */
export async function deployHost(ctx: RunContext, agent: HostAgent, release: Release, onTouched: (previous: string | null) => void, known?: HostReleases): Promise<HostChange> {
  const { config, log } = ctx;
  const steps: StepTiming[] = [];
  const host = agent.host;
  const name = containerName(config.app, release.version);
  const before = known ?? (await timed(steps, 'inspect', ctx, () => agent.releases()));
  const previous = before.current;

  const runSpec = {
    app: config.app,
    version: release.version,
    imageRef: release.imageRef,
    digest: release.digest,
    deployedAt: new Date(ctx.clock.now()).toISOString(),
    runId: ctx.runId,
    network: config.container.network,
    ports: config.container.ports,
    volumes: config.container.volumes,
    labels: config.container.labels,
    restart: config.container.restart,
    stopTimeoutSec: Math.ceil(config.container.stopTimeoutMs / 1000),
    memory: config.container.memory,
    cpus: config.container.cpus,
    env: config.container.env.map((e) => ({ key: e.key, value: e.value })),
    healthCheck: config.health.path && config.health.port ? { port: config.health.port, path: config.health.path } : null,
  };
  const specHash = containerSpecHash(runSpec);

  if (previous && previous.name === name && previous.digest === release.digest) {
    if (previous.specHash === specHash) {
      const health = await timed(steps, 'health', ctx, () => waitHealthy(agent, name, config, ctx.clock, ctx.signal));
      if (health.healthy) {
        log.info(`${host.name}: already runs ${release.version} with the same settings, healthy; nothing to do`);
        return { previous, current: name, changed: false, steps, after: before };
      }
    } else {
      log.info(`${host.name}: runs ${release.version} already, but with other container settings (env, ports, volumes, limits…): replacing it`);
    }
  }

  await timed(steps, 'pull', ctx, () => agent.pull(release.imageRef, config.registry));

  // A container with the target name may exist: an old copy of this version (stopped) or the
  // running one when the same version is redeployed with a new digest.
  const sameName = [previous, ...before.retained].find((c) => c?.name === name) ?? null;
  let previousName = previous?.name ?? null;
  if (sameName && !sameName.running) await agent.remove(name);
  if (sameName?.running) {
    previousName = `${name}_replaced_${Math.floor(ctx.clock.now() / 1000)}`;
    await agent.rename(name, previousName);
  }

  onTouched(previousName);
  const hooks = config.rollout.hooks;
  const stopSec = runSpec.stopTimeoutSec;

  /** Whether a container `name` may exist now (created or started): a restore removes it. */
  let started = false;
  let lastKnown = `${previousName ?? 'nothing'} running, ${name} not started`;
  try {
    if (hooks.preHost) await timed(steps, 'pre-hook', ctx, () => agent.hook(hooks.preHost!, hookVars(ctx, agent, release.version, 'pre'), 'pre-host'));
    if (config.rollout.strategy === 'stop-start' && previousName) {
      lastKnown = `stopping ${previousName}, ${name} not started`;
      // The new container is created (not started) while the old one stops gracefully: the
      // create does not wait for the stop, and nothing of it runs before the old one is down.
      started = true;
      const [stopped, created] = await Promise.allSettled([timed(steps, 'stop-old', ctx, () => agent.stop(previousName!, stopSec)), agent.create({ ...runSpec, specHash })]);
      if (stopped.status === 'rejected') throw stopped.reason;
      if (created.status === 'rejected') throw created.reason;
      lastKnown = `starting ${name}, ${previousName} stopped`;
      await timed(steps, 'start', ctx, () => agent.startCreated(created.value));
    } else {
      started = true;
      lastKnown = `starting ${name}`;
      await timed(steps, 'start', ctx, () => agent.run({ ...runSpec, specHash }));
    }
    lastKnown = `${name} started, waiting for its health gate${config.rollout.strategy === 'stop-start' && previousName ? `, ${previousName} stopped` : ''}`;
    const health = await timed(steps, 'health', ctx, () => waitHealthy(agent, name, config, ctx.clock, ctx.signal));
    if (!health.healthy) {
      const logs = await agent.logs(name);
      throw Object.assign(new RollwatchError('deploy', `${host.name}: ${release.version} failed its health gate: ${health.detail}`), { logs });
    }
    if (config.rollout.strategy === 'start-stop' && previousName) await timed(steps, 'stop-old', ctx, () => agent.stop(previousName!, stopSec));
    if (hooks.postHost) await timed(steps, 'post-hook', ctx, () => agent.hook(hooks.postHost!, hookVars(ctx, agent, release.version, 'post'), 'post-host'));
    log.info(`${host.name}: ${previous?.version ?? '(nothing)'} → ${release.version}, healthy (${health.detail})`);
    const now = new Date(ctx.clock.now()).toISOString();
    const stoppedPrevious = previous ? [{ ...previous, name: previousName!, running: false, status: 'exited', finishedAt: now }] : [];
    const after: HostReleases = {
      current: { id: '', name, version: release.version, digest: release.digest, image: release.imageRef, deployedAt: runSpec.deployedAt, running: true, status: 'running', health: 'none', startedAt: now, finishedAt: '', restartCount: 0, oomKilled: false, exitCode: 0, healthCheck: runSpec.healthCheck, specHash },
      extraRunning: before.extraRunning,
      retained: [...stoppedPrevious, ...before.retained.filter((c) => c.name !== name)],
    };
    return { previous: previous ? { ...previous, name: previousName! } : null, current: name, changed: true, steps, after };
  } catch (err) {
    const logs = (err as { logs?: string }).logs;
    log.error(errorMessage(err));
    const restore = await restoreHost(ctx, agent, started ? name : null, previousName, { removeFailed: true });
    throw new HostRolloutError(errorMessage(err), {
      name: host.name,
      address: host.address,
      previous: previous?.version ?? null,
      final: restore.healthy ? (previous?.version ?? null) : null,
      result: restore.healthy || !previousName ? 'restored' : 'failed',
      healthy: previousName ? restore.healthy : null,
      detail: `${errorMessage(err)}; ${restore.detail}${restore.healthy ? '' : `; last known state: ${lastKnown}`}`,
      retained: [],
      steps,
      logs,
      manual: restore.manual,
    });
  }
}

export interface RestoreOutcome {
  healthy: boolean;
  detail: string;
  manual?: string;
  ms: number;
}

/**
 * Returns a host to `previousName`: stops (and optionally removes) `failedName`, starts the
 * previous container and waits until it is healthy. Never throws.
 */
export async function restoreHost(
  ctx: RunContext,
  agent: HostAgent,
  failedName: string | null,
  previousName: string | null,
  options: { removeFailed: boolean; previous?: ContainerInfo | null },
): Promise<RestoreOutcome> {
  const { config, log, clock } = ctx;
  const t0 = clock.now();
  const stopSec = Math.ceil(config.container.stopTimeoutMs / 1000);
  // The exact command that finishes the job by hand, whatever step fails below.
  const byHand = [
    failedName ? (options.removeFailed ? `docker rm -f ${failedName}` : `docker update --restart no ${failedName}; docker stop ${failedName}`) : null,
    previousName ? `docker update --restart ${config.container.restart} ${previousName} && docker start ${previousName}` : null,
  ].filter(Boolean);
  const manual = byHand.length ? `ssh ${agent.host.user}@${agent.host.address} '${byHand.join('; ')}'` : undefined;
  try {
    // One round trip does it in the usual case; only when that fails is the host looked at.
    const fast = previousName !== null && options.removeFailed && (await agent.restoreFast(failedName, previousName, config.container.restart));
    let prev: ContainerInfo | null = null;
    if (!fast) {
      if (failedName) {
        const c = await agent.container(failedName);
        if (c && options.removeFailed) await agent.remove(failedName);
        else if (c?.running) await agent.stop(failedName, stopSec);
      }
      if (!previousName) {
        return { healthy: false, detail: 'no previous release on this host; it runs nothing of this app now', ms: clock.now() - t0 };
      }
      prev = await agent.container(previousName);
      if (!prev) {
        return { healthy: false, detail: `previous container ${previousName} is gone; cannot restore it`, manual: `redeploy a retained version: rollwatch rollback --version <v>`, ms: clock.now() - t0 };
      }
      if (!prev.running) await agent.start(previousName, config.container.restart);
    }
    // Restoring must not be cut short by the interrupt that may have caused it. The release is
    // checked the way it was deployed (its recorded port and path), not with today's config.
    const recorded = prev ?? (options.previous?.name === previousName ? options.previous : await agent.container(previousName!).catch(() => null));
    const health = await waitHealthy(agent, previousName!, releaseHealthConfig(config, recorded), clock);
    const version = prev?.version ?? health.version ?? previousName;
    log.info(`${agent.host.name}: restored ${version}: ${health.healthy ? 'healthy' : health.detail}`);
    return { healthy: health.healthy, detail: health.healthy ? `restored ${version}, healthy` : `restored ${version} but it is not healthy: ${health.detail}`, ms: clock.now() - t0, manual: health.healthy ? undefined : manual };
  } catch (err) {
    log.error(`${agent.host.name}: restore failed: ${errorMessage(err)}`);
    return { healthy: false, detail: `restore failed: ${errorMessage(err)}`, manual, ms: clock.now() - t0 };
  }
}
