import { checkValue } from '../config/values';
import { RollwatchError, errorMessage, inputError } from '../errors';
import { buildAndPush, resolveExisting, type BuiltImage } from '../docker/image';
import { planBatches } from '../plan/batches';
import type { HostReport, Outcome, RunReport, StepTiming, VerificationReport } from '../report/model';
import { prunePlan } from '../targets/ssh/inspect';
import { lockDir } from '../targets/ssh/commands';
import { mapLimit, settleLimit } from '../util/clock';
import type { RunContext } from './context';
import { Fleet, type FleetMember } from './fleet';
import { deployHost, HostRolloutError, restoreHost, type HostChange, type Release } from './host-rollout';
import { newReport, finishReport, keptOutcome } from './report-builder';

/** A host's state read under the lock at most this long ago is used as is, not read again. */
const READING_REUSE_MS = 5_000;

export interface DeployOptions {
  version?: string;
  /** Build even if the registry already holds this version. */
  forceBuild?: boolean;
  /** Verification window (the Watch step); absent means no verification. */
  verify?: VerifyStep;
}

/** Runs the verification window against hosts on the new release; provided by the watcher. */
export type VerifyStep = (input: {
  ctx: RunContext;
  fleet: Fleet;
  release: Release;
  candidates: FleetMember[];
  /** Hosts still on the old release (canary mode): a concurrent baseline. */
  baselineHosts: FleetMember[];
  /** Pre-deploy baseline gathered before the switch. */
  preDeploy: unknown;
  windowStartedAt: number;
}) => Promise<VerificationReport>;

/** Collects the pre-deploy baseline before anything changes (optional, from the watcher). */
export type BaselineStep = (ctx: RunContext, fleet: Fleet) => Promise<unknown>;

export function resolveVersion(ctx: RunContext, requested?: string): string {
  const v = requested ?? ctx.config.version ?? ctx.commit ?? undefined;
  if (!v) throw inputError('version', 'no version given and no git commit found', 'pass --version, set version in the config, or run inside a git checkout');
  const bad = checkValue('version', v);
  if (bad) throw inputError('version', bad);
  return v;
}

const regressedBy = (v: VerificationReport | null): boolean => v?.verdict === 'fail' || (v?.verdict === 'inconclusive' && policyRollsBackOnInconclusive(v));

