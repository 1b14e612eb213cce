import { RollwatchError } from '../errors';

/** The range a new release takes its port from (`proxy.ports`). */
export interface PortRange {
  from: number;
  to: number;
}

/**
 * The port for the new release: the lowest port of the range that nothing on the host uses
 * (`used`: ports of running containers and of listening sockets, as the host reports them).
 * The old release keeps its port, so the range needs room for both.
 */
export function planPorts(range: PortRange, used: Iterable<number>): number {
  const taken = new Set(used);
  for (let p = range.from; p <= range.to; p++) if (!taken.has(p)) return p;
  const inRange = [...taken].filter((p) => p >= range.from && p <= range.to).sort((a, b) => a - b);
  throw new RollwatchError(
    'preflight',
    `every port from ${range.from} to ${range.to} is in use on the host (${inRange.join(', ')}): no port left for the new release`,
    'proxy.ports',
    'widen the range, or stop what holds those ports (`ss -ltnp` on the host shows it)',
  );
}

/** Listening TCP ports from `ss -ltnH` output (the local address column, IPv4 or [IPv6]). */
export function parseListeningPorts(ssOutput: string): number[] {
  const ports = new Set<number>();
  for (const line of ssOutput.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4 || cols[0] !== 'LISTEN') continue;
    const m = /:([0-9]{1,5})$/.exec(cols[3]);
    if (m) ports.add(Number(m[1]));
  }
  return [...ports].sort((a, b) => a - b);
}
