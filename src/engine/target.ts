import type { Host } from '../config/types';
import type { HostReport, RunReport, VerificationReport } from '../report/model';
import type { RunContext } from './context';
import type { HistoryEntry } from './history';

/**
 * The port between the engine and where an app runs. The engine's pipeline (pipeline.ts) and
 * commands drive a `Target`; `ssh` (containers on a list of hosts, rolled out batch by batch by
 * rollwatch) and orchestrators (`swarm`; Kubernetes would be one more) implement it under
 * src/targets. Nothing here knows SSH, Docker or an orchestrator.
 */
export interface Target {
  readonly kind: 'ssh' | 'swarm';
  /** The deploy pipeline's view of the target for one run. */
  session(ctx: RunContext): RolloutSession;
  /** Connects read-only and reads what runs now, for `verify` (and heals when the config says so). */
  observe(ctx: RunContext): Promise<Observation>;
  /** `rollback`: return to a kept release (by default the previous one). */
  rollback(ctx: RunContext, version?: string): Promise<RunReport>;
  status(ctx: RunContext): Promise<RunReport>;
  plan(ctx: RunContext, version: string): Promise<RunReport>;
  lock(ctx: RunContext, action: 'status' | 'release'): Promise<RunReport>;
  /** Appends a finished deploy or rollback to the history kept on the nodes; problems come back as warnings, never thrown. */
  record(ctx: RunContext, entry: HistoryEntry): Promise<string[]>;
  /** Each node's deploy history (its last `limit` entries), for `history`. */
  history(ctx: RunContext, limit: number): Promise<{ perHost: { host: string; entries: HistoryEntry[]; skipped: number }[]; warnings: string[] }>;
  /** The running release's log, line by line with its node, until done (or until `ctx.signal` when following); returns per-node failures. */
  logs(ctx: RunContext, options: LogOptions, onLine: (node: string, line: string) => void): Promise<string[]>;
  /** Runs `argv` in the running release's container on each node (or the one named), output line by line. */
  exec(ctx: RunContext, options: { host?: string; argv: string[] }, onLine: (node: string, line: string, stream: 'stdout' | 'stderr') => void): Promise<{ node: string; code: number | null; error?: string }[]>;
}

export interface LogOptions {
  /** Only this node (a config host name). */
  host?: string;
  /** Docker's form: a duration ("10m") or an RFC 3339 time. */
  since?: string;
  /** Lines from the end of the log before following (default: all since `since`). */
  tail?: number;
  follow: boolean;
}

/** The image a run puts on the target, pinned by digest. */
export interface Release {
  version: string;
  imageRef: string;
  digest: string;
}

/** A node the verification window measures: a host that runs (or ran) the app. */
export interface WatchedNode {
  host: Host;
  /** `/proc/stat`, a line `---`, then `/proc/meminfo`, as the node reads them. */
  procStats(): Promise<string>;
  /** The app's container running on the node now (restart and OOM counts), or null. */
  runningContainer(): Promise<{ id: string; restartCount: number; oomKilled: boolean; version: string | null } | null>;
}

/** One step of a rollout: a batch of hosts, or the orchestrator's whole rolling update. */
export interface RolloutStep {
  /** Its phase in the log and the report, e.g. "rollout batch 1/3: web-1". */
  label: string;
  /** The nodes this step changes, known before it runs (empty when the orchestrator places the units). */
  nodes: WatchedNode[];
}

export type StepOutcome =
  /**
   * The step's nodes run the release, healthy; `candidates` are what the window watches.
   * `changed` is false when every node already ran this release with the same settings.
   */
  | { ok: true; candidates: WatchedNode[]; changed: boolean }
  /** The step failed; what it touched is either back already or left for `undo`. */
  | { ok: false; reason: string };

export interface UndoOutcome {
  /** Every node touched by the run is back on its previous release and healthy. */
  healthy: boolean;
  /** How the target undid it, for the report's reason (null: the host rows say it all). */
  summary: string | null;
}

/**
 * One deploy on a target, as the pipeline drives it. Host rows (`rows`) and the lock belong to
 * the target; phases, timings, the verification window and the verdict to the pipeline.
 */
export interface RolloutSession {
  /** e.g. "3 hosts over SSH" or "swarm service web via manager h1 (10.0.0.1)". */
  describe(): string;
  /**
   * Connects, checks every node can be driven, takes the deploy lock and reads what runs now.
   * Throws before anything changed; returns the version most nodes run (null: none).
   */
  preflight(version: string): Promise<{ previousVersion: string | null }>;
  /** The nodes running the old release now, for the pre-deploy baseline. */
  baselineNodes(): Promise<WatchedNode[]>;
  /** The rollout, in order; the first is the canary when the config asks for one. */
  steps(): RolloutStep[];
  /** Runs one step; `onChange` is called whenever what this run touched changes. */
  runStep(index: number, release: Release, onChange: () => void): Promise<StepOutcome>;
  /** Returns everything this run touched to what ran before. */
  undo(): Promise<UndoOutcome>;
  /** The release stays: keep `retain` old releases, drop the rest (problems are warnings). */
  keep(): Promise<void>;
  /**
   * Appends the finished run to the deploy history on the nodes; problems come back as warnings.
   * The run's last write, right before close(): a target may release its lock in the same round trip.
   */
  record(entry: HistoryEntry): Promise<string[]>;
  /** For the post step: nodes touched (name → what ran before) and nodes whose lock this run holds. */
  progress(): { touched: Record<string, string | null>; lockedHosts: string[] };
  /** Per node: before, after, health and what happened, in the config's order. */
  rows(): HostReport[];
  /** Releases the lock and closes connections; never throws (problems go to `warnings`). */
  close(): Promise<void>;
  readonly warnings: string[];
}

/** What runs now, read without a lock, for `verify`. */
export interface Observation {
  /** As RolloutSession.describe. */
  description: string;
  version: string | null;
  nodes: WatchedNode[];
  rows: HostReport[];
  heal: NonNullable<VerificationReport['heal']>;
  warnings: string[];
  close(): void;
}
