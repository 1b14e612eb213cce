import { errorMessage } from '../../errors';
import { planBatches } from '../../plan/batches';
import type { RunReport } from '../../report/model';
import { containerName } from './commands';
import { settleLimit } from '../../util/clock';
import type { RunContext } from '../../engine/context';
import { Fleet } from './fleet';
import { finishReport, newReport } from '../../engine/report-builder';

/** What a deploy would do, read-only: batches, per-host intent, lock state. Touches nothing. */
export async function plan(ctx: RunContext, version: string): Promise<RunReport> {
  const { config } = ctx;
  const report = newReport(ctx, 'plan', version);
  const fleet = new Fleet(ctx);
  const lock: NonNullable<RunReport['lock']> = [];
  try {
    const results = await settleLimit(fleet.members, 16, async (m) => {
      await m.connection.connect();
      const [releases, holder] = await Promise.all([m.agent.releases(), m.agent.readLock()]);
      lock.push({ host: m.host.name, held: holder !== null, holder });
      return releases;
    });
    const batches = planBatches(fleet.members, config.rollout.batchSize, config.rollout.canary);
    const batchOf = new Map(batches.flatMap((b, i) => b.map((m) => [m.host.name, i + 1] as const)));
    report.hosts = fleet.members.map((m, i) => {
      const r = results[i];
      if (r.status === 'rejected') return { name: m.host.name, address: m.host.address, previous: null, final: null, result: 'failed', healthy: null, detail: `unreachable: ${errorMessage(r.reason)}`, retained: [], steps: [] };
      const cur = r.value.current;
      const intent =
        cur?.version === version
          ? `already runs ${version}: would check health only`
          : `batch ${batchOf.get(m.host.name)}/${batches.length}: pull ${config.image.repository}:${version} by digest, ${
            config.rollout.strategy === 'stop-start'
              ? `stop ${cur?.name ?? '(nothing)'}, start ${containerName(config.app, version)}`
              : config.rollout.strategy === 'proxy'
                ? `start ${containerName(config.app, version)} on a free port of ${config.proxy!.ports.from}-${config.proxy!.ports.to}, switch ${config.proxy!.kind} to it, keep ${cur?.name ?? '(nothing)'} running until the window passes, then drain ${config.proxy!.drainMs / 1000} s and stop it`
                : `start ${containerName(config.app, version)}, then stop ${cur?.name ?? '(nothing)'}`
          }, gate on health${config.verify.enabled ? ', verify' : ''}; keep ${config.rollout.retain} previous release(s)`;
      return { name: m.host.name, address: m.host.address, previous: cur?.version ?? null, final: version, result: 'ok', healthy: null, detail: intent, retained: r.value.retained.map((c) => c.version), steps: [] };
    });
    report.lock = lock.sort((a, b) => a.host.localeCompare(b.host));
    const unreachable = report.hosts.filter((h) => h.result === 'failed');
    const held = lock.filter((l) => l.held);
    report.outcome = unreachable.length || held.length ? 'failed' : 'ok';
    report.reason = unreachable.length
      ? `a deploy would fail preflight: ${unreachable.map((h) => h.name).join(', ')} unreachable`
      : held.length
        ? `a deploy would be refused: the lock is held on ${held.map((l) => l.host).join(', ')}`
        : `${batches.length} batch(es): ${batches.map((b) => b.map((m) => m.host.name).join('+')).join(' → ')}${config.rollout.canary ? ' (canary: verify after the first)' : ''}; nothing was changed`;
  } finally {
    fleet.close();
  }
  return finishReport(ctx, report);
}
