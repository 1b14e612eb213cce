import type { Config } from '../config/types';
import { resolveExisting } from '../docker/image';
import type { RunContext } from '../engine/context';
import { finishReport, newReport } from '../engine/report-builder';
import type { LogOptions, Observation, Release, RolloutSession, StepOutcome, Target, WatchedNode } from '../engine/target';
import { RollwatchError, errorMessage } from '../errors';
import type { HostReport, HostResult, RunReport } from '../report/model';
import { serviceLogsCommand } from './ssh/commands';
import { historyOf, recordOn, splitLines, withFleet } from './ssh/day2';
import { watchedNode } from './ssh/deploy';
import { Fleet, describeHolder, type FleetMember } from './ssh/fleet';
import { lockCommand } from './ssh/status';

/** One running instance of the app that the orchestrator placed on a node. */
export interface Unit {
  id: string;
  /** The host (from the config's `hosts`) the unit runs on, when it is one of them. */
  host: string | null;
  /** The node's address: probes go to address:port (host network / host-mode ports). */
  address: string;
  version: string | null;
  image: string;
  state: string;
  /** Orchestrator's error for a unit that failed (e.g. "task: non-zero exit (3)"). */
  error: string | null;
  exitCode: number | null;
}

/** What the orchestrator runs now for the app. */
export interface ServiceState {
  version: string | null;
  image: string;
  /** The version the orchestrator would return to on `undo` (null: none kept). */
  previousVersion: string | null;
  units: Unit[];
  /** The orchestrator's own word on its last update (e.g. Swarm's UpdateStatus). */
  updateState: string | null;
  updateMessage: string | null;
}

export type RolloutOutcome =
  /** Every unit runs the release and the orchestrator calls it done. */
  | { kind: 'completed'; units: Unit[] }
  /** The orchestrator's own failure action put the previous release back. */
  | { kind: 'rolled-back-by-orchestrator'; reason: string; failedUnits: Unit[]; units: Unit[]; backHealthy: boolean }
  /** Anything else: timeout, paused update, API error. */
  | { kind: 'failed'; reason: string; units: Unit[] };

export interface OrchestratorUndo {
  healthy: boolean;
  detail: string;
  units: Unit[];
}

/**
 * An orchestrator that runs the app's units itself (Swarm, Kubernetes). `orchestratorTarget`
 * turns one into the engine's Target: the pipeline adds build, lock, verification window,
 * detector, rollback and report.
 */
export interface Orchestrator {
  /** e.g. "swarm service web via manager h1 (10.213.0.11)". */
  describe(): string;
  /** Connects and checks the orchestrator answers and can be driven; throws before any change. */
  preflight(): Promise<string>;
  /** The current state, or null when the service does not exist yet. */
  current(): Promise<ServiceState | null>;
  /** Rolls the release out with the orchestrator's own rolling update and waits for its verdict. */
  rollout(ctx: RunContext, release: Release): Promise<RolloutOutcome>;
  /** The orchestrator's rollback to the previous spec; waits until every unit runs it, healthy. */
  undo(ctx: RunContext): Promise<OrchestratorUndo>;
  /** Whether each unit answers its health check now (by unit id). */
  health(ctx: RunContext, units: Unit[]): Promise<Map<string, { healthy: boolean; detail: string }>>;
  close(): void;
}

/**
 * A Target for an orchestrator that runs the units itself: its rolling update is the rollout's
 * one step, its rollback the undo. The nodes are the config's `hosts`: SSH to them gives host
 * metrics and the deploy lock (held on the manager host), as for the SSH target.
 */
