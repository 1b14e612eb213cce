import { randomBytes } from 'node:crypto';
import type { Config } from '../config/types';
import { EXIT } from '../errors';
import type { RunReport } from '../report/model';
import { systemClock, type Clock } from '../util/clock';
import { createMasker, type Logger } from '../util/log';
import { notifyRun, runUrlFrom } from '../integrations/notify';
import { historyEntry, worthRecording } from './history';
import type { Checkpoint, RunContext } from './context';
import type { Target } from './target';

export type Command =
  | { name: 'deploy'; version?: string; forceBuild?: boolean }
  | { name: 'rollback'; version?: string }
  | { name: 'status' }
  | { name: 'plan'; version?: string }
  | { name: 'verify' }
  | { name: 'lock'; action: 'status' | 'release' };

export interface RunEnvironment {
  config: Config;
  log: Logger;
  signal: AbortSignal;
  commit: string | null;
  actor: string | null;
  runId?: string;
  clock?: Clock;
  onCheckpoint?: (c: Checkpoint) => void;
  /**
   * Where the app runs, wired in by the entry point (the engine imports no target). A promise so
   * the SSH and Docker clients, most of the start-up time, load only when a command needs them.
   */
  target: (config: Config) => Promise<Target>;
}

/**
 * A run id no other run shares. Jobs and matrix legs of one workflow run share GITHUB_RUN_ID,
 * GITHUB_RUN_ATTEMPT and even GITHUB_JOB, so a random part keeps one job from taking (or
 * releasing) another's lock; the run and attempt stay readable in lock holders.
 */
export function newRunId(env: NodeJS.ProcessEnv = process.env): string {
  const unique = randomBytes(6).toString('hex');
  const runPart = env.GITHUB_RUN_ID && /^[0-9]{1,20}$/.test(env.GITHUB_RUN_ID) ? env.GITHUB_RUN_ID : null;
  const attempt = env.GITHUB_RUN_ATTEMPT && /^[0-9]{1,6}$/.test(env.GITHUB_RUN_ATTEMPT) ? env.GITHUB_RUN_ATTEMPT : '1';
  return runPart ? `gh-${runPart}-${attempt}-${unique}` : `local-${unique}`;
}

/**
 * The one engine entry both the action and the CLI call. Once the report is final, the `notify:`
 * webhooks are told (never throws, never changes the report).
 */
export async function runCommand(command: Command, env: RunEnvironment): Promise<RunReport> {
  const ctx = contextOf(command, env);
  const target = await env.target(ctx.config);
  const report = await dispatch(command, ctx, target);
  // A deploy records itself on its own connections before they close; a rollback here.
  const entry = command.name === 'rollback' ? historyEntry(report, ctx) : null;
  if (entry && worthRecording(report)) report.warnings.push(...(await target.record(ctx, entry)));
  if (env.config.notify?.length) await notifyRun(env.config.notify, report, env.log, { mask: createMasker(env.config.secrets) });
  return report;
}

/** The context of one run (also for the CLI's day-two commands, which are not engine commands). */
export function contextOf(command: Command | { name: string }, env: Omit<RunEnvironment, 'target'>): RunContext {
  return {
    config: env.config,
    log: env.log,
    clock: env.clock ?? systemClock,
    runId: env.runId ?? newRunId(),
    signal: env.signal,
    command: 'action' in command ? `lock ${command.action}` : command.name,
    commit: env.commit,
    actor: env.actor,
    runUrl: runUrlFrom(process.env),
    onCheckpoint: env.onCheckpoint,
  };
}

async function dispatch(command: Command, ctx: RunContext, target: Target): Promise<RunReport> {
  // Loaded on first use: the pipeline brings the window's HTTP and Prometheus clients, which
  // --help, schema, analyze and input errors do not need (the target is loaded likewise).
  const { deploy, resolveVersion, verifyDeployed } = await import('./pipeline');
  switch (command.name) {
    case 'deploy':
      return deploy(target, ctx, { version: command.version, forceBuild: command.forceBuild });
    case 'rollback':
      return target.rollback(ctx, command.version);
    case 'status':
      return target.status(ctx);
    case 'plan':
      return target.plan(ctx, resolveVersion(ctx, command.version));
    case 'verify':
      return verifyDeployed(target, ctx);
    case 'lock':
      return target.lock(ctx, command.action);
  }
}

export function exitCodeOf(report: RunReport): number {
  switch (report.outcome) {
    case 'promoted':
    case 'deployed':
    case 'inconclusive':
    case 'ok':
      return EXIT.ok;
    case 'rolled-back':
      return EXIT.rolledBack;
    default:
      return EXIT.failed;
  }
}
