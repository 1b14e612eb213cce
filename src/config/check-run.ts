import { readBounded, FILE_LIMIT_BYTES } from '../util/files';
import { EXIT, inputError } from '../errors';
import { checkConfigText, formatCheck } from './check';

/** `rollwatch check`: reads the file, prints every problem (or "path: ok …"); exit 2 when there is one. */
export function runCheck(path: string, opts: { json?: boolean; env?: NodeJS.ProcessEnv; write?: (text: string) => void } = {}): number {
  const write = opts.write ?? ((t: string) => process.stdout.write(t));
  let text: string;
  try {
    text = readBounded(path, FILE_LIMIT_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EFBIG') throw inputError(path, 'is larger than 1 MB; a rollwatch config is a few hundred lines at most');
    throw inputError('--config', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, 'give the path of a rollwatch YAML file');
  }
  const result = checkConfigText(text, path, { env: opts.env ?? process.env });
  write((opts.json ? JSON.stringify({ ok: result.problems.length === 0, ...result }, null, 2) : formatCheck(result)) + '\n');
  return result.problems.length === 0 ? EXIT.ok : EXIT.badInput;
}
