import { EXIT, errorMessage } from './errors';
import { main } from './cli/main';

/** The CLI: runs one command and exits with its code. */
export function runCli(argv: string[]): Promise<void> {
  return main(argv).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`rollwatch: internal error: ${errorMessage(err)}\n`);
      process.exit(EXIT.failed);
    },
  );
}