export async function deploy(ctx: RunContext, options: DeployOptions & { baseline?: BaselineStep } = {}): Promise<RunReport> {
  const { config, log, clock } = ctx;
  const version = resolveVersion(ctx, options.version);
  const report = newReport(ctx, 'deploy', version);
  const phases = report.phases;
  const fleet = new Fleet(ctx);
  const changes = new Map<string, HostChange>();
  const touched: Record<string, string | null> = {};
  const hostReports = new Map<string, HostReport>();
  const checkpoint = (phase: 'rollout' | 'verify' | 'rollback' | 'done') =>
    fleet.checkpoint({ version, phase, touched: { ...touched } });

  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = clock.now();
    try {
      return await log.group(name, fn);
    } finally {
      phases.push({ step: name, ms: clock.now() - t });
    }
  };

  try {
    await phase('preflight', async () => {
      await fleet.preflight({ lock: true, version });
      await mapLimit(fleet.members, 16, async (m) => {
        const r = fleet.readingUnderLock(m.host.name, Number.POSITIVE_INFINITY) ?? (await m.agent.releases());
        hostReports.set(m.host.name, {
          name: m.host.name,
          address: m.host.address,
          previous: r.current?.version ?? null,
          final: r.current?.version ?? null,
          result: 'untouched',
          healthy: null,
          detail: r.extraRunning.length > 0 ? `warning: ${r.extraRunning.length + 1} containers of ${config.app} were running` : '',
          retained: r.retained.map((c) => c.version),
          steps: fleet.preflightSteps(m.host.name),
        });
      });
    });
    report.previousVersion = mostCommon([...hostReports.values()].map((h) => h.previous));

    const tBuild = clock.now();
    const image: BuiltImage = await phase('build', async () => {
      if (config.image.build) {
        return buildAndPush(
          { dockerHost: config.dockerHost, app: config.app, repository: config.image.repository, version, extraTags: config.image.tags, build: config.image.build, registry: config.registry, revision: ctx.commit, force: options.forceBuild },
          log,
        );
      }
      const existing = await resolveExisting(config.dockerHost, config.image.repository, version, config.registry);
      if (!existing) throw new RollwatchError('build', `${config.image.repository}:${version} is not in the registry and image.build is not configured`, 'image.build');
      return existing;
    });
    report.timings.buildMs = clock.now() - tBuild;
    report.image = image.tagRef;
    report.digest = image.digest;
    const release: Release = { version, imageRef: image.imageRef, digest: image.digest };

    const preDeploy = options.baseline ? await phase('baseline', () => options.baseline!(ctx, fleet)) : undefined;

    const batches = planBatches(fleet.members, config.rollout.batchSize, config.rollout.canary);
    const concurrency = config.rollout.concurrency ?? Number.MAX_SAFE_INTEGER;
    const tRollout = clock.now();
    let failure: HostRolloutError | RollwatchError | null = null;
    let verification: VerificationReport | null = null;

    const verifyNow = async (candidates: FleetMember[], baselineHosts: FleetMember[]) => {
      if (!options.verify) return null;
      return phase('verify', () => options.verify!({ ctx, fleet, release, candidates, baselineHosts, preDeploy, windowStartedAt: clock.now() }));
    };

    checkpoint('rollout');
    for (let b = 0; b < batches.length && !failure; b++) {
      if (ctx.signal.aborted) {
        failure = new RollwatchError('deploy', 'interrupted: no new host was started after the signal');
        break;
      }
      const batch = batches[b];
      await phase(`rollout batch ${b + 1}/${batches.length}: ${batch.map((m) => m.host.name).join(', ')}`, async () => {
        const results = await settleLimit(batch, concurrency, async (m) => {
          if (ctx.signal.aborted) throw new RollwatchError('deploy', 'interrupted before this host was started');
          const change = await deployHost(
            ctx,
            m.agent,
            release,
            (prev) => {
              touched[m.host.name] = prev;
              checkpoint('rollout');
            },
            fleet.readingUnderLock(m.host.name, READING_REUSE_MS) ?? undefined,
          );
          changes.set(m.host.name, change);
          if (!change.changed) delete touched[m.host.name];
          checkpoint('rollout');
          return change;
        });
        results.forEach((r, i) => {
          const m = batch[i];
          const hr = hostReports.get(m.host.name)!;
          if (r.status === 'fulfilled') {
            Object.assign(hr, { final: version, result: r.value.changed ? 'deployed' : 'unchanged', healthy: true, steps: [...hr.steps, ...r.value.steps], detail: hr.detail });
          } else {
            delete touched[m.host.name];
            if (r.reason instanceof HostRolloutError) Object.assign(hr, r.reason.report, { steps: [...hr.steps, ...r.reason.report.steps] });
            else Object.assign(hr, { result: 'untouched', detail: errorMessage(r.reason) });
            failure ??= r.reason instanceof RollwatchError ? r.reason : new RollwatchError('deploy', errorMessage(r.reason));
          }
        });
      });
      if (!failure && config.rollout.canary && b === 0 && batches.length > 1) {
        // The canary's pass only lets the rollout go on; the fleet is judged by its own window below.
        verification = await verifyNow(batch, batches.slice(1).flat());
        if (regressedBy(verification)) break;
        if (verification) log.info(`canary window on ${batch.map((m) => m.host.name).join(', ')}: ${verification.verdict}; rolling out to the rest`);
      }
    }
    report.timings.deployServerMs = clock.now() - tRollout;

    if (!failure && !regressedBy(verification)) {
      const candidates = fleet.members.filter((m) => changes.has(m.host.name));
      const canaryWindow = verification;
      const canaryHosts = batches[0].map((m) => m.host.name);
      verification = await verifyNow(candidates, []);
      if (canaryWindow && verification) verification.canary = { hosts: canaryHosts, verdict: canaryWindow.verdict, reason: canaryWindow.reason, samples: canaryWindow.samples };
    }
    report.verification = verification;

    const regressed = regressedBy(verification);
    let outcome: Outcome;
    if (failure || regressed) {
      const tVerdict = clock.now();
      checkpoint('rollback');
      await phase('rollback', () => rollbackTouched(ctx, fleet, touched, changes, hostReports));
      report.timings.recoverMs = regressed ? clock.now() - tVerdict : null;
      outcome = regressed ? 'rolled-back' : 'failed';
      report.reason = failure ? failure.message : `verification ${verification!.verdict}: ${verification!.reason}`;
      if (hostReportsFailed(hostReports)) outcome = 'failed';
    } else {
      outcome = keptOutcome(verification);
      report.reason = verification ? `verification ${verification.verdict}: ${verification.reason}` : `all ${changes.size} host(s) on ${version} and healthy`;
      await phase('prune', () => pruneAll(ctx, fleet, changes, hostReports));
    }
    report.outcome = outcome;
    checkpoint('done');
  } catch (err) {
    report.outcome = 'failed';
    report.reason = errorMessage(err);
    if (Object.keys(touched).length > 0) {
      await phase('rollback', () => rollbackTouched(ctx, fleet, touched, changes, hostReports)).catch((e) => log.error(errorMessage(e)));
    }
  } finally {
    await fleet.releaseLocks();
    // A host that could not be reached to the end keeps this run's lock: say how to free it.
    for (const name of fleet.lockedHosts) {
      const hr = hostReports.get(name);
      if (!hr) continue;
      const h = fleet.member(name).host;
      const release = `ssh ${h.user}@${h.address} 'rm -rf ${lockDir(config.app)}'`;
      hr.manual = hr.manual ? `${hr.manual} && ${release}` : release;
      hr.detail = [hr.detail, 'the deploy lock of this run is still held on this host'].filter(Boolean).join('; ');
    }
    report.warnings.push(...fleet.warnings);
    fleet.close();
  }
  report.hosts = config.hosts.flatMap((h) => hostReports.get(h.name) ?? []);
  if (report.hosts.length === 0) report.hosts = config.hosts.map((h) => ({ name: h.name, address: h.address, previous: null, final: null, result: 'untouched', healthy: null, detail: 'not changed by this run; the run stopped before reading which release it runs', retained: [], steps: [] }));
  return finishReport(ctx, report);
}

