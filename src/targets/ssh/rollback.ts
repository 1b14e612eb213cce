import { RollwatchError, errorMessage, hostMessage } from '../../errors';
import { planBatches } from '../../plan/batches';
import type { HostReport, RunReport } from '../../report/model';

import type { HostReleases } from './inspect';
import { mapLimit, settleLimit } from '../../util/clock';
import type { RunContext } from '../../engine/context';
import { Fleet } from './fleet';
import { releaseHealthConfig, waitHealthy } from './health';
import { restoreBehindProxy, restoreRelease } from './host-rollout';
import { finishReport, newReport } from '../../engine/report-builder';

/** Picks the version to return to on every host; throws before anything changes when any lacks it. */
export function chooseRollbackTarget(state: Map<string, HostReleases>, requested: string | undefined): string {
  const hosts = [...state.entries()];
  if (requested) {
    const missing = hosts.filter(([, r]) => r.current?.version !== requested && !r.retained.some((c) => c.version === requested)).map(([n]) => n);
    if (missing.length > 0) {
      throw new RollwatchError('rollback', `version ${requested} is not retained on ${missing.join(', ')}; nothing was changed`, 'version', 'pick a version listed by `rollwatch status`');
    }
    return requested;
  }
  const previous = new Set(hosts.map(([, r]) => r.retained.find((c) => c.version !== r.current?.version)?.version ?? null));
  if (previous.has(null)) {
    const none = hosts.filter(([, r]) => !r.retained.some((c) => c.version !== r.current?.version)).map(([n]) => n);
    throw new RollwatchError('rollback', `no previous release is retained on ${none.join(', ')}; nothing was changed`);
  }
  if (previous.size > 1) {
    const detail = hosts.map(([n, r]) => `${n}: ${r.retained[0]?.version}`).join(', ');
    throw new RollwatchError('rollback', `hosts disagree on the previous release (${detail}); nothing was changed`, 'version', 'name the version to return to with --version');
  }
  return [...previous][0]!;
}