export function orchestratorTarget(kind: 'swarm', config: Config, make: (ctx: RunContext) => Orchestrator): Target {
  
  /** Runs a read-only or rollback command with an orchestrator and the fleet; closes both. */
  async function command(ctx: RunContext, name: string, version: string | null, body: (s: Session) => Promise<void>): Promise<RunReport> {
    const report = newReport(ctx, name, version);
    const s = openSession(ctx, report, make(ctx));
    report.target = { kind, description: s.orch.describe() };
    try {
      await body(s);
    } catch (err) {
      report.outcome = 'failed';
      report.reason = errorMessage(err);
    } finally {
      await closeSession(s);
    }
    return finishReport(ctx, report);
  }

  return {
    kind,
    session: (ctx) => rolloutSession(openSession(ctx, newReport(ctx, 'deploy', null), make(ctx))),
    observe: (ctx) => observe(openSession(ctx, newReport(ctx, 'verify', null), make(ctx))),
    rollback: (ctx, version) => command(ctx, 'rollback', version ?? null, (s) => rollback(s, version)),
    status: (ctx) => command(ctx, 'status', null, (s) => status(s)),
    plan: (ctx, version) => command(ctx, 'plan', version, (s) => plan(s)),
    lock: (ctx, action) => lockCommand(ctx, action),
    // The history lives on the manager host, next to the lock.
    record: (ctx, entry) => withFleet(ctx, (fleet) => recordOn([managerOf(ctx, fleet)], entry)),
    history: (ctx, limit) => withFleet(ctx, (fleet) => historyOf([managerOf(ctx, fleet)], ctx.config.app, limit)),
    logs: (ctx, options, onLine) => withFleet(ctx, (fleet) => serviceLogs(ctx, fleet, options, onLine)),
    async exec() {
      throw new RollwatchError('input', `rollwatch exec runs in containers rollwatch starts itself (target ssh); a ${kind} service's tasks are the orchestrator's: use docker exec on the node that runs the task`, 'command');
    },
  };
}

interface Session {
  ctx: RunContext;
  /** Host rows and the report fields the commands fill. */
  report: RunReport;
  orch: Orchestrator;
  fleet: Fleet;
  locked: boolean;
}

function openSession(ctx: RunContext, report: RunReport, orch: Orchestrator): Session {
  return { ctx, report, orch, fleet: new Fleet(ctx), locked: false };
}

/** Rows in the config's host order; nodes that are not config hosts last. */
function inConfigOrder(ctx: RunContext, rows: HostReport[]): HostReport[] {
  const order = (name: string) => ((i) => (i < 0 ? Number.MAX_SAFE_INTEGER : i))(ctx.config.hosts.findIndex((h) => h.name === name));
  return rows.sort((a, b) => order(a.name) - order(b.name));
}

async function closeSession(s: Session): Promise<void> {
  inConfigOrder(s.ctx, s.report.hosts);
  if (s.locked) await releaseLock(s);
  s.report.warnings.push(...s.fleet.warnings);
  s.orch.close();
  s.fleet.close();
}

async function phase<T>(s: Session, name: string, fn: () => Promise<T>): Promise<T> {
  const t = s.ctx.clock.now();
  try {
    return await s.ctx.log.group(name, fn);
  } finally {
    s.report.phases.push({ step: name, ms: s.ctx.clock.now() - t });
  }
}

function managerOf(ctx: RunContext, fleet: Fleet): FleetMember {
  return fleet.member(ctx.config.swarm?.manager ?? ctx.config.hosts[0].name);
}

function lockHost(s: Session): FleetMember {
  return managerOf(s.ctx, s.fleet);
}

/**
 * One line of `docker service logs`: "web.1.abc@node-2 | text", with the timestamp in front or
 * after the bar depending on the Docker version; the timestamp stays at the start of the line.
 */
export function parseServiceLogLine(raw: string): { node: string; line: string } | null {
  const m = /^(?:([0-9]{4}-[0-9]{2}-[0-9]{2}T\S+)\s+)?\S+@(\S+?)\s*\|\s?(.*)$/.exec(raw);
  if (!m) return null;
  return { node: m[2], line: m[1] ? `${m[1]} ${m[3]}` : m[3] };
}

/** `docker service logs` on the manager: every task's lines, each with the node it ran on. */
async function serviceLogs(ctx: RunContext, fleet: Fleet, options: LogOptions, onLine: (node: string, line: string) => void): Promise<string[]> {
  const manager = managerOf(ctx, fleet);
  const service = ctx.config.swarm?.service ?? ctx.config.app;
  const r = await manager.connection.run(serviceLogsCommand(service, options), {
    timeoutMs: options.follow ? Number.POSITIVE_INFINITY : 60_000,
    onStdout: splitLines((l) => {
      const parsed = parseServiceLogLine(l);
      if (parsed && (!options.host || parsed.node === options.host)) onLine(parsed.node, parsed.line);
      else if (!parsed && !options.host) onLine(manager.host.name, l);
    }),
    signal: ctx.signal,
  });
  return r.code === 0 || ctx.signal.aborted ? [] : [`${manager.host.name}: docker service logs failed (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`];
}

