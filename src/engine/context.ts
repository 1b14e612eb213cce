import type { Config } from '../config/types';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/log';
import type { Checkpoint } from './checkpoint';

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
  /** The CI run's page, for the deploy history (null outside CI). */
  runUrl?: string | null;
  /** Called whenever the set of touched hosts changes, so a crash can be cleaned up later. */
  onCheckpoint?: (checkpoint: Checkpoint) => void;
}

export type { Checkpoint } from './checkpoint';
