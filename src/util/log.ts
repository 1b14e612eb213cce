import { cleanLog } from './sanitize';

/** Logging seen by the engine; the action and the CLI each provide one. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** A transient status line (elapsed / total, worst metric): live on a terminal, dropped elsewhere. */
  progress?(line: string): void;
}

/** Replaces every secret (and each line of a multi-line secret) with ***. */
export function createMasker(secrets: readonly string[]): (text: string) => string {
  const parts = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    parts.add(s);
    for (const line of s.split(/\r?\n/)) if (line.trim().length >= 4) parts.add(line.trim());
  }
  const ordered = [...parts].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (t) => t;
  return (text: string) => {
    let out = text;
    for (const p of ordered) if (out.includes(p)) out = out.split(p).join('***');
    return out;
  };
}

/**
 * Masks secrets, then cleans the text (control characters, workflow commands): the last line of
 * defence for values read back from hosts, which are also cleaned where they are read.
 */
export function maskedLogger(inner: Logger, mask: (t: string) => string): Logger {
  const safe = (m: string) => cleanLog(mask(m));
  return {
    info: (m) => inner.info(safe(m)),
    warn: (m) => inner.warn(safe(m)),
    error: (m) => inner.error(safe(m)),
    debug: (m) => inner.debug(safe(m)),
    group: (name, fn) => inner.group(safe(name), fn),
    ...(inner.progress && { progress: (m: string) => inner.progress!(safe(m)) }),
  };
}

export interface StreamLoggerOptions {
  verbose?: boolean;
  /** ANSI colour for the level tags and group headers (only on a terminal, never with NO_COLOR). */
  colour?: boolean;
  /** Where progress lines go (a terminal's live line); without it they are dropped. */
  progress?: (line: string) => void;
}

const paint = (on: boolean, code: string, text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

/** Plain lines to a stream (stderr for the CLI, so --json keeps stdout clean). */
export function streamLogger(write: (line: string) => void, options: StreamLoggerOptions = {}): Logger {
  const { verbose = false, colour = false } = options;
  const stamp = () => paint(colour, '2', new Date().toISOString().slice(11, 23));
  let prefix = '';
  return {
    info: (m) => write(`${stamp()} ${prefix}${m}`),
    warn: (m) => write(`${stamp()} ${prefix}${paint(colour, '33', 'WARN')} ${m}`),
    error: (m) => write(`${stamp()} ${prefix}${paint(colour, '31', 'ERROR')} ${m}`),
    debug: (m) => {
      if (verbose) write(`${stamp()} ${prefix}${m}`);
    },
    async group(name, fn) {
      write(`${stamp()} ${paint(colour, '1', `── ${name}`)}`);
      const before = prefix;
      prefix = before + '  ';
      try {
        return await fn();
      } finally {
        prefix = before;
      }
    },
    ...(options.progress && { progress: options.progress }),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {}, group: (_n, fn) => fn() };
