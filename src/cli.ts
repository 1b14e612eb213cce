import { EXIT, errorMessage } from './errors';
import { parseInvocation, type Invocation } from './cli/args';

function printOnly(argv: string[]): Extract<Invocation, { kind: 'print' }> | null {
  try {
    const invocation = parseInvocation(argv);
    return invocation.kind === 'print' ? invocation : null;
  } catch {
    return null; // cli/main parses again and reports the error
  }
}

/**
 * The CLI: runs one command and exits with its code. Usage and version need nothing but the
 * argument parser, so they are answered before the commands' code (config, report, engine) loads.
 */
export async function runCli(argv: string[]): Promise<void> {
  const print = printOnly(argv);
  if (print) {
    (print.to === 'stdout' ? process.stdout : process.stderr).write(print.text + '\n');
    process.exitCode = print.exitCode;
    return;
  }
  const { main } = await import('./cli/main');
  return main(argv).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`rollwatch: internal error: ${errorMessage(err)}\n`);
      process.exit(EXIT.failed);
    },
  );
}