/** Returns every host to a retained release, reusing its container (no pull). */
export async function rollback(ctx: RunContext, requested?: string): Promise<RunReport> {
  const { config, log, clock } = ctx;
  const report = newReport(ctx, 'rollback', requested ?? null);
  const fleet = new Fleet(ctx);
  const hostReports = new Map<string, HostReport>();
  // Every host this run changes, with the container it ran before: the post step's checkpoint.
  const touched: Record<string, string | null> = {};
  const checkpoint = (phase: 'rollback' | 'done') => fleet.checkpoint({ version: report.version, phase, touched: { ...touched } });
  const t0 = clock.now();
  try {
    await log.group('preflight', () => fleet.preflight({ lock: true, version: requested ?? null }));
    const releases = await mapLimit(fleet.members, 16, async (m) => fleet.readingUnderLock(m.host.name, Number.POSITIVE_INFINITY) ?? (await m.agent.releases()));
    // behind a proxy a previous release may still run as the warm standby (a run cut off in its window): it is one to return to
    const behindProxy = config.rollout.strategy === 'proxy';
    const state = new Map<string, HostReleases>(fleet.members.map((m, i) => [m.host.name, behindProxy ? { ...releases[i], retained: [...releases[i].extraRunning, ...releases[i].retained] } : releases[i]]));
    const target = chooseRollbackTarget(state, requested);
    report.version = target;
    report.previousVersion = [...state.values()][0]?.current?.version ?? null;
    log.info(`rolling back ${config.app} to ${target}`);
    for (const m of fleet.members) {
      const r = state.get(m.host.name)!;
      hostReports.set(m.host.name, { name: m.host.name, address: m.host.address, previous: r.current?.version ?? null, final: r.current?.version ?? null, result: 'untouched', healthy: null, detail: '', retained: r.retained.map((c) => c.version), steps: [] });
    }

    let failed: string | null = null;
    const unhealthy: string[] = [];
    const done = new Set<string>();
    for (const batch of planBatches(fleet.members, config.rollout.batchSize)) {
      if (failed || ctx.signal.aborted) break;
      await log.group(`rollback ${batch.map((m) => m.host.name).join(', ')}`, async () => {
        const results = await settleLimit(batch, config.rollout.concurrency ?? 1000, async (m) => {
          const r = state.get(m.host.name)!;
          const hr = hostReports.get(m.host.name)!;
          const start = clock.now();
          done.add(m.host.name);
          if (r.current?.version === target) {
            const health = await waitHealthy(m.agent, r.current.name, releaseHealthConfig(config, r.current), clock);
            Object.assign(hr, { result: 'unchanged', healthy: health.healthy, detail: health.healthy ? `already on ${target}` : `already on ${target}, but it is not healthy: ${health.detail}` });
            if (!health.healthy) unhealthy.push(`${m.host.name}: ${target} runs but is not healthy: ${health.detail}`);
            return;
          }
          const to = r.retained.find((c) => c.version === target)!;
          try {
            const stopSec = Math.ceil(config.container.stopTimeoutMs / 1000);
            touched[m.host.name] = r.current?.name ?? null;
            checkpoint('rollback');
            if (behindProxy) {
              // started (unless it still runs as the standby) and gated on its own port, then the proxy switches, then the current one stops
              const switched = await restoreBehindProxy(ctx, m.agent, r.current?.name ?? null, to.name, { removeFailed: false });
              if (!switched.healthy) throw new RollwatchError('rollback', switched.detail);
            } else {
              if (r.current) await m.agent.stop(r.current.name, stopSec);
              await m.agent.start(to.name, config.container.restart);
              const health = await waitHealthy(m.agent, to.name, releaseHealthConfig(config, to), clock);
              if (!health.healthy) throw new RollwatchError('rollback', `${target} did not become healthy: ${health.detail}`);
            }
            Object.assign(hr, { result: 'rolled-back', final: target, healthy: true, detail: `${r.current?.version ?? '(nothing)'} → ${target} (retained container, no pull${behindProxy ? ', traffic switched by the proxy' : ''})` });
            log.info(`${m.host.name}: ${r.current?.version ?? '(nothing)'} → ${target}, healthy`);
          } catch (err) {
            failed ??= hostMessage(m.host.name, err);
            const back = await restoreRelease(ctx, m.agent, to.name, r.current?.name ?? null, { removeFailed: false, previous: r.current });
            Object.assign(hr, { result: back.healthy ? 'restored' : 'failed', final: back.healthy ? (r.current?.version ?? null) : null, healthy: back.healthy, detail: `${errorMessage(err)}; ${back.detail}`, manual: back.manual });
          } finally {
            hr.steps.push({ step: 'rollback', ms: clock.now() - start });
            // settled either way (on the target, or back where it was): nothing left for a post step here
            delete touched[m.host.name];
            checkpoint('rollback');
          }
        });
        results.forEach((r, i) => {
          if (r.status === 'fulfilled') return;
          const hr = hostReports.get(batch[i].host.name)!;
          Object.assign(hr, { result: 'failed', healthy: false, detail: errorMessage(r.reason) });
          failed ??= hostMessage(batch[i].host.name, r.reason);
        });
      });
    }
    report.timings.recoverMs = clock.now() - t0;
    const notReached = fleet.members.map((m) => m.host.name).filter((n) => !done.has(n));
    if (!failed && notReached.length) failed = `interrupted before ${notReached.join(', ')} (still on their release)`;
    report.outcome = failed || unhealthy.length ? 'failed' : 'ok';
    report.reason = failed ? `rollback stopped: ${failed}` : unhealthy.length ? `on ${target}, but not healthy: ${unhealthy.join('; ')}` : `all hosts on ${target}`;
  } catch (err) {
    report.outcome = 'failed';
    report.reason = errorMessage(err);
  } finally {
    await fleet.releaseLocks();
    // Every path ends here (finished, refused, or failed and handled): the post step has nothing to redo.
    checkpoint('done');
    report.warnings.push(...fleet.warnings);
    fleet.close();
  }
  report.hosts = config.hosts.flatMap((h) => hostReports.get(h.name) ?? []);
  return finishReport(ctx, report);
}

