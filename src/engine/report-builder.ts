import type { Outcome, RunReport, VerificationReport } from '../report/model';
import type { RunContext } from './context';

export function newReport(ctx: RunContext, command: string, version: string | null): RunReport {
  return {
    tool: 'rollwatch',
    schemaVersion: 1,
    command,
    app: ctx.config.app,
    version,
    previousVersion: null,
    image: null,
    digest: null,
    outcome: 'failed',
    reason: '',
    runId: ctx.runId,
    startedAt: new Date(ctx.clock.now()).toISOString(),
    finishedAt: '',
    timings: { buildMs: null, deployServerMs: null, deployMs: null, detectMs: null, recoverMs: null, recoveryMs: null, totalMs: 0 },
    hosts: [],
    verification: null,
    warnings: [],
    phases: [],
  };
}

/** Fills the derived timings (T_deploy = T_build + T_deploy_server; Recovery = T_detect + T_recover). */
export function finishReport(ctx: RunContext, report: RunReport): RunReport {
  const t = report.timings;
  if (t.buildMs !== null && t.deployServerMs !== null) t.deployMs = t.buildMs + t.deployServerMs;
  if (report.verification?.detectMs != null) t.detectMs = report.verification.detectMs;
  if (t.detectMs !== null && t.recoverMs !== null) t.recoveryMs = t.detectMs + t.recoverMs;
  t.totalMs = ctx.clock.now() - Date.parse(report.startedAt);
  report.finishedAt = new Date(ctx.clock.now()).toISOString();
  return report;
}

/** The outcome of a release that stays: compared and kept, undecided, or a first release with nothing to compare with. */
export function keptOutcome(verification: VerificationReport | null): Outcome {
  if (verification?.baselineKind === 'none' && verification.verdict !== 'fail') return 'deployed';
  return verification?.verdict === 'inconclusive' ? 'inconclusive' : 'promoted';
}
