import { quote } from 'shell-quote';
import { checkValue, type RuleName } from '../../config/values';
import { RollwatchError } from '../../errors';
import { oneLine } from '../../util/sanitize';

/**
 * The one place that turns values into remote shell text. A `Shell` fragment is already safe;
 * plain strings are quoted as single words. Nothing else in rollwatch builds a remote command.
 */
export class Shell {
  private constructor(readonly text: string) {}

  /** Literal shell syntax written in rollwatch's own source (never user data). */
  static raw(text: string): Shell {
    return new Shell(text);
  }

  toString(): string {
    return this.text;
  }
}

export type Word = string | number | Shell;

function word(w: Word): string {
  if (w instanceof Shell) return w.text;
  const s = String(w);
  if (s.includes('\0')) throw new RollwatchError('input', 'a value sent to a remote shell contains a NUL byte');
  return quote([s]);
}

/** Joins words into one command; every string is quoted. */
export function sh(...words: Word[]): Shell {
  return Shell.raw(words.map(word).join(' '));
}

/** `a && b && c` */
export const and = (...parts: Shell[]): Shell => Shell.raw(parts.map((p) => p.text).join(' && '));

/** Checks a value against its rule before it may reach a remote command. */
export function safe(rule: RuleName, value: string, field: string): string {
  const problem = checkValue(rule, value);
  if (problem) throw new RollwatchError('input', problem, field);
  return value;
}

/** Ends a command's options: every word after it is an operand, even one starting with "-". */
export const END_OF_OPTIONS = Shell.raw('--');

/**
 * A value that is a command's operand (a container name or ID, an image, a path): refused when
 * it could be read as an option, whatever checked it before. Commands also put END_OF_OPTIONS
 * before their operands, so a value read back from a host never becomes an option.
 */
export function operand(value: string, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new RollwatchError('input', 'must not be empty', field);
  if (value.startsWith('-')) throw new RollwatchError('input', `${JSON.stringify(oneLine(value, 60))} starts with "-" and would be read as an option`, field);
  return value;
}
