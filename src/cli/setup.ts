import { loadConfigFile } from '../config/file';
import type { Config } from '../config/types';
import { createMasker, maskedLogger, streamLogger, type Logger } from '../util/log';
import { terminal, type Terminal } from './terminal';
import type { OutputOptions } from './args';

/** What every CLI command that reaches hosts starts from: the config, the masker, the log on stderr and Ctrl-C. */
export interface CliRun {
  config: Config;
  mask: (text: string) => string;
  log: Logger;
  stderr: Terminal;
  signal: AbortSignal;
  /** Clears the live line and removes the signal handlers. */
  close(): void;
}

export interface SignalPolicy {
  /** Said on the first SIGINT/SIGTERM, which aborts the run. */
  firstSignal?: string;
  /** The signal that exits at once (130), for a run that does not stop in time. */
  exitAt: number;
}

export function openCliRun(options: OutputOptions, signals: SignalPolicy, env: Record<string, string | undefined> = process.env): CliRun {
  const config = loadConfigFile(options.config ?? 'rollwatch.yml', {}, env, { destination: options.destination });
  const mask = createMasker(config.secrets);
  const stderr = terminal(process.stderr, env);
  const log = maskedLogger(streamLogger(stderr.line, { verbose: options.verbose, colour: stderr.colour, progress: stderr.status }), mask);
  const controller = new AbortController();
  let received = 0;
  const onSignal = (sig: string) => {
    received++;
    if (received >= signals.exitAt) process.exit(130);
    if (received === 1) {
      if (signals.firstSignal) log.warn(`${sig} received: ${signals.firstSignal}`);
      controller.abort();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    config,
    mask,
    log,
    stderr,
    signal: controller.signal,
    close() {
      stderr.done();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
