import { EXIT } from '../errors';
import { checkConfigText, formatCheck, type CheckOptions, type CheckResult } from './check';
import { readConfigText } from './file';
import { destinationPath } from './layers';

/**
 * Reads the file at `path` (and `rollwatch.NAME.yml` next to it with a destination) and checks
 * them; `label` is how problems name the file (the path as the user gave it, e.g. relative to the
 * workspace). The action's `mode: check` and the CLI share it.
 */
export function checkConfigFile(path: string, label: string, options: Omit<CheckOptions, 'destination'> & { destination?: string } = {}): CheckResult {
  const text = readConfigText(path);
  let destination: CheckOptions['destination'];
  if (options.destination !== undefined) {
    const file = destinationPath(path, options.destination);
    destination = {
      file: destinationPath(label, options.destination),
      text: readConfigText(file, '--destination', `create ${file} next to ${path}, with the values that differ for ${options.destination}`),
    };
  }
  return checkConfigText(text, label, { ...options, destination });
}

/** `rollwatch check`: reads the file, prints every problem (or "path: ok …"); exit 2 when there is one. */
export function runCheck(path: string, opts: { json?: boolean; env?: NodeJS.ProcessEnv; destination?: string; write?: (text: string) => void } = {}): number {
  const write = opts.write ?? ((t: string) => process.stdout.write(t));
  const result = checkConfigFile(path, path, { env: opts.env ?? process.env, destination: opts.destination });
  write((opts.json ? JSON.stringify({ ok: result.problems.length === 0, ...result }, null, 2) : formatCheck(result)) + '\n');
  return result.problems.length === 0 ? EXIT.ok : EXIT.badInput;
}
