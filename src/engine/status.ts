import { errorMessage } from '../errors';
import type { RunReport } from '../report/model';
import { settleLimit } from '../util/clock';
import type { RunContext } from './context';
import { Fleet } from './fleet';
import { waitHealthy } from './health';
import { finishReport, newReport } from './report-builder';

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
      const health = r.current ? await waitHealthy(m.agent, r.current.name, quick, ctx.clock) : null;
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
    const versions = new Set(report.hosts.map((h) => h.final));
    report.version = versions.size === 1 ? [...versions][0] : null;
    const bad = report.hosts.filter((h) => h.result === 'failed' || h.healthy === false);
    report.outcome = bad.length ? 'failed' : 'ok';
    report.reason = bad.length ? `${bad.map((h) => h.name).join(', ')}: unreachable or unhealthy` : versions.size === 1 ? `all hosts on ${report.version}` : `hosts run different versions: ${[...versions].join(', ')}`;
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
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${fleet.members[i].host.name}: ${errorMessage(r.reason)}`] : []));
    report.lock = lock.sort((a, b) => a.host.localeCompare(b.host));
    const held = lock.filter((l) => l.held);
    report.outcome = failed.length ? 'failed' : 'ok';
    report.reason = failed.length ? failed.join('; ') : action === 'release' ? `released the lock on ${lock.filter((l) => l.holder).length} host(s)` : held.length ? `held on ${held.map((l) => l.host).join(', ')}` : 'free on every host';
  } finally {
    fleet.close();
  }
  return finishReport(ctx, report);
}
