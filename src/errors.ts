/**
 * Errors are values with a kind, an optional field and a hint; the entry points map the kind
 * to an exit code. `input` errors are always raised before any host is touched.
 */
export type ErrorKind = 'input' | 'preflight' | 'lock' | 'build' | 'deploy' | 'rollback' | 'verify' | 'internal';

export class RollwatchError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly field?: string,
    readonly hint?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'RollwatchError';
  }
}

export const inputError = (field: string, message: string, hint?: string): RollwatchError =>
  new RollwatchError('input', message, field, hint);

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Exit codes shared by the CLI and documented in the README. */
export const EXIT = {
  ok: 0,
  failed: 1,
  badInput: 2,
  rolledBack: 3,
} as const;

export function exitCodeFor(err: unknown): number {
  if (err instanceof RollwatchError && err.kind === 'input') return EXIT.badInput;
  return EXIT.failed;
}

/** "web-1: what went wrong", naming the host once when the message already starts with it. */
export function hostMessage(host: string, err: unknown): string {
  const message = errorMessage(err);
  return message.startsWith(`${host}:`) || message.startsWith(`${host} (`) ? message : `${host}: ${message}`;
}
