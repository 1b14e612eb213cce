import { errorMessage } from '../errors';
import type { HostReport, RunReport } from '../report/model';
import { containerName } from '../targets/ssh/commands';
import { settleLimit } from '../util/clock';
import type { Checkpoint, RunContext } from './context';
import { Fleet } from './fleet';
import { restoreHost } from './host-rollout';
import { finishReport, newReport } from './report-builder';

/**
 * Finishes a run that was cut off (cancelled job, crashed process): every host the checkpoint
 * says was touched goes back to the container it ran before, and the run's locks are released.
 */
export async function recoverCheckpoint(ctx: RunContext, checkpoint: Checkpoint): Promise<RunReport> {
  const report = newReport({ ...ctx, runId: checkpoint.runId }, 'recover', checkpoint.version);
  const fleet = new Fleet({ ...ctx, runId: checkpoint.runId });
  const hosts: HostReport[] = [];
  try {
    const touched = Object.entries(checkpoint.touched);
    await settleLimit(touched, 16, async ([name, previous]) => {
      const m = fleet.member(name);
      const newName = checkpoint.version ? containerName(ctx.config.app, checkpoint.version) : null;
      const r = await m.agent.releases().catch(() => null);
      const alreadyBack = r?.current && previous && r.current.name === previous;
      const outcome = alreadyBack
        ? { healthy: true, detail: 'already back on its previous release', ms: 0, manual: undefined }
        : await restoreHost(ctx, m.agent, newName, previous, { removeFailed: true });
      hosts.push({ name, address: m.host.address, previous: r?.current?.version ?? null, final: outcome.healthy ? (previous ?? null) : null, result: outcome.healthy ? 'rolled-back' : 'failed', healthy: outcome.healthy, detail: outcome.detail, retained: [], steps: [{ step: 'recover', ms: outcome.ms }], manual: outcome.manual });
    });
    const locked = new Set(checkpoint.lockedHosts);
    await settleLimit([...locked], 16, async (name) => {
      try {
        await fleet.member(name).agent.releaseLock(checkpoint.runId);
      } catch (err) {
        ctx.log.warn(`${name}: could not release the lock: ${errorMessage(err)}`);
      }
    });
    const bad = hosts.filter((h) => !h.healthy);
    report.outcome = bad.length ? 'failed' : 'ok';
    report.reason = touched.length === 0 ? 'no host was touched; locks released' : bad.length ? `could not restore ${bad.map((h) => h.name).join(', ')}` : `restored ${hosts.map((h) => h.name).join(', ')} to their previous release; locks released`;
  } catch (err) {
    report.outcome = 'failed';
    report.reason = errorMessage(err);
  } finally {
    fleet.close();
  }
  report.hosts = hosts;
  return finishReport(ctx, report);
}
