import type { Config } from '../config/types';
import { RollwatchError, errorMessage } from '../errors';
import { buildAndPush, resolveExisting, type BuiltImage } from '../docker/image';
import type { RunContext } from '../engine/context';
import { resolveVersion } from '../engine/deploy';
import { Fleet, describeHolder, type FleetMember } from '../engine/fleet';
import type { Release } from '../engine/host-rollout';
import { finishReport, keptOutcome, newReport } from '../engine/report-builder';
import { lockCommand } from '../engine/status';
import { watcher } from '../engine/watch';
import type { HostReport, HostResult, RunReport, VerificationReport } from '../report/model';
import type { Orchestrator, Target, Unit } from './target';

/**
 * The engine for targets whose orchestrator runs the units itself (Swarm today, Kubernetes
 * next): rollwatch builds, takes the lock, lets the orchestrator roll the release out, then runs
 * the same verification window, detector and report as the SSH target on the units' nodes, and
 * asks the orchestrator to roll back on a regression.
 *
 * The nodes are the config's `hosts`: SSH to them gives host metrics and the deploy lock (held
 * on the manager host), exactly as for the SSH target.
 */
export function orchestratedTarget(kind: 'swarm', config: Config, make: (ctx: RunContext) => Orchestrator): Target {
  const watch = watcher(config);

  /** Runs `body` with an orchestrator and the fleet; closes both. */
  async function session(ctx: RunContext, command: string, version: string | null, body: (s: Session) => Promise<void>): Promise<RunReport> {
    const report = newReport(ctx, command, version);
    const orch = make(ctx);
    const fleet = new Fleet(ctx);
    report.target = { kind, description: orch.describe() };
    const s: Session = { ctx, report, orch, fleet, locked: false };
    try {
      await body(s);
    } catch (err) {
      report.outcome = 'failed';
      report.reason = errorMessage(err);
    } finally {
      const order = (name: string) => ((i) => (i < 0 ? Number.MAX_SAFE_INTEGER : i))(ctx.config.hosts.findIndex((h) => h.name === name));
      report.hosts.sort((a, b) => order(a.name) - order(b.name));
      if (s.locked) await releaseLock(s);
      report.warnings.push(...fleet.warnings);
      orch.close();
      fleet.close();
    }
    return finishReport(ctx, report);
  }

  return {
    kind,
    deploy: (ctx, o) => session(ctx, 'deploy', resolveVersion(ctx, o.version), (s) => deploy(s, watch, o.forceBuild)),
    rollback: (ctx, version) => session(ctx, 'rollback', version ?? null, (s) => rollback(s, version)),
    status: (ctx) => session(ctx, 'status', null, (s) => status(s)),
    verify: (ctx) => session(ctx, 'verify', null, (s) => verify(s, watch)),
    plan: (ctx, version) => session(ctx, 'plan', resolveVersion(ctx, version), (s) => plan(s)),
    lock: (ctx, action) => lockCommand(ctx, action),
  };
}

interface Session {
  ctx: RunContext;
  report: RunReport;
  orch: Orchestrator;
  fleet: Fleet;
  locked: boolean;
}

function lockHost(s: Session): FleetMember {
  return s.fleet.member(s.ctx.config.swarm?.manager ?? s.ctx.config.hosts[0].name);
}

async function phase<T>(s: Session, name: string, fn: () => Promise<T>): Promise<T> {
  const t = s.ctx.clock.now();
  try {
    return await s.ctx.log.group(name, fn);
  } finally {
    s.report.phases.push({ step: name, ms: s.ctx.clock.now() - t });
  }
}

