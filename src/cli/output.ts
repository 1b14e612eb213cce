import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RollwatchError, errorMessage, inputError } from '../errors';

/** Refuses, before the run starts, a file the run could not write at its end. */
export function checkWritableFile(field: string, path: string): void {
  const dir = dirname(resolve(path));
  const cannot = (why: string) => inputError(field, `cannot write ${path}: ${why}`);
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat) throw cannot(`the directory ${dir} does not exist`);
  if (!stat.isDirectory()) throw cannot(`${dir} is not a directory`);
  if (!writable(dir)) throw cannot(`the directory ${dir} is not writable`);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw cannot('it is a directory');
  if (existing && !writable(path)) throw cannot('the file is not writable');
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** What `--json` prints on stdout when a command fails before it has a report. */
export function errorJson(err: unknown, mask: (t: string) => string = (t) => t): string {
  const hint = err instanceof RollwatchError && err.hint ? { hint: mask(err.hint) } : {};
  return JSON.stringify({ tool: 'rollwatch', outcome: 'error', reason: mask(errorMessage(err)), ...hint }, null, 2);
}
