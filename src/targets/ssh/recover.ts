import { errorMessage } from '../../errors';
import type { HostReport, RunReport } from '../../report/model';
import { containerName } from './commands';
import { settleLimit } from '../../util/clock';
import { ownershipProblems, type Checkpoint } from '../../engine/checkpoint';
import type { RunContext } from '../../engine/context';
import { describeHolder, Fleet, type FleetMember } from './fleet';
import { restoreRelease } from './host-rollout';
import { finishReport, newReport } from '../../engine/report-builder';

type LockClaim = { ours: true; takenNow: boolean } | { ours: false; why: string };

/**
 * The cut-off run's lock on this host: still held by that run (ours), free and taken again now
 * (ours), or held by someone else (not ours: another run owns the host now).
 */
async function claimLock(ctx: RunContext, m: FleetMember, runId: string): Promise<LockClaim> {
  const holder = await m.agent.readLock();
  if (holder?.run === runId) return { ours: true, takenNow: false };
  if (holder) return { ours: false, why: `its deploy lock is held by ${describeHolder(holder)}` };
  const r = await m.agent.acquireLock({ run: runId, commit: ctx.commit, version: null, actor: ctx.actor, command: 'recover', since: new Date(ctx.clock.now()).toISOString(), host: m.host.name });
  return r.acquired ? { ours: true, takenNow: true } : { ours: false, why: `its deploy lock was taken by ${describeHolder(r.holder)}` };
}

/**
 * Finishes a run that was cut off (cancelled job, crashed process): every host the checkpoint
 * says was touched goes back to the container it ran before, and the run's locks are released.
 * It acts only on what it can prove is that run's: the checkpoint must name this app, hosts of
 * the config and this app's containers, and each host's lock must still be the run's (or free,
 * and taken again before acting). Anything else is left as it is, and the report says why.
 */
export async function recoverCheckpoint(ctx: RunContext, checkpoint: Checkpoint): Promise<RunReport> {
  const runId = checkpoint.runId;
  const report = newReport({ ...ctx, runId }, 'recover', checkpoint.version);
  const refusal = ownershipProblems(checkpoint, ctx.config);
  if (refusal.length) {
    report.outcome = 'failed';
    report.reason = `nothing was changed: the saved state is not this step's to act on (${refusal.join('; ')})`;
    return finishReport(ctx, report);
  }
  const fleet = new Fleet({ ...ctx, runId });
  const hosts: HostReport[] = [];
  const ownLocks = new Set<string>();
  try {
    const touched = Object.entries(checkpoint.touched);
    const newName = checkpoint.version ? containerName(ctx.config.app, checkpoint.version) : null;
    const results = await settleLimit(touched, 16, async ([name, previous]) => {
      const m = fleet.member(name);
      const record = (over: Partial<HostReport>): void =>
        void hosts.push({ name, address: m.host.address, previous: null, final: null, result: 'failed', healthy: false, detail: '', retained: [], steps: [], ...over });
      const claim = await claimLock(ctx, m, runId);
      if (!claim.ours) return record({ result: 'untouched', healthy: null, detail: `left as it is: ${claim.why}` });
      ownLocks.add(name);
      const r = await m.agent.releases();
      const current = r.current?.version ?? null;
      const before = previous === null ? null : ([r.current, ...r.extraRunning, ...r.retained].find((c) => c?.name === previous) ?? null);
      const behindProxy = ctx.config.rollout.strategy === 'proxy';
      // behind a proxy the container that runs says nothing of where traffic goes: the proxy is checked (and switched back) too
      if (!behindProxy && previous && r.current?.name === previous) return record({ previous: current, final: current, result: 'ok', healthy: null, detail: 'already on its previous release' });
      // A deploy is undone by removing the release it started; a rollback only stops the retained release it was returning to.
      const removeFailed = checkpoint.command === 'deploy';
      const outcome = await restoreRelease(ctx, m.agent, newName, previous, { removeFailed, previous: before });
      record({ previous: current, final: outcome.healthy ? (before?.version ?? previous) : null, result: outcome.healthy ? 'rolled-back' : 'failed', healthy: outcome.healthy, detail: outcome.detail, steps: [{ step: 'recover', ms: outcome.ms }], manual: outcome.manual });
    });
    results.forEach((r, i) => {
      if (r.status === 'rejected') hosts.push({ name: touched[i][0], address: '', previous: null, final: null, result: 'failed', healthy: false, detail: `recovery failed: ${errorMessage(r.reason)}`, retained: [], steps: [] });
    });
    // hosts it locked but never touched: releaseLock(runId) leaves a lock that names another run alone
    for (const name of checkpoint.lockedHosts) if (!(name in checkpoint.touched)) ownLocks.add(name);
    const unreleased: string[] = [];
    await settleLimit([...ownLocks], 16, async (name) => {
      try {
        // removes the lock only while the holder file names this run
        await fleet.member(name).agent.releaseLock(runId);
      } catch (err) {
        unreleased.push(name);
        ctx.log.warn(`${name}: could not release the lock: ${errorMessage(err)}`);
      }
    });
    const bad = hosts.filter((h) => h.result === 'failed');
    const skipped = hosts.filter((h) => h.result === 'untouched');
    const restored = hosts.filter((h) => h.result === 'rolled-back' || h.result === 'ok');
    report.outcome = bad.length || skipped.length || unreleased.length ? 'failed' : 'ok';
    report.reason = [
      touched.length === 0 ? 'no host was touched' : null,
      restored.length ? `restored ${restored.map((h) => h.name).join(', ')} to their previous release` : null,
      bad.length ? `could not restore ${bad.map((h) => h.name).join(', ')}` : null,
      skipped.length ? `did not touch ${skipped.map((h) => `${h.name} (${h.detail.replace(/^left as it is: /, '')})`).join(', ')}` : null,
      unreleased.length ? `could not release the lock on ${unreleased.join(', ')}` : 'locks released',
    ]
      .filter(Boolean)
      .join('; ');
  } catch (err) {
    report.outcome = 'failed';
    report.reason = errorMessage(err);
  } finally {
    fleet.close();
  }
  report.hosts = ctx.config.hosts.flatMap((h) => hosts.find((x) => x.name === h.name) ?? []);
  return finishReport(ctx, report);
}