/** Connects to the orchestrator; with `lock`, takes the deploy lock on the manager host. */
async function preflight(s: Session, lock: boolean, version: string | null): Promise<void> {
  const engine = await s.orch.preflight();
  s.ctx.log.info(`${s.orch.describe()}: ${engine}`);
  if (!lock) return;
  const m = lockHost(s);
  const r = await m.agent.acquireLock({ run: s.ctx.runId, commit: s.ctx.commit, version, actor: s.ctx.actor, command: s.ctx.command, since: new Date(s.ctx.clock.now()).toISOString(), host: m.host.name });
  if (!r.acquired) {
    throw new RollwatchError('lock', `the deploy lock of ${s.ctx.config.app} is held, nothing was changed:\n  ${m.host.name}: held by ${describeHolder(r.holder)}`, undefined, 'wait for that run to finish, or if it is gone: rollwatch lock release --config FILE');
  }
  s.locked = true;
}

async function releaseLock(s: Session): Promise<void> {
  const m = lockHost(s);
  try {
    await m.agent.releaseLock(s.ctx.runId);
    s.locked = false;
  } catch (err) {
    s.ctx.log.warn(`could not release the lock on ${m.host.name}: ${errorMessage(err)}`);
    s.report.warnings.push(`the deploy lock of this run is still held on ${m.host.name}: rollwatch lock release --config FILE`);
  }
}

/** One row per node that ran or runs a unit (name = the config host, else the node address). */
function rows(before: Unit[], after: Unit[], result: (name: string, had: Unit | undefined, has: Unit | undefined) => Pick<HostReport, 'result' | 'healthy' | 'detail'>, previousVersion: string | null): HostReport[] {
  const names = [...new Set([...before, ...after].map((u) => u.host ?? u.address))];
  return names.map((name) => {
    const had = before.find((u) => (u.host ?? u.address) === name);
    const has = after.find((u) => (u.host ?? u.address) === name);
    return { name, address: (has ?? had)!.address, previous: had?.version ?? (had ? previousVersion : null), final: has?.version ?? null, retained: [], steps: [], ...result(name, had, has) };
  });
}

/** The nodes in `hosts` that run one of `units` (units on other nodes cannot be measured). */
function nodesOf(s: Session, units: Unit[]): WatchedNode[] {
  const names = new Set(units.map((u) => u.host).filter((h): h is string => h !== null));
  return s.fleet.members.filter((m) => names.has(m.host.name)).map(watchedNode);
}

/** The pipeline's side of a deploy: the orchestrator's rolling update as one step, its rollback as undo. */
function rolloutSession(s: Session): RolloutSession {
  const { ctx, report, orch } = s;
  let before: ServiceState | null = null;
  /** What the orchestrator runs after the last step or undo; null before the update was sent. */
  let after: Unit[] | null = null;
  let needsUndo = false;

  return {
    describe: () => orch.describe(),
    warnings: report.warnings,
    async preflight(version) {
      await preflight(s, true, version);
      before = await orch.current();
      report.previousVersion = before?.version ?? null;
      report.hosts = rows(before?.units ?? [], [], () => ({ result: 'untouched', healthy: null, detail: '' }), report.previousVersion).map((h) => ({ ...h, final: h.previous }));
      return { previousVersion: report.previousVersion };
    },
    baselineNodes: async () => nodesOf(s, before?.units ?? []),
    steps: () => [{ label: `rollout: ${orch.describe()}`, nodes: [] }],
    async runStep(_index, release: Release): Promise<StepOutcome> {
      const beforeUnits = before?.units ?? [];
      const previous = report.previousVersion;
      needsUndo = before !== null;
      const outcome = await orch.rollout(ctx, release);
      after = outcome.units;
      if (outcome.kind === 'rolled-back-by-orchestrator') {
        needsUndo = false;
        const failedOn = new Map(outcome.failedUnits.map((u) => [u.host ?? u.address, u]));
        report.hosts = rows(beforeUnits, outcome.units, (name, _had, has) => {
          const failed = failedOn.get(name);
          const result: HostResult = !outcome.backHealthy && has ? 'failed' : failed ? 'restored' : 'untouched';
          return {
            result,
            healthy: has ? outcome.backHealthy : null,
            detail: failed ? `${release.version} failed here: ${failed.error ?? failed.state}${failed.exitCode ? ` (exit code ${failed.exitCode})` : ''}; Swarm put ${previous ?? 'the previous version'} back` : has ? `on ${has.version}` : '',
          };
        }, previous);
        return { ok: false, reason: `${outcome.reason}; ${outcome.backHealthy ? `every task is back on ${previous ?? 'the previous version'} and healthy` : 'the previous version is NOT healthy everywhere'}` };
      }
      if (outcome.kind === 'failed') {
        ctx.log.error(outcome.reason);
        report.hosts = rows(beforeUnits, outcome.units, () => ({ result: 'failed', healthy: false, detail: outcome.reason }), previous);
        return { ok: false, reason: outcome.reason };
      }
      const health = await orch.health(ctx, outcome.units);
      report.hosts = rows(beforeUnits, outcome.units, (_n, had, has) => ({
        result: has ? (had?.version === release.version ? 'unchanged' : 'deployed') : 'untouched',
        healthy: has ? (health.get(has.id)?.healthy ?? null) : null,
        detail: has ? `task ${has.id.slice(0, 12)} ${has.state}` : 'no task of the service here now',
      }), previous);
      const candidates = nodesOf(s, outcome.units);
      if (candidates.length < outcome.units.length) report.warnings.push(`${outcome.units.length - candidates.length} task(s) run on nodes that are not in hosts: they are not verified`);
      return { ok: true, candidates, changed: report.hosts.some((h) => h.result === 'deployed') };
    },
    async undo() {
      if (!needsUndo) {
        const healthy = !report.hosts.some((h) => h.result === 'failed');
        return { healthy, summary: before || after === null ? null : `the service was created by this run, so there is no previous version to return to; it is left running` };
      }
      needsUndo = false;
      const back = await orch.undo(ctx);
      report.hosts = rows(after ?? [], back.units, (_n, _had, has) => ({ result: back.healthy ? 'rolled-back' : 'failed', healthy: has ? back.healthy : null, detail: has ? `task ${has.id.slice(0, 12)} ${has.state}` : 'no task here after the rollback' }), null).map((h) => ({ ...h, previous: report.previousVersion }));
      after = back.units;
      return { healthy: back.healthy, summary: `rolled back by rollwatch through Swarm's rollback: ${back.detail}` };
    },
    keep: async () => undefined,
    record: (entry) => recordOn([lockHost(s)], entry),
    progress: () => ({ touched: {}, lockedHosts: s.locked ? [lockHost(s).host.name] : [] }),
    rows: () => report.hosts,
    close: () => closeSession(s),
  };
}

