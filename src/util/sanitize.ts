/**
 * The one sanitizer for text that came from outside rollwatch (a host, a network peer) on its
 * way to a log, a report or the job summary. GitHub's runner reads its stdout line by line and
 * runs any line that starts with `::` (after leading blanks) or contains `##[` as a workflow
 * command; terminals act on escape sequences. Values are cleaned where they are read back
 * (oneLine) and every log line passes through cleanLog as a last line of defence.
 */

// C0 (but tab and newline), DEL, C1, Unicode line/paragraph separators and bidi controls.
const CONTROL_KEEP_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/g;

/** A workflow command marker at the start of a line (after blanks), or a legacy `##[` anywhere. */
const COMMAND_AT_LINE_START = /^([ \t]*):(?=:)/gm;
const LEGACY_COMMAND = /##\[/g;

/** Breaks workflow command markers so the runner prints the text instead of running it. */
function defuse(text: string): string {
  return text.replace(COMMAND_AT_LINE_START, '$1: ').replace(LEGACY_COMMAND, '# #[');
}

/**
 * A value read back from a host, fit for one line of a log or report: line breaks become
 * spaces, other control characters go, workflow markers are broken, and it is cut at `max`.
 */
export function oneLine(value: unknown, max = 200): string {
  const s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const flat = defuse(s.replace(LINE_BREAKS, ' ').replace(CONTROL_KEEP_NEWLINE, ''));
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A log message or report text (several lines allowed): no control characters, no workflow commands. */
export function cleanLog(text: string): string {
  return defuse(text.replace(/\r\n?/g, '\n').replace(CONTROL_KEEP_NEWLINE, ''));
}
