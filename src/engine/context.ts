import type { Config } from '../config/types';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/log';

/** Everything a run needs besides its plan; passed down, never global. */
export interface RunContext {
  config: Config;
  log: Logger;
  clock: Clock;
  runId: string;
  /** Set on SIGINT/SIGTERM: start nothing new, return hosts to a known state. */
  signal: AbortSignal;
  command: string;
  commit: string | null;
  actor: string | null;
  /** Called whenever the set of touched hosts changes, so a crash can be cleaned up later. */
  onCheckpoint?: (checkpoint: Checkpoint) => void;
}

/** What a post step needs to finish a run that was cut off. */
export interface Checkpoint {
  runId: string;
  app: string;
  version: string | null;
  phase: 'preflight' | 'rollout' | 'verify' | 'rollback' | 'done';
  /** host name → container name that ran before this run touched it (null: none). */
  touched: Record<string, string | null>;
  lockedHosts: string[];
}