async function observe(s: Session): Promise<Observation> {
  const { ctx, orch } = s;
  try {
    await preflight(s, false, null);
    const cur = await orch.current();
    const units = cur?.units ?? [];
    const health = await orch.health(ctx, units);
    return {
      description: orch.describe(),
      version: cur?.version ?? null,
      nodes: nodesOf(s, units),
      rows: inConfigOrder(ctx, units.map((u) => ({ name: u.host ?? u.address, address: u.address, previous: null, final: u.version, result: 'ok', healthy: health.get(u.id)?.healthy ?? null, detail: `task ${u.id.slice(0, 12)} ${u.state}`, retained: [], steps: [] }))),
      heal: [],
      warnings: s.fleet.warnings,
      close: () => (orch.close(), s.fleet.close()),
    };
  } catch (err) {
    orch.close();
    s.fleet.close();
    throw err;
  }
}

async function rollback(s: Session, requested?: string): Promise<void> {
  const { ctx, report, orch } = s;
  const t0 = ctx.clock.now();
  const before = await phase(s, 'preflight', async () => {
    await preflight(s, true, requested ?? null);
    return orch.current();
  });
  if (!before) throw new RollwatchError('rollback', `service ${ctx.config.swarm?.service} does not exist; nothing was changed`);
  report.previousVersion = before.version;
  if (requested && requested === before.version) {
    const health = await orch.health(ctx, before.units);
    report.version = requested;
    report.hosts = rows(before.units, before.units, (_n, _h, has) => ({ result: 'unchanged', healthy: has ? (health.get(has.id)?.healthy ?? null) : null, detail: `already on ${requested}` }), null);
    report.outcome = 'ok';
    report.reason = `already on ${requested}`;
    return;
  }
  let units: Unit[];
  let healthy: boolean;
  let detail: string;
  if (requested) {
    // Swarm keeps one previous spec: any other version is a new update to that digest.
    const existing = await resolveExisting(ctx.config.dockerHost, ctx.config.image.repository, requested, ctx.config.registry);
    if (!existing) throw new RollwatchError('rollback', `${ctx.config.image.repository}:${requested} is not in the registry; nothing was changed`, 'version');
    report.image = existing.tagRef;
    report.digest = existing.digest;
    const out = await phase(s, 'rollback', () => orch.rollout(ctx, { version: requested, imageRef: existing.imageRef, digest: existing.digest }));
    units = out.units;
    healthy = out.kind === 'completed';
    detail = out.kind === 'completed' ? `every task runs ${requested}` : out.reason;
    report.version = requested;
  } else {
    if (!before.previousVersion) {
      throw new RollwatchError('rollback', `Swarm keeps no previous spec of ${ctx.config.swarm?.service} (an automatic rollback clears it); nothing was changed`, 'version', 'name the version to return to with --version');
    }
    report.version = before.previousVersion;
    const back = await phase(s, 'rollback', () => orch.undo(ctx));
    ({ units, healthy, detail } = back);
  }
  report.timings.recoverMs = ctx.clock.now() - t0;
  report.hosts = rows(before.units, units, (_n, _had, has) => ({ result: healthy ? 'rolled-back' : 'failed', healthy: has ? healthy : null, detail }), before.version);
  report.outcome = healthy ? 'ok' : 'failed';
  report.reason = healthy ? `all tasks on ${report.version}` : `rollback stopped: ${detail}`;
}

