import { errorMessage } from '../../errors';
import type { RunContext } from '../../engine/context';
import type { Release, RolloutSession, StepOutcome, WatchedNode } from '../../engine/target';
import { planBatches } from '../../plan/batches';
import type { HostReport } from '../../report/model';
import { mapLimit, settleLimit } from '../../util/clock';
import { lockDir } from './commands';
import { Fleet, type FleetMember } from './fleet';
import { deployHost, HostRolloutError, restoreRelease, type HostChange } from './host-rollout';
import { freePort, proxyDriver, releasePort } from './proxy';
import { RollwatchError } from '../../errors';
import { prunePlan, type HostReleases } from './inspect';

/** A host's state read under the lock at most this long ago is used as is, not read again. */
const READING_REUSE_MS = 5_000;

/** What the verification window reads from one host, through its SSH connection. */
export function watchedNode(m: FleetMember): WatchedNode {
  return {
    host: m.host,
    procStats: () => m.agent.procStats(),
    runningContainer: async () => {
      const c = (await m.agent.releases()).current;
      return c ? { id: c.id, restartCount: c.restartCount, oomKilled: c.oomKilled, version: c.version } : null;
    },
  };
}

/**
 * The SSH target's side of a deploy: batches of hosts, each host pulled, started and gated on
 * health by deployHost; undo returns every touched host to the container it ran before.
 */
