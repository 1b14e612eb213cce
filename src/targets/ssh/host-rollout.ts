import type { Config } from '../../config/types';
import { RollwatchError, errorMessage } from '../../errors';
import type { HostReport, StepTiming } from '../../report/model';
import { containerName, containerSpecHash } from './commands';
import type { HostAgent } from './host-agent';
import type { ContainerInfo, HostReleases } from './inspect';
import type { RunContext } from '../../engine/context';
import type { Release } from '../../engine/target';
import { releaseHealthConfig, waitHealthy } from './health';
import { freePort, proxyDriver, releasePort, type ProxyDriver } from './proxy';


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
  /**
   * With rollout.strategy proxy: the new release's port, and the previous release kept running
   * as a warm standby (no traffic) until the window has passed.
   */
  proxy?: { port: number; standby: { name: string; port: number } | null };
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

  // proxy strategy: where the new release listens and where the old one does, read before anything changes
  let behind: { driver: ProxyDriver; port: number; oldPort: number | null } | null = null;
  if (config.rollout.strategy === 'proxy' && config.proxy) {
    const settings = config.proxy;
    const driver = proxyDriver(agent.shell, config.app, settings);
    const upstream = await timed(steps, 'proxy-read', ctx, () => driver.read());
    const port = await timed(steps, 'port', ctx, () => freePort(agent.shell, settings, [previous, ...before.extraRunning, ...before.retained], 'deploy'));
    const oldPort = previous ? releasePort(previous, upstream.serving) : null;
    if (previous && oldPort === null) {
      throw new RollwatchError('deploy', `${host.name}: cannot tell which port ${previous.name} listens on (the proxy names none and the container has no recorded port), so traffic could not be switched back to it; nothing was changed`, 'proxy', 'point the proxy at the running release once by hand, then deploy again');
    }
    behind = { driver, port, oldPort };
  }
  const spec = behind
    ? {
        ...runSpec,
        ports: config.container.network === 'host' ? [] : [`${config.proxy!.address}:${behind.port}:${behind.port}`],
        env: [...runSpec.env, { key: config.proxy!.portEnv, value: String(behind.port) }],
        healthCheck: config.health.path ? { port: behind.port, path: config.health.path } : null,
        proxyPort: behind.port,
      }
    : runSpec;
  // the gate checks the new release on its own port, not through the proxy
  const gateConfig = behind && config.health.path ? { ...config, health: { ...config.health, port: behind.port } } : config;

  onTouched(previousName);
  const hooks = config.rollout.hooks;
  const stopSec = runSpec.stopTimeoutSec;

  /** Whether a container `name` may exist now (created or started): a restore removes it. */
  let started = false;
  let switching = false;
  let lastKnown = `${previousName ?? 'nothing'} running, ${name} not started`;
  try {
    if (hooks.preHost) await timed(steps, 'pre-hook', ctx, () => agent.hook(hooks.preHost!, hookVars(ctx, agent, release.version, 'pre'), 'pre-host'));
    if (config.rollout.strategy === 'stop-start' && previousName) {
      lastKnown = `stopping ${previousName}, ${name} not started`;
      // The new container is created (not started) while the old one stops gracefully: the
      // create does not wait for the stop, and nothing of it runs before the old one is down.
      started = true;
      const [stopped, created] = await Promise.allSettled([timed(steps, 'stop-old', ctx, () => agent.stop(previousName!, stopSec)), agent.create({ ...spec, specHash })]);
      if (stopped.status === 'rejected') throw stopped.reason;
      if (created.status === 'rejected') throw created.reason;
      lastKnown = `starting ${name}, ${previousName} stopped`;
      await timed(steps, 'start', ctx, () => agent.startCreated(created.value));
    } else {
      started = true;
      lastKnown = `starting ${name}${behind ? ` on port ${behind.port}` : ''}`;
      await timed(steps, 'start', ctx, () => agent.run({ ...spec, specHash }));
    }
    lastKnown = `${name} started, waiting for its health gate${config.rollout.strategy === 'stop-start' && previousName ? `, ${previousName} stopped` : ''}`;
    const health = await timed(steps, 'health', ctx, () => waitHealthy(agent, name, gateConfig, ctx.clock, ctx.signal));
    if (!health.healthy) {
      const logs = await agent.logs(name);
      throw Object.assign(new RollwatchError('deploy', `${host.name}: ${release.version} failed its health gate: ${health.detail}`), { logs });
    }
    if (behind) {
      switching = true;
      lastKnown = `switching the proxy from port ${behind.oldPort ?? '(none)'} to ${name} on port ${behind.port}, ${previousName ?? 'nothing'} running`;
      await timed(steps, 'switch', ctx, () => behind.driver.switchTo(behind.port, previousName ? behind.oldPort : null));
    }
    if (config.rollout.strategy === 'start-stop' && previousName) await timed(steps, 'stop-old', ctx, () => agent.stop(previousName!, stopSec));
    if (hooks.postHost) await timed(steps, 'post-hook', ctx, () => agent.hook(hooks.postHost!, hookVars(ctx, agent, release.version, 'post'), 'post-host'));
    log.info(`${host.name}: ${previous?.version ?? '(nothing)'} → ${release.version}, healthy (${health.detail})${behind ? `; the proxy sends traffic to port ${behind.port}${previousName ? `, ${previousName} stays running as the standby on port ${behind.oldPort}` : ''}` : ''}`);
    const now = new Date(ctx.clock.now()).toISOString();
    const stoppedPrevious = previous ? [{ ...previous, name: previousName!, running: false, status: 'exited', finishedAt: now }] : [];
    const after: HostReleases = {
      current: { id: '', name, version: release.version, digest: release.digest, image: release.imageRef, deployedAt: runSpec.deployedAt, running: true, status: 'running', health: 'none', startedAt: now, finishedAt: '', restartCount: 0, oomKilled: false, exitCode: 0, healthCheck: runSpec.healthCheck, specHash },
      extraRunning: before.extraRunning,
      retained: [...stoppedPrevious, ...before.retained.filter((c) => c.name !== name)],
    };
    const proxy = behind ? { port: behind.port, standby: previousName && behind.oldPort !== null ? { name: previousName, port: behind.oldPort } : null } : undefined;
    return { previous: previous ? { ...previous, name: previousName! } : null, current: name, changed: true, steps, after, proxy };
  } catch (err) {
    const logs = (err as { logs?: string }).logs;
    log.error(errorMessage(err));
    const restore = switching ? await restoreBehindProxy(ctx, agent, name, previousName, { removeFailed: true }) : await restoreHost(ctx, agent, started ? name : null, previousName, { removeFailed: true });
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

/**
 * Returns a host to `previousName` the way its rollout strategy changed it: behind a proxy by
 * switching traffic back (restoreBehindProxy), otherwise by starting the previous container
 * (restoreHost). Never throws.
 */
export function restoreRelease(
  ctx: RunContext,
  agent: HostAgent,
  failedName: string | null,
  previousName: string | null,
  options: { removeFailed: boolean; previous?: ContainerInfo | null },
): Promise<RestoreOutcome> {
  return ctx.config.rollout.strategy === 'proxy'
    ? restoreBehindProxy(ctx, agent, failedName, previousName, { removeFailed: options.removeFailed })
    : restoreHost(ctx, agent, failedName, previousName, options);
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

/** The config to health-check a release on its own recorded port (the proxy strategy: not through the proxy). */
function ownPortHealth(config: Config, c: ContainerInfo): Config {
  if (!config.health.path || !c.healthCheck) return config;
  return { ...config, health: { ...config.health, port: c.healthCheck.port, path: c.healthCheck.path } };
}

/**
 * rollout.strategy proxy: returns a host to `previousName` by switching the proxy back to it.
 * The previous release normally still runs as the warm standby: it is only checked, not
 * started (its container stays the same); a stopped one (a manual rollback, a crashed run) is
 * started and gated first. Only then does traffic move, and only then is `failedName` removed
 * (or stopped). Never throws.
 */
export async function restoreBehindProxy(ctx: RunContext, agent: HostAgent, failedName: string | null, previousName: string | null, options: { removeFailed: boolean }): Promise<RestoreOutcome> {
  const { config, log, clock } = ctx;
  const t0 = clock.now();
  const stopSec = Math.ceil(config.container.stopTimeoutMs / 1000);
  const manual = `ssh ${agent.host.user}@${agent.host.address} 'docker ps -a --filter label=rollwatch.app=${config.app}' (point the proxy at ${previousName ?? 'a healthy release'}${failedName ? `, then docker rm -f ${failedName}` : ''})`;
  const dropFailed = async () => {
    if (!failedName) return;
    const c = await agent.container(failedName);
    if (c && options.removeFailed) await agent.remove(failedName);
    else if (c?.running) await agent.stop(failedName, stopSec);
  };
  try {
    if (!previousName) {
      await dropFailed();
      return { healthy: false, detail: 'no previous release on this host; it runs nothing of this app now', ms: clock.now() - t0 };
    }
    const driver = proxyDriver(agent.shell, config.app, config.proxy!);
    // read at the same time: this is on the way to moving traffic back
    const [prev, upstream] = await Promise.all([agent.container(previousName), driver.read()]);
    if (!prev) return { healthy: false, detail: `previous container ${previousName} is gone; cannot switch back to it`, manual: 'redeploy a retained version: rollwatch rollback --version <v>', ms: clock.now() - t0 };
    // its recorded port; for a release from before the proxy strategy, the standby the proxy names, else its health check's port
    const port = prev.proxyPort ?? upstream.standby ?? prev.healthCheck?.port ?? upstream.serving;
    if (port === null) throw new RollwatchError('rollback', `cannot tell which port ${previousName} listens on`);
    const wasRunning = prev.running;
    if (!wasRunning) await agent.start(previousName, config.container.restart);
    const health = await waitHealthy(agent, previousName, ownPortHealth(config, prev), clock);
    if (!health.healthy) {
      return { healthy: false, detail: `${prev.version} is not healthy (${health.detail}); the proxy was left on port ${upstream.serving ?? '(none)'}`, manual, ms: clock.now() - t0 };
    }
    const switching = upstream.serving !== port || upstream.standby !== null;
    if (switching) await driver.switchTo(port, null);
    const switchedMs = clock.now() - t0;
    log.info(`${agent.host.name}: the proxy sends traffic to ${prev.version} again (port ${port}${wasRunning ? ', kept running: nothing started' : ''}) after ${switchedMs} ms`);
    // requests already sent to the release being left (an nginx worker of the previous config, a
    // drained HAProxy slot) still run: it is removed only after the drain time
    if (switching && failedName) await clock.sleep(config.proxy!.drainMs);
    await dropFailed();
    return { healthy: true, detail: `switched the proxy back to ${prev.version} on port ${port} in ${switchedMs} ms${wasRunning ? ' (warm standby, not restarted)' : ''}, healthy`, ms: clock.now() - t0 };
  } catch (err) {
    log.error(`${agent.host.name}: switching back failed: ${errorMessage(err)}`);
    return { healthy: false, detail: `switching back failed: ${errorMessage(err)}`, manual, ms: clock.now() - t0 };
  }
}