function checkpoint(s: Session, version: string | null, p: 'preflight' | 'rollout' | 'verify' | 'rollback' | 'done'): void {
  s.ctx.onCheckpoint?.({ runId: s.ctx.runId, app: s.ctx.config.app, command: s.ctx.command === 'rollback' ? 'rollback' : 'deploy', version, phase: p, touched: {}, lockedHosts: s.locked ? [lockHost(s).host.name] : [] });
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
  checkpoint(s, version, 'preflight');
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

function membersFor(s: Session, units: Unit[]): FleetMember[] {
  const names = new Set(units.map((u) => u.host).filter((h): h is string => h !== null));
  return s.fleet.members.filter((m) => names.has(m.host.name));
}

async function buildImage(s: Session, version: string, forceBuild?: boolean): Promise<BuiltImage> {
  const { config, log } = s.ctx;
  if (config.image.build) {
    return buildAndPush({ dockerHost: config.dockerHost, app: config.app, repository: config.image.repository, version, extraTags: config.image.tags, build: config.image.build, registry: config.registry, revision: s.ctx.commit, force: forceBuild }, log);
  }
  const existing = await resolveExisting(config.dockerHost, config.image.repository, version, config.registry);
  if (!existing) throw new RollwatchError('build', `${config.image.repository}:${version} is not in the registry and image.build is not configured`, 'image.build');
  return existing;
}

async function deploy(s: Session, watch: ReturnType<typeof watcher>, forceBuild?: boolean): Promise<void> {
  const { ctx, report, orch } = s;
  const { clock, log } = ctx;
  const version = report.version!;
  const before = await phase(s, 'preflight', async () => {
    await preflight(s, true, version);
    return orch.current();
  });
  report.previousVersion = before?.version ?? null;
  const beforeUnits = before?.units ?? [];
  report.hosts = rows(beforeUnits, [], () => ({ result: 'untouched', healthy: null, detail: '' }), report.previousVersion).map((h) => ({ ...h, final: h.previous }));

  const tBuild = clock.now();
  const image = await phase(s, 'build', () => buildImage(s, version, forceBuild));
  report.timings.buildMs = clock.now() - tBuild;
  report.image = image.tagRef;
  report.digest = image.digest;
  const release: Release = { version, imageRef: image.imageRef, digest: image.digest };

  const preDeploy = watch && beforeUnits.length > 0 ? await phase(s, 'baseline', () => watch.baseline(ctx, s.fleet)) : undefined;

  if (ctx.signal.aborted) throw new RollwatchError('deploy', 'interrupted by a signal before the update was sent; nothing was changed');
  checkpoint(s, version, 'rollout');
  const tRollout = clock.now();
  const outcome = await phase(s, `rollout: ${orch.describe()}`, () => orch.rollout(ctx, release));
  report.timings.deployServerMs = clock.now() - tRollout;

  if (outcome.kind === 'rolled-back-by-orchestrator') {
    report.outcome = 'failed';
    report.reason = `${outcome.reason}; ${outcome.backHealthy ? `every task is back on ${report.previousVersion ?? 'the previous version'} and healthy` : 'the previous version is NOT healthy everywhere'}`;
    const failedOn = new Map(outcome.failedUnits.map((u) => [u.host ?? u.address, u]));
    report.hosts = rows(beforeUnits, outcome.units, (name, _had, has) => {
      const failed = failedOn.get(name);
      return {
        result: (failed ? 'restored' : 'untouched') as HostResult,
        healthy: has ? outcome.backHealthy : null,
        detail: failed ? `${version} failed here: ${failed.error ?? failed.state}${failed.exitCode ? ` (exit code ${failed.exitCode})` : ''}; Swarm put ${report.previousVersion ?? 'the previous version'} back` : has ? `on ${has.version}` : '',
      };
    }, report.previousVersion);
    if (!outcome.backHealthy) report.hosts.forEach((h) => (h.result = h.healthy === false ? 'failed' : h.result));
    return;
  }
  if (outcome.kind === 'failed') {
    log.error(outcome.reason);
    const back = before ? await phase(s, 'rollback', () => orch.undo(ctx)) : null;
    report.outcome = 'failed';
    report.reason = `${outcome.reason}${back ? `; rolled back by rollwatch: ${back.detail}` : ''}`;
    report.hosts = rows(beforeUnits, back?.units ?? outcome.units, (_n, _had, has) => ({ result: back?.healthy ? 'restored' : 'failed', healthy: back ? back.healthy : false, detail: back?.detail ?? outcome.reason }), report.previousVersion);
    return;
  }

  const health = await s.orch.health(ctx, outcome.units);
  report.hosts = rows(beforeUnits, outcome.units, (_n, had, has) => ({
    result: has ? (had?.version === version ? 'unchanged' : 'deployed') : 'untouched',
    healthy: has ? (health.get(has.id)?.healthy ?? null) : null,
    detail: has ? `task ${has.id.slice(0, 12)} ${has.state}` : 'no task of the service here now',
  }), report.previousVersion);

  let verification: VerificationReport | null = null;
  if (watch) {
    checkpoint(s, version, 'verify');
    const candidates = membersFor(s, outcome.units);
    if (candidates.length < outcome.units.length) report.warnings.push(`${outcome.units.length - candidates.length} task(s) run on nodes that are not in hosts: they are not verified`);
    verification = await phase(s, 'verify', () => watch.verify({ ctx, fleet: s.fleet, release, candidates, baselineHosts: [], preDeploy, windowStartedAt: clock.now() }));
  }
  report.verification = verification;
  // interrupted (SIGINT/SIGTERM) before the window could judge the release: put the old one back
  const interrupted = ctx.signal.aborted && verification?.verdict !== 'pass';
  const regressed = interrupted || verification?.verdict === 'fail' || (verification?.verdict === 'inconclusive' && verification.onInconclusive === 'rollback');
  if (!regressed) {
    report.outcome = keptOutcome(verification);
    report.reason = verification ? `verification ${verification.verdict}: ${verification.reason}` : `all ${outcome.units.length} task(s) on ${version} and healthy`;
    checkpoint(s, version, 'done');
    return;
  }
  if (!before) {
    report.outcome = 'failed';
    if (interrupted) return void (report.reason = 'interrupted by a signal before the release was verified; the service was created by this run and is left running');
    report.reason = `verification ${verification!.verdict}: ${verification!.reason}; the service was created by this run, so there is no previous version to return to`;
    return;
  }
  const tVerdict = clock.now();
  checkpoint(s, version, 'rollback');
  const back = await phase(s, 'rollback', () => orch.undo(ctx));
  report.timings.recoverMs = clock.now() - tVerdict;
  report.outcome = back.healthy && !interrupted ? 'rolled-back' : 'failed';
  report.timings.recoverMs = interrupted ? null : report.timings.recoverMs;
  report.reason = `${interrupted ? 'interrupted by a signal before the release was verified' : `verification ${verification!.verdict}: ${verification!.reason}`}; rolled back by rollwatch through Swarm's rollback: ${back.detail}`;
  report.hosts = rows(outcome.units, back.units, (_n, _had, has) => ({ result: back.healthy ? 'rolled-back' : 'failed', healthy: has ? back.healthy : null, detail: has ? `task ${has.id.slice(0, 12)} ${has.state}` : 'no task here after the rollback' }), null).map((h) => ({ ...h, previous: report.previousVersion }));
  checkpoint(s, version, 'done');
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

async function verify(s: Session, watch: ReturnType<typeof watcher>): Promise<void> {
  const { ctx, report, orch } = s;
  await preflight(s, false, null);
  const cur = await orch.current();
  if (!cur || cur.units.length === 0) throw new RollwatchError('verify', `service ${ctx.config.swarm?.service} runs no task: nothing to verify`);
  report.version = cur.version;
  const health = await orch.health(ctx, cur.units);
  report.hosts = cur.units.map((u) => ({ name: u.host ?? u.address, address: u.address, previous: null, final: u.version, result: 'ok', healthy: health.get(u.id)?.healthy ?? null, detail: `task ${u.id.slice(0, 12)} ${u.state}`, retained: [], steps: [] }));
  if (!watch) {
    report.outcome = report.hosts.some((h) => h.healthy === false) ? 'failed' : 'ok';
    report.reason = 'verify.enabled is false: health checks only';
    return;
  }
  const quiet = { ...ctx, config: { ...ctx.config, verify: { ...ctx.config.verify, baseline: 0 } } };
  const pre = ctx.config.prometheus ? await watch.baseline(quiet, s.fleet) : undefined;
  const v = await watch.verify({ ctx, fleet: s.fleet, release: { version: cur.version ?? 'unknown', imageRef: cur.image, digest: '' }, candidates: membersFor(s, cur.units), baselineHosts: [], preDeploy: pre, windowStartedAt: ctx.clock.now() });
  report.verification = v;
  report.outcome = v.verdict === 'fail' ? 'failed' : v.verdict === 'inconclusive' ? 'inconclusive' : 'ok';
  report.reason = `verification ${v.verdict}: ${v.reason}`;
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