function policyRollsBackOnInconclusive(v: VerificationReport): boolean {
  return v.onInconclusive === 'rollback';
}

function hostReportsFailed(hosts: Map<string, HostReport>): boolean {
  return [...hosts.values()].some((h) => h.result === 'failed');
}

function mostCommon(values: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > counts.get(best)!) best = v;
  return best;
}

/** Returns every host this run changed to the container it ran before. */
async function rollbackTouched(
  ctx: RunContext,
  fleet: Fleet,
  touched: Record<string, string | null>,
  changes: Map<string, HostChange>,
  hostReports: Map<string, HostReport>,
): Promise<void> {
  const names = Object.keys(touched);
  if (names.length === 0) return;
  ctx.log.info(`returning ${names.join(', ')} to their previous release`);
  await settleLimit(names, 16, async (name) => {
    const m = fleet.member(name);
    const change = changes.get(name);
    const outcome = await restoreHost(ctx, m.agent, change?.current ?? null, touched[name], { removeFailed: true });
    const hr = hostReports.get(name)!;
    hr.result = outcome.healthy ? 'rolled-back' : 'failed';
    hr.final = outcome.healthy ? hr.previous : null;
    hr.healthy = outcome.healthy;
    hr.detail = [hr.detail, outcome.detail].filter(Boolean).join('; ');
    hr.steps.push({ step: 'rollback', ms: outcome.ms });
    if (outcome.manual) hr.manual = outcome.manual;
    delete touched[name];
  });
}

/**
 * Keeps `retain` previous releases on each host; pruning problems are warnings. Works from the
 * state each host was left in (no second read): containers are removed by ID and without
 * force, so one that was started meanwhile is refused by Docker, not removed.
 */
async function pruneAll(ctx: RunContext, fleet: Fleet, changes: Map<string, HostChange>, hostReports: Map<string, HostReport>): Promise<void> {
  await settleLimit(fleet.members, 16, async (m) => {
    try {
      const r = changes.get(m.host.name)?.after ?? (await m.agent.releases());
      const plan = prunePlan(r, ctx.config.rollout.retain);
      const prune = plan.containers;
      await m.agent.prune(prune, plan.envVersions, plan.unusedImages);
      for (const c of prune) ctx.log.info(`${m.host.name}: pruned ${c.name}`);
      const hr = hostReports.get(m.host.name);
      if (hr) hr.retained = r.retained.filter((c) => !prune.includes(c)).map((c) => c.version);
    } catch (err) {
      ctx.log.warn(`${m.host.name}: pruning old releases failed: ${errorMessage(err)}`);
    }
  });
}

export type { StepTiming };
