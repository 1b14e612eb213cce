import { EXIT } from '../errors';
import { checkConfigText, formatCheck } from './check';
import { readConfigText } from './file';

/** `rollwatch check`: reads the file, prints every problem (or "path: ok …"); exit 2 when there is one. */
export function runCheck(path: string, opts: { json?: boolean; env?: NodeJS.ProcessEnv; write?: (text: string) => void } = {}): number {
  const write = opts.write ?? ((t: string) => process.stdout.write(t));
  const result = checkConfigText(readConfigText(path), path, { env: opts.env ?? process.env });
  write((opts.json ? JSON.stringify({ ok: result.problems.length === 0, ...result }, null, 2) : formatCheck(result)) + '\n');
  return result.problems.length === 0 ? EXIT.ok : EXIT.badInput;
}
