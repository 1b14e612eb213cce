import type Docker from 'dockerode';
import type { Config, Host } from '../../config/types';
import type { SwarmSettings } from '../../config/swarm';
import { RollwatchError, errorMessage } from '../../errors';
import type { RunContext } from '../../engine/context';
import type { Release } from '../../engine/target';
import { httpGet, hostUrl } from '../../metrics/http';
import type { Logger } from '../../util/log';
import { LABEL } from '../ssh/commands';
import type { Orchestrator, OrchestratorUndo, RolloutOutcome, ServiceState, Unit } from '../orchestrator';
import { EngineConnection } from './engine-connection';
import { buildServiceSpec, runsRelease, type ServiceSpec } from './spec';
import { failedTasks, imageOf, readiness, swarmRollbackReason, updatePhase, type SwarmTask, type UpdateStatus } from './status';

interface ServiceInfo {
  ID: string;
  Version: { Index: number };
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec;
  UpdateStatus?: UpdateStatus;
}

interface NodeInfo {
  ID: string;
  Description?: { Hostname?: string };
  Status?: { Addr?: string; State?: string };
}

const POLL_MS = 500;

/** Docker Swarm through a manager's engine API: Swarm's own rolling update and rollback. */
export class SwarmOrchestrator implements Orchestrator {
  private readonly swarm: SwarmSettings;
  private readonly manager: Host;
  private readonly engine: EngineConnection;
  private nodes = new Map<string, { hostname: string; address: string }>();

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
  ) {
    if (!config.swarm) throw new RollwatchError('internal', 'target swarm without swarm settings');
    this.swarm = config.swarm;
    this.manager = config.hosts.find((h) => h.name === this.swarm.manager)!;
    this.engine = new EngineConnection(this.manager, config.ssh, (m) => log.warn(m));
  }

  describe(): string {
    return `swarm service ${this.swarm.service} via manager ${this.manager.name} (${this.manager.address})`;
  }

  private docker(): Promise<Docker> {
    return this.engine.docker();
  }

  async preflight(): Promise<string> {
    const docker = await this.docker();
    const info = (await docker.info()) as { ServerVersion?: string; Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean; Nodes?: number } };
    const s = info.Swarm;
    if (s?.LocalNodeState !== 'active' || !s.ControlAvailable) {
      throw new RollwatchError(
        'preflight',
        `${this.manager.name} (${this.manager.address}) is not a Swarm manager (swarm state: ${s?.LocalNodeState ?? 'unknown'}${s?.LocalNodeState === 'active' ? ', a worker' : ''}); nothing was changed`,
        'swarm.manager',
        'name a manager node in swarm.manager, or form the swarm first (docker swarm init)',
      );
    }
    await this.refreshNodes();
    return `Docker ${info.ServerVersion}, swarm manager of ${s.Nodes ?? this.nodes.size} node(s)`;
  }

  private async refreshNodes(): Promise<void> {
    const docker = await this.docker();
    const nodes = (await docker.listNodes()) as NodeInfo[];
    this.nodes = new Map(nodes.map((n) => [n.ID, { hostname: n.Description?.Hostname ?? n.ID.slice(0, 12), address: n.Status?.Addr ?? '' }]));
  }

  /** The config host a node is (by address, then by name), or null. */
  private hostOf(nodeId: string | undefined): Host | null {
    const n = nodeId ? this.nodes.get(nodeId) : undefined;
    if (!n) return null;
    return this.config.hosts.find((h) => h.address === n.address) ?? this.config.hosts.find((h) => h.name === n.hostname) ?? null;
  }

  readonly nodeName = (nodeId: string | undefined): string => this.hostOf(nodeId)?.name ?? (nodeId ? (this.nodes.get(nodeId)?.hostname ?? nodeId.slice(0, 12)) : 'no node');

  private unit(t: SwarmTask): Unit {
    const host = this.hostOf(t.NodeID);
    return {
      id: t.ID,
      host: host?.name ?? null,
      address: host?.address ?? (t.NodeID ? (this.nodes.get(t.NodeID)?.address ?? '') : ''),
      version: t.Spec?.ContainerSpec?.Labels?.[LABEL.version] ?? null,
      image: imageOf(t),
      state: t.Status?.State ?? 'unknown',
      error: t.Status?.Err || null,
      exitCode: t.Status?.ContainerStatus?.ExitCode ?? null,
    };
  }

  private async service(): Promise<ServiceInfo | null> {
    const docker = await this.docker();
    try {
      return (await docker.getService(this.swarm.service).inspect()) as ServiceInfo;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return null;
      throw new RollwatchError('deploy', `reading service ${this.swarm.service}: ${errorMessage(err)}`);
    }
  }

  private async tasks(desiredRunning: boolean): Promise<SwarmTask[]> {
    const docker = await this.docker();
    const filters: Record<string, string[]> = { service: [this.swarm.service] };
    if (desiredRunning) filters['desired-state'] = ['running'];
    const tasks = (await docker.listTasks({ filters })) as SwarmTask[];
    if (tasks.some((t) => t.NodeID && !this.nodes.has(t.NodeID))) await this.refreshNodes();
    return tasks;
  }

  async current(): Promise<ServiceState | null> {
    const svc = await this.service();
    if (!svc) return null;
    const tasks = await this.tasks(true);
    return {
      version: svc.Spec.Labels?.[LABEL.version] ?? null,
      image: svc.Spec.TaskTemplate.ContainerSpec.Image,
      previousVersion: svc.PreviousSpec?.Labels?.[LABEL.version] ?? null,
      units: tasks.filter((t) => t.Status?.State === 'running').map((t) => this.unit(t)),
      updateState: svc.UpdateStatus?.State ?? null,
      updateMessage: svc.UpdateStatus?.Message ?? null,
    };
  }

  private registryAuth(): Record<string, string> | undefined {
    const r = this.config.registry;
    if (!r?.username || r.password === undefined) return undefined;
    return { username: r.username, password: r.password, serveraddress: r.server };
  }

  async rollout(ctx: RunContext, release: Release): Promise<RolloutOutcome> {
    const docker = await this.docker();
    const spec = buildServiceSpec(this.config, this.swarm, release, { runId: ctx.runId, deployedAt: new Date(ctx.clock.now()).toISOString() });
    const before = await this.service();
    const auth = this.registryAuth();
    if (!before) {
      this.log.info(`creating service ${this.swarm.service} with ${release.imageRef} (${this.swarm.replicas} replica(s))`);
      try {
        await docker.createService(auth as never, spec as never);
      } catch (err) {
        throw new RollwatchError('deploy', `creating service ${this.swarm.service}: ${errorMessage(err)}`);
      }
    } else {
      if (runsRelease(before.Spec, release)) {
        const r = readiness(await this.tasks(true), release.imageRef, this.swarm.replicas);
        if (r.ready) {
          this.log.info(`service ${this.swarm.service} already runs ${release.version}; nothing to update`);
          return { kind: 'completed', units: r.running.map((t) => this.unit(t)) };
        }
        spec.TaskTemplate.ForceUpdate = ((before.Spec.TaskTemplate as { ForceUpdate?: number }).ForceUpdate ?? 0) + 1;
      }
      this.log.info(`updating service ${this.swarm.service} to ${release.imageRef}: parallelism ${this.swarm.parallelism}, delay ${this.swarm.delayMs / 1000}s, ${this.swarm.order}, monitor ${this.swarm.monitorMs / 1000}s, failure action rollback`);
      await this.update(before, spec, auth);
    }
    return this.waitForUpdate(ctx, release.imageRef, before);
  }

  private async update(before: ServiceInfo, spec: ServiceSpec, auth: Record<string, string> | undefined, rollback = false): Promise<void> {
    const docker = await this.docker();
    const query: Record<string, string | number> = { version: before.Version.Index };
    if (rollback) query.rollback = 'previous';
    try {
      await docker.getService(before.ID).update(auth as never, { _query: query, _body: spec } as never);
    } catch (err) {
      const msg = errorMessage(err);
      if (/out of sequence/i.test(msg)) throw new RollwatchError('deploy', `service ${this.swarm.service} was changed by someone else while this run read it ("update out of sequence"); nothing was sent`, undefined, 'run again');
      throw new RollwatchError('deploy', `${rollback ? 'rolling back' : 'updating'} service ${this.swarm.service}: ${msg}`);
    }
  }

  private async waitForUpdate(ctx: RunContext, image: string, before: ServiceInfo | null): Promise<RolloutOutcome> {
    const deadline = ctx.clock.now() + this.swarm.updateTimeoutMs;
    let last = '';
    let rollingBack: string | null = null;
    for (;;) {
      const svc = await this.service();
      if (!svc) return { kind: 'failed', reason: `service ${this.swarm.service} disappeared during the update`, units: [] };
      const p = before ? updatePhase(svc.UpdateStatus, before.UpdateStatus) : { phase: 'created' as const };
      const tasks = await this.tasks(false);
      const live = tasks.filter((t) => t.DesiredState === 'running');
      if (p.phase === 'rolling-back' || p.phase === 'rolled-back') {
        if (rollingBack === null) {
          this.log.warn(`Swarm is rolling the update back by itself: ${p.message}`);
          // the first message says why ("update rolled back due to failure or early termination of task …")
          rollingBack = p.message;
        }
      }
      if (p.phase === 'rolled-back') {
        const failed = failedTasks(tasks, image);
        const reason = swarmRollbackReason(rollingBack || p.message, failed, this.nodeName);
        const previousImage = svc.Spec.TaskTemplate.ContainerSpec.Image;
        const back = await this.waitRunning(ctx, previousImage, 'Swarm rollback');
        return { kind: 'rolled-back-by-orchestrator', reason, failedUnits: failed.map((t) => this.unit(t)), units: back.units, backHealthy: back.healthy };
      }
      if (p.phase === 'paused') return { kind: 'failed', reason: `Swarm paused the update: ${p.message}`, units: live.map((t) => this.unit(t)) };
      if (p.phase === 'completed' || p.phase === 'created') {
        const r = readiness(tasks, image, this.swarm.replicas);
        if (r.ready) return { kind: 'completed', units: r.running.map((t) => this.unit(t)) };
        last = r.waiting;
        // a created service has no failure action: when every slot has failed twice, the deploy
        // fails (Swarm would keep restarting them)
        const failed = p.phase === 'created' ? failedTasks(tasks, image) : [];
        if (failed.length >= 2 * this.swarm.replicas) return { kind: 'failed', reason: swarmRollbackReason('', failed, this.nodeName).replace(/^rolled back by Swarm \(update failure action\)/, 'the new service does not start'), units: [] };
      } else last = p.phase === 'pending' ? 'waiting for Swarm to start the update' : readiness(tasks, image, this.swarm.replicas).waiting;
      if (ctx.signal.aborted && !rollingBack) return { kind: 'failed', reason: 'interrupted by a signal during the update', units: live.map((t) => this.unit(t)) };
      if (ctx.clock.now() >= deadline) return { kind: 'failed', reason: `the update did not finish within ${this.swarm.updateTimeoutMs / 1000}s (${rollingBack ? `Swarm rolling back: ${rollingBack}` : last})`, units: live.map((t) => this.unit(t)) };
      await ctx.clock.sleep(POLL_MS);
    }
  }

  /** Waits until every replica runs `image` and answers its health check (Swarm's rollback_completed comes earlier). */
  private async waitRunning(ctx: RunContext, image: string, what: string): Promise<OrchestratorUndo> {
    const deadline = ctx.clock.now() + this.swarm.updateTimeoutMs;
    for (;;) {
      const r = readiness(await this.tasks(false), image, this.swarm.replicas);
      if (r.ready) {
        const units = r.running.map((t) => this.unit(t));
        const health = await this.health(ctx, units);
        const bad = units.filter((u) => !health.get(u.id)?.healthy);
        if (bad.length === 0) return { healthy: true, detail: `every task runs ${units[0]?.version ?? image} and answers its health check`, units };
        if (ctx.clock.now() >= deadline) return { healthy: false, detail: `${what}: ${bad.map((u) => `${u.host ?? u.address}: ${health.get(u.id)?.detail}`).join('; ')}`, units };
      } else if (ctx.clock.now() >= deadline) {
        return { healthy: false, detail: `${what} did not finish within ${this.swarm.updateTimeoutMs / 1000}s: ${r.waiting}`, units: r.running.map((t) => this.unit(t)) };
      }
      await ctx.clock.sleep(POLL_MS);
    }
  }

  async undo(ctx: RunContext): Promise<OrchestratorUndo> {
    const svc = await this.service();
    if (!svc) return { healthy: false, detail: `service ${this.swarm.service} does not exist`, units: [] };
    if (!svc.PreviousSpec) return { healthy: false, detail: `Swarm keeps no previous spec of ${this.swarm.service}: nothing to roll back to`, units: [] };
    const previousImage = svc.PreviousSpec.TaskTemplate.ContainerSpec.Image;
    this.log.info(`asking Swarm to roll ${this.swarm.service} back to its previous spec (${svc.PreviousSpec.Labels?.[LABEL.version] ?? previousImage})`);
    await this.update(svc, svc.Spec, this.registryAuth(), true);
    const deadline = ctx.clock.now() + this.swarm.updateTimeoutMs;
    for (;;) {
      const now = await this.service();
      const p = updatePhase(now?.UpdateStatus, svc.UpdateStatus);
      if (p.phase === 'rolled-back' || p.phase === 'completed') break;
      if (p.phase === 'paused') return { healthy: false, detail: `Swarm paused the rollback: ${p.message}`, units: [] };
      if (ctx.clock.now() >= deadline) break;
      await ctx.clock.sleep(POLL_MS);
    }
    return this.waitRunning(ctx, previousImage, 'rollback');
  }

  async health(_ctx: RunContext, units: Unit[]): Promise<Map<string, { healthy: boolean; detail: string }>> {
    const h = this.config.health;
    const out = new Map<string, { healthy: boolean; detail: string }>();
    await Promise.all(
      units.map(async (u) => {
        if (u.state !== 'running') return void out.set(u.id, { healthy: false, detail: `task is ${u.state}` });
        if (!h.path || !h.port) return void out.set(u.id, { healthy: true, detail: 'task running (Swarm counts a task running only once its health check passes)' });
        const url = hostUrl(h.scheme, u.address, h.port, h.path);
        const r = await httpGet(url, h.requestTimeoutMs);
        out.set(u.id, { healthy: r.ok, detail: r.ok ? `GET ${url} answered 2xx` : `GET ${url}: ${r.error ?? `HTTP ${r.status}`}` });
      }),
    );
    return out;
  }

  close(): void {
    this.engine.close();
  }
}
