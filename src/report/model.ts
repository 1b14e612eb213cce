/** One data model for what happened; every renderer (summary, JSON, CLI lines) reads it. */
/**
 * `deployed`: a first release that passed its health gates and absolute guards, with no earlier
 * release to compare it with. `promoted` always means it was compared and judged no worse.
 */
export type Outcome = 'promoted' | 'deployed' | 'rolled-back' | 'inconclusive' | 'failed' | 'ok';

export type HostResult =
  | 'deployed' // now runs the new release
  | 'unchanged' // already ran it
  | 'rolled-back' // ran the new release, returned to the previous one
  | 'restored' // the new release failed on it; its previous release runs again
  | 'untouched' // the run never changed it
  | 'failed' // left in a state that needs a person (see `detail`)
  | 'ok'; // read-only commands

export interface StepTiming {
  step: string;
  ms: number;
}

export interface HostReport {
  name: string;
  address: string;
  previous: string | null;
  final: string | null;
  result: HostResult;
  healthy: boolean | null;
  detail: string;
  retained: string[];
  steps: StepTiming[];
  /** Last lines of the failing container's log, when a health gate failed. */
  logs?: string;
  /** Exact commands to run by hand when the host could not be left clean. */
  manual?: string;
}

export interface Timings {
  buildMs: number | null;
  deployServerMs: number | null;
  deployMs: number | null;
  detectMs: number | null;
  recoverMs: number | null;
  recoveryMs: number | null;
  totalMs: number;
}

export interface MetricReport {
  name: string;
  source: string;
  verdict: string;
  reason: string;
  median: number | null;
  scale: number | null;
  worstZ: number | null;
  rule: string | null;
  decidedAt: number | null;
  critical: boolean;
  baseline: number[];
  candidate: (number | null)[];
}

export interface VerificationReport {
  verdict: 'pass' | 'fail' | 'inconclusive' | 'skipped';
  reason: string;
  deciding: string | null;
  windowMs: number;
  intervalMs: number;
  samples: number;
  baselineKind: 'pre-deploy' | 'concurrent' | 'none';
  /** What the policy does with an inconclusive verdict. */
  onInconclusive: 'keep' | 'rollback';
  /** ms from window start (or regression onset when known) to the verdict. */
  detectMs: number | null;
  metrics: MetricReport[];
  warnings: string[];
  heal?: { host: string; attempts: number; healthy: boolean }[];
  /** Canary mode: the canary's own window, which let the rollout go on before this fleet window judged every host. */
  canary?: { hosts: string[]; verdict: VerificationReport['verdict']; reason: string; samples: number };
}

export interface RunReport {
  tool: 'rollwatch';
  schemaVersion: 1;
  command: string;
  app: string;
  version: string | null;
  previousVersion: string | null;
  image: string | null;
  digest: string | null;
  outcome: Outcome;
  reason: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  timings: Timings;
  hosts: HostReport[];
  verification: VerificationReport | null;
  warnings: string[];
  lock?: { host: string; held: boolean; holder: unknown }[];
  phases: StepTiming[];
  /** What ran the app, e.g. "3 hosts over SSH" or "swarm service web via manager h1 (10.213.0.11)". */
  target?: { kind: string; description: string };
}
