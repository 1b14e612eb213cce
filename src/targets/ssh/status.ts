import { errorMessage, hostMessage } from '../../errors';
import type { HostReport, RunReport } from '../../report/model';
import { settleLimit } from '../../util/clock';
import type { RunContext } from '../../engine/context';
import { Fleet } from './fleet';
import { releaseHealthConfig, waitHealthy } from './health';
import { finishReport, newReport } from '../../engine/report-builder';

/**
 * The fleet's state in one verdict: ok only when every host answered, is healthy and runs the
 * same release. A fleet on mixed versions is a failure that says who runs what.
 */
export function fleetVerdict(hosts: readonly HostReport[]): Pick<RunReport, 'outcome' | 'reason' | 'version'> {
  const bad = hosts.filter((h) => h.result === 'failed' || h.healthy === false);
  const byVersion = new Map<string, string[]>();
  for (const h of hosts.filter((x) => x.result !== 'failed')) {
    const v = h.final ?? '(nothing running)';
    byVersion.set(v, [...(byVersion.get(v) ?? []), h.name]);
  }
  const version = byVersion.size === 1 && hosts.every((h) => h.final !== null) ? hosts[0].final : null;
  const problems = [
    bad.length ? `${bad.map((h) => h.name).join(', ')}: unreachable or unhealthy` : null,
    byVersion.size > 1 ? `hosts run different versions: ${[...byVersion].map(([v, names]) => `${names.join(', ')} on ${v}`).join('; ')}` : null,
  ].filter((p): p is string => p !== null);
  if (problems.length) return { outcome: 'failed', reason: problems.join('; '), version };
  return { outcome: 'ok', reason: version ? `all hosts on ${version}` : 'no release of this app runs on any host', version };
}

/** Per host: the running release, its health, the retained releases and the lock. Read-only. */
export async function status(ctx: RunContext): Promise<RunReport> {
  const report = newReport(ctx, 'status', null);
  const fleet = new Fleet(ctx);
  const quick = { ...ctx.config, health: { ...ctx.config.health, timeoutMs: 0 } };
  const lock: NonNullable<RunReport['lock']> = [];
  try {
    const results = await settleLimit(fleet.members, 16, async (m) => {
      await m.connection.connect();
      const r = await m.agent.releases();
      const holder = await m.agent.readLock();
      lock.push({ host: m.host.name, held: holder !== null, holder });
      const health = r.current ? await waitHealthy(m.agent, r.current.name, releaseHealthConfig(quick, r.current), ctx.clock) : null;
      return {
        name: m.host.name,
        address: m.host.address,
        previous: null,
        final: r.current?.version ?? null,
        result: 'ok' as const,
        healthy: health?.healthy ?? null,
        detail: r.current ? `${r.current.name} ${r.current.status}${health && !health.healthy ? `: ${health.detail}` : ''}` : 'no release running',
        retained: r.retained.map((c) => c.version),
        steps: [],
      };
    });
    report.hosts = results.map((r, i) =>
      r.status === 'fulfilled'
        ? r.value
        : { name: fleet.members[i].host.name, address: fleet.members[i].host.address, previous: null, final: null, result: 'failed', healthy: null, detail: errorMessage(r.reason), retained: [], steps: [] },
    );
    Object.assign(report, fleetVerdict(report.hosts));
    const nothingRetained = report.hosts.filter((h) => h.result === 'ok' && h.final && h.retained.every((v) => v === h.final));
    if (nothingRetained.length) report.warnings.push(`${nothingRetained.map((h) => h.name).join(', ')}: no previous release is retained, so there is nothing to roll back to (normal after a first release)`);
    report.lock = lock.sort((a, b) => a.host.localeCompare(b.host));
  } finally {
    report.warnings.push(...fleet.warnings);
    fleet.close();
  }
  return finishReport(ctx, report);
}

/** `lock status` / `lock release`: release removes the lock whoever holds it. */
export async function lockCommand(ctx: RunContext, action: 'status' | 'release'): Promise<RunReport> {
  const report = newReport(ctx, `lock ${action}`, null);
  const fleet = new Fleet(ctx);
  const lock: NonNullable<RunReport['lock']> = [];
  try {
    const results = await settleLimit(fleet.members, 16, async (m) => {
      await m.connection.connect();
      const holder = await m.agent.readLock();
      if (action === 'release' && holder) await m.agent.releaseLock(null);
      lock.push({ host: m.host.name, held: action === 'release' ? false : holder !== null, holder });
    });
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [hostMessage(fleet.members[i].host.name, r.reason)] : []));
    report.lock = lock.sort((a, b) => a.host.localeCompare(b.host));
    const held = lock.filter((l) => l.held);
    report.outcome = failed.length ? 'failed' : 'ok';
    report.reason = failed.length ? failed.join('; ') : action === 'release' ? `released the lock on ${lock.filter((l) => l.holder).length} host(s)` : held.length ? `held on ${held.map((l) => l.host).join(', ')}` : 'free on every host';
  } finally {
    fleet.close();
  }
  return finishReport(ctx, report);
}