async function status(s: Session): Promise<void> {
  const { ctx, report, orch } = s;
  await preflight(s, false, null);
  const cur = await orch.current();
  if (!cur) {
    report.outcome = 'ok';
    report.reason = `service ${ctx.config.swarm?.service} does not exist yet`;
    return;
  }
  const health = await orch.health(ctx, cur.units);
  report.version = cur.version;
  report.hosts = cur.units.map((u) => ({
    name: u.host ?? u.address,
    address: u.address,
    previous: null,
    final: u.version,
    result: 'ok',
    healthy: health.get(u.id)?.healthy ?? null,
    detail: `task ${u.id.slice(0, 12)} ${u.state}${health.get(u.id)?.healthy === false ? `: ${health.get(u.id)?.detail}` : ''}`,
    retained: cur.previousVersion ? [cur.previousVersion] : [],
    steps: [],
  }));
  const holder = await lockHost(s).agent.readLock();
  report.lock = [{ host: lockHost(s).host.name, held: holder !== null, holder }];
  const replicas = ctx.config.swarm?.replicas ?? 0;
  const bad = report.hosts.filter((h) => h.healthy === false);
  const versions = new Set(cur.units.map((u) => u.version));
  report.outcome = bad.length || cur.units.length < replicas ? 'failed' : 'ok';
  report.reason = bad.length
    ? `${bad.map((h) => h.name).join(', ')}: unhealthy`
    : cur.units.length < replicas
      ? `${cur.units.length}/${replicas} task(s) running`
      : versions.size === 1
        ? `all ${cur.units.length} task(s) on ${cur.version}${cur.updateState ? ` (last update: ${cur.updateState}${cur.updateMessage ? `, "${cur.updateMessage}"` : ''})` : ''}`
        : `tasks run different versions: ${[...versions].join(', ')}`;
}

async function plan(s: Session): Promise<void> {
  const { ctx, report, orch } = s;
  const sw = ctx.config.swarm!;
  await preflight(s, false, null);
  const cur = await orch.current();
  const holder = await lockHost(s).agent.readLock();
  report.lock = [{ host: lockHost(s).host.name, held: holder !== null, holder }];
  report.previousVersion = cur?.version ?? null;
  const how = `parallelism ${sw.parallelism}, delay ${sw.delayMs / 1000}s, ${sw.order}, monitor ${sw.monitorMs / 1000}s, failure action rollback`;
  const intent = cur
    ? cur.version === report.version
      ? `already runs ${report.version}: would check health only`
      : `update ${sw.service} from ${cur.version ?? cur.image} to ${ctx.config.image.repository}:${report.version} by digest (${how})${ctx.config.verify.enabled ? ', verify' : ''}; Swarm rollback on regression`
    : `create ${sw.service} with ${sw.replicas} replica(s) of ${ctx.config.image.repository}:${report.version} by digest`;
  report.hosts = (cur?.units ?? []).map((u) => ({ name: u.host ?? u.address, address: u.address, previous: u.version, final: report.version, result: 'ok', healthy: null, detail: `task ${u.id.slice(0, 12)} on ${u.version ?? u.image}`, retained: cur?.previousVersion ? [cur.previousVersion] : [], steps: [] }));
  report.outcome = holder ? 'failed' : 'ok';
  report.reason = holder ? `a deploy would be refused: the lock is held on ${lockHost(s).host.name}` : `${intent}; nothing was changed`;
}
