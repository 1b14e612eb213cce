// The `debug` package (docker-modem's logger) ships no types; rollwatch only swaps its writer.
declare module 'debug' {
  interface CreateDebug {
    (namespace: string): (...args: unknown[]) => void;
    log: (...args: unknown[]) => unknown;
    formatArgs: (this: unknown, args: unknown[]) => void;
    enable(namespaces: string): void;
    disable(): string;
  }
  const createDebug: CreateDebug;
  export default createDebug;
}
