import type { RunContext } from '../engine/context';
import type { Release } from '../engine/host-rollout';
import type { RunReport } from '../report/model';

/**
 * Where an app runs. The engine's commands go through this interface: `ssh` (containers on a
 * list of hosts, rolled out by rollwatch itself) and orchestrated targets (`swarm`; Kubernetes
 * would be one more `Orchestrator`) implement it. Every command returns the one report model,
 * so renderers, outputs and integrations do not know which target ran.
 */
export interface Target {
  readonly kind: 'ssh' | 'swarm';
  deploy(ctx: RunContext, options: { version?: string; forceBuild?: boolean }): Promise<RunReport>;
  rollback(ctx: RunContext, version?: string): Promise<RunReport>;
  status(ctx: RunContext): Promise<RunReport>;
  verify(ctx: RunContext): Promise<RunReport>;
  plan(ctx: RunContext, version?: string): Promise<RunReport>;
  lock(ctx: RunContext, action: 'status' | 'release'): Promise<RunReport>;
}

/** One running instance of the app that the orchestrator placed on a node. */
export interface Unit {
  id: string;
  /** The host (from the config's `hosts`) the unit runs on, when it is one of them. */
  host: string | null;
  /** The node's address: probes go to address:port (host network / host-mode ports). */
  address: string;
  version: string | null;
  image: string;
  state: string;
  /** Orchestrator's error for a unit that failed (e.g. "task: non-zero exit (3)"). */
  error: string | null;
  exitCode: number | null;
}

/** What the orchestrator runs now for the app. */
export interface ServiceState {
  version: string | null;
  image: string;
  /** The version the orchestrator would return to on `undo` (null: none kept). */
  previousVersion: string | null;
  units: Unit[];
  /** The orchestrator's own word on its last update (e.g. Swarm's UpdateStatus). */
  updateState: string | null;
  updateMessage: string | null;
}

export type RolloutOutcome =
  /** Every unit runs the release and the orchestrator calls it done. */
  | { kind: 'completed'; units: Unit[] }
  /** The orchestrator's own failure action put the previous release back. */
  | { kind: 'rolled-back-by-orchestrator'; reason: string; failedUnits: Unit[]; units: Unit[]; backHealthy: boolean }
  /** Anything else: timeout, paused update, API error. */
  | { kind: 'failed'; reason: string; units: Unit[] };

export interface UndoOutcome {
  healthy: boolean;
  detail: string;
  units: Unit[];
}

/**
 * An orchestrator that runs the app's units itself (Swarm, Kubernetes). The shared engine in
 * `orchestrated.ts` adds build, lock, verification window, detector, rollback and report.
 */
export interface Orchestrator {
  /** e.g. "swarm service web via manager h1 (10.213.0.11)". */
  describe(): string;
  /** Connects and checks the orchestrator answers and can be driven; throws before any change. */
  preflight(): Promise<string>;
  /** The current state, or null when the service does not exist yet. */
  current(): Promise<ServiceState | null>;
  /** Rolls the release out with the orchestrator's own rolling update and waits for its verdict. */
  rollout(ctx: RunContext, release: Release): Promise<RolloutOutcome>;
  /** The orchestrator's rollback to the previous spec; waits until every unit runs it, healthy. */
  undo(ctx: RunContext): Promise<UndoOutcome>;
  /** Whether each unit answers its health check now (by unit id). */
  health(ctx: RunContext, units: Unit[]): Promise<Map<string, { healthy: boolean; detail: string }>>;
  close(): void;
}
