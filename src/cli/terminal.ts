/**
 * What the CLI writes to a terminal, and only to a terminal: colour (unless NO_COLOR is set or
 * TERM is dumb) and one live status line, rewritten in place and cleared before the next line.
 * Piped or redirected output (CI logs, `2> file`) gets plain lines and no status line.
 */
export interface TerminalStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Terminal {
  readonly colour: boolean;
  /** Writes one line, clearing the live status line first. */
  line(text: string): void;
  /** Replaces the live status line (a no-op when the stream is not a terminal). */
  status(text: string): void;
  /** Clears the live status line. */
  done(): void;
}

const CLEAR_LINE = '\r\x1b[2K';

export function colourWanted(stream: TerminalStream, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

export function terminal(stream: TerminalStream, env: Record<string, string | undefined> = process.env): Terminal {
  const live = stream.isTTY === true && env.TERM !== 'dumb';
  let shown = false;
  const clear = () => {
    if (shown) stream.write(CLEAR_LINE);
    shown = false;
  };
  return {
    colour: colourWanted(stream, env),
    line(text) {
      clear();
      stream.write(text + '\n');
    },
    status(text) {
      if (!live) return;
      const width = Math.max(20, (stream.columns || 80) - 1); // a pty without a size says 0
      const oneLine = text.replace(/\s+/g, ' ');
      stream.write(CLEAR_LINE + (oneLine.length > width ? oneLine.slice(0, width - 1) + '…' : oneLine));
      shown = true;
    },
    done: clear,
  };
}

const OUTCOME_COLOUR: Record<string, string> = { promoted: '32', deployed: '32', ok: '32', inconclusive: '33', 'rolled-back': '31', failed: '31' };

/** The text report's first line in the outcome's colour (green, yellow, red). */
export function paintHeadline(text: string, outcome: string, colour: boolean): string {
  const code = OUTCOME_COLOUR[outcome];
  if (!colour || !code) return text;
  const nl = text.indexOf('\n');
  const head = nl < 0 ? text : text.slice(0, nl);
  return `\x1b[1;${code}m${head}\x1b[0m${nl < 0 ? '' : text.slice(nl)}`;
}
