import { cleanLog } from './sanitize';

/** Logging seen by the engine; the action and the CLI each provide one. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
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
  };
}

/** Plain lines to a stream (stderr for the CLI, so --json keeps stdout clean). */
export function streamLogger(write: (line: string) => void, verbose = false): Logger {
  const stamp = () => new Date().toISOString().slice(11, 23);
  let prefix = '';
  return {
    info: (m) => write(`${stamp()} ${prefix}${m}`),
    warn: (m) => write(`${stamp()} ${prefix}WARN ${m}`),
    error: (m) => write(`${stamp()} ${prefix}ERROR ${m}`),
    debug: (m) => {
      if (verbose) write(`${stamp()} ${prefix}${m}`);
    },
    async group(name, fn) {
      write(`${stamp()} ── ${name}`);
      const before = prefix;
      prefix = before + '  ';
      try {
        return await fn();
      } finally {
        prefix = before;
      }
    },
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {}, group: (_n, fn) => fn() };