export function sshSession(ctx: RunContext): RolloutSession {
  const { config, log } = ctx;
  const fleet = new Fleet(ctx);
  const changes = new Map<string, HostChange>();
  /** host → container it ran before this run touched it (null: none) */
  const touched: Record<string, string | null> = {};
  const rows = new Map<string, HostReport>();
  const batches = planBatches(fleet.members, config.rollout.batchSize, config.rollout.canary);
  const concurrency = config.rollout.concurrency ?? Number.MAX_SAFE_INTEGER;

  /**
   * Proxy strategy, before anything is touched: on every host the proxy answers and its config
   * test passes, the port range has a free port, and the running release's port is known.
   */
  async function checkProxies(hosts: { m: FleetMember; r: HostReleases }[]): Promise<void> {
    const settings = config.proxy!;
    const problems: { host: string; err: unknown }[] = [];
    await settleLimit(hosts, 16, async ({ m, r }) => {
      try {
        const upstream = await proxyDriver(m.agent.shell, config.app, settings).check();
        const port = await freePort(m.agent.shell, settings, [r.current, ...r.extraRunning, ...r.retained], 'preflight');
        if (r.current && releasePort(r.current, upstream.serving) === null) {
          throw new RollwatchError('preflight', `${m.host.name}: cannot tell which port ${r.current.name} listens on (the proxy names none, the container has no recorded port)`, 'proxy', 'point the proxy at the running release once by hand');
        }
        log.info(`${m.host.name}: ${settings.kind} answers, serving port ${upstream.serving ?? '(none)'}; the new release gets port ${port}`);
      } catch (err) {
        problems.push({ host: m.host.name, err });
      }
    });
    if (problems.length > 0) {
      const order = (host: string) => config.hosts.findIndex((h) => h.name === host);
      problems.sort((a, b) => order(a.host) - order(b.host));
      const first = problems[0].err;
      const field = first instanceof RollwatchError ? first.field : undefined;
      const text = problems.map((p) => (p.err instanceof RollwatchError && p.err.field ? p.err.message.slice(p.err.field.length + 2) : errorMessage(p.err))).join('; ');
      throw new RollwatchError('preflight', `${text}; nothing was changed`, field);
    }
  }

  /** Proxy strategy, after the window passed: the drain time, then each standby leaves the upstream and stops (retained). */
  async function retireStandbys(): Promise<void> {
    const standbys = [...changes.entries()].filter(([, c]) => c.proxy?.standby);
    if (standbys.length === 0 || !config.proxy) return;
    log.info(`draining the previous release on ${standbys.map(([n]) => n).join(', ')} for ${config.proxy.drainMs / 1000} s (proxy.drain) before stopping it`);
    await ctx.clock.sleep(config.proxy.drainMs, ctx.signal).catch(() => undefined);
    await settleLimit(standbys, 16, async ([name, c]) => {
      const m = fleet.member(name);
      const standby = c.proxy!.standby!;
      try {
        await proxyDriver(m.agent.shell, config.app, config.proxy!).retire(c.proxy!.port);
        await m.agent.stop(standby.name, Math.ceil(config.container.stopTimeoutMs / 1000));
        log.info(`${name}: stopped ${standby.name} after the drain (retained for rollback)`);
      } catch (err) {
        log.warn(`${name}: retiring the standby ${standby.name} failed: ${errorMessage(err)}`);
        const hr = rows.get(name);
        if (hr) hr.detail = [hr.detail, `the previous release ${standby.name} still runs: ${errorMessage(err)}`].filter(Boolean).join('; ');
      }
    });
  }

  return {
    describe: () => fleet.describe(),
    warnings: fleet.warnings,

    async preflight(version) {
      await fleet.preflight({ lock: true, version });
      const readings = await mapLimit(fleet.members, 16, async (m) => fleet.readingUnderLock(m.host.name, Number.POSITIVE_INFINITY) ?? (await m.agent.releases()));
      if (config.rollout.strategy === 'proxy' && config.proxy) await checkProxies(fleet.members.map((m, i) => ({ m, r: readings[i] })));
      await mapLimit(fleet.members, 16, async (m, i) => {
        const r = readings[i];
        rows.set(m.host.name, {
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
      return { previousVersion: mostCommon([...rows.values()].map((h) => h.previous)) };
    },

    async baselineNodes() {
      return fleet.members.filter((m) => rows.get(m.host.name)?.previous).map(watchedNode);
    },

    steps: () => batches.map((b, i) => ({ label: `rollout batch ${i + 1}/${batches.length}: ${b.map((m) => m.host.name).join(', ')}`, nodes: b.map(watchedNode) })),

    async runStep(index, release, onChange): Promise<StepOutcome> {
      const batch = batches[index];
      let failure: string | null = null;
      const results = await settleLimit(batch, concurrency, async (m) => {
        if (ctx.signal.aborted) throw new Error('interrupted before this host was started');
        const change = await deployHost(
          ctx,
          m.agent,
          release,
          (prev) => {
            touched[m.host.name] = prev;
            onChange();
          },
          fleet.readingUnderLock(m.host.name, READING_REUSE_MS) ?? undefined,
        );
        changes.set(m.host.name, change);
        if (!change.changed) delete touched[m.host.name];
        onChange();
        return change;
      });
      results.forEach((r, i) => {
        const m = batch[i];
        const hr = rows.get(m.host.name)!;
        if (r.status === 'fulfilled') {
          Object.assign(hr, { final: release.version, result: r.value.changed ? 'deployed' : 'unchanged', healthy: true, steps: [...hr.steps, ...r.value.steps] });
        } else {
          delete touched[m.host.name];
          if (r.reason instanceof HostRolloutError) Object.assign(hr, r.reason.report, { steps: [...hr.steps, ...r.reason.report.steps] });
          else Object.assign(hr, { result: 'untouched', detail: errorMessage(r.reason) });
          failure ??= errorMessage(r.reason);
        }
      });
      return failure ? { ok: false, reason: failure } : { ok: true, candidates: batch.map(watchedNode), changed: results.some((r) => r.status === 'fulfilled' && r.value.changed) };
    },

    async undo() {
      const names = Object.keys(touched);
      if (names.length > 0) {
        log.info(`returning ${names.join(', ')} to their previous release`);
        await settleLimit(names, 16, async (name) => {
          const m = fleet.member(name);
          const outcome = await restoreRelease(ctx, m.agent, changes.get(name)?.current ?? null, touched[name], { removeFailed: true });
          const hr = rows.get(name)!;
          hr.result = outcome.healthy ? 'rolled-back' : 'failed';
          hr.final = outcome.healthy ? hr.previous : null;
          hr.healthy = outcome.healthy;
          hr.detail = [hr.detail, outcome.detail].filter(Boolean).join('; ');
          hr.steps.push({ step: 'rollback', ms: outcome.ms });
          if (outcome.manual) hr.manual = outcome.manual;
          delete touched[name];
        });
      }
      return { healthy: ![...rows.values()].some((h) => h.result === 'failed'), summary: null };
    },

    // Works from the state each host was left in (no second read): containers are removed by
    // ID and without force, so one that was started meanwhile is refused by Docker, not removed.
    async keep() {
      await retireStandbys();
      await settleLimit(fleet.members, 16, async (m) => {
        try {
          const r = changes.get(m.host.name)?.after ?? (await m.agent.releases());
          const plan = prunePlan(r, config.rollout.retain);
          await m.agent.prune(plan.containers, plan.unusedImages);
          for (const c of plan.containers) log.info(`${m.host.name}: pruned ${c.name}`);
          const hr = rows.get(m.host.name);
          if (hr) hr.retained = r.retained.filter((c) => !plan.containers.includes(c)).map((c) => c.version);
        } catch (err) {
          log.warn(`${m.host.name}: pruning old releases failed: ${errorMessage(err)}`);
        }
      });
    },

    // Every host that was read at preflight: the others were never reached. The lock goes in
    // the same round trip (record is the run's last write); close() releases what is left.
    record: (entry) => fleet.recordAndRelease(fleet.members.filter((m) => rows.has(m.host.name)), entry),
    progress: () => ({ touched: { ...touched }, lockedHosts: fleet.lockedHosts }),

    rows() {
      const list = config.hosts.flatMap((h) => rows.get(h.name) ?? []);
      if (list.length > 0) return list;
      return config.hosts.map((h) => ({ name: h.name, address: h.address, previous: null, final: null, result: 'untouched', healthy: null, detail: 'not changed by this run; the run stopped before reading which release it runs', retained: [], steps: [] }));
    },

    async close() {
      await fleet.releaseLocks();
      // A host that could not be reached to the end keeps this run's lock: say how to free it.
      for (const name of fleet.lockedHosts) {
        const hr = rows.get(name);
        if (!hr) continue;
        const h = fleet.member(name).host;
        const release = `ssh ${h.user}@${h.address} 'rm -rf ${lockDir(config.app)}'`;
        hr.manual = hr.manual ? `${hr.manual} && ${release}` : release;
        hr.detail = [hr.detail, 'the deploy lock of this run is still held on this host'].filter(Boolean).join('; ');
      }
      fleet.close();
    },
  };
}

function mostCommon(values: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > counts.get(best)!) best = v;
  return best;
}
