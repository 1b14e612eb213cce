import { RollwatchError } from '../errors';
import { checkValue } from '../config/values';

/** A release the upstream points at: its port and its share of traffic (0 = kept as a standby, no traffic). */
export interface UpstreamTarget {
  port: number;
  weight: number;
}

export interface UpstreamServer {
  address: string;
  port: number;
  weight: number;
  /** Marked `down`: the standby release, listed so that a crash recovery knows its port. */
  down: boolean;
}

export interface UpstreamFile {
  app: string;
  upstream: string;
  address: string;
}

const hostPort = (address: string, port: number) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

function check(rule: 'app' | 'proxyName' | 'ipAddress', value: string, field: string): void {
  const problem = checkValue(rule, value);
  if (problem) throw new RollwatchError('input', problem, field);
}

/**
 * The text of the upstream file rollwatch owns (`include`d in the user's http block). Servers
 * come in port order, so the same targets always give the same file. A target of weight 0 is
 * written `down` rather than left out: nginx sends it nothing, yet the file still names the
 * warm standby's port, which is what the post step or `rollback` reads after a crash to switch
 * back without asking anything else. Weights are nginx `weight=` (relative, 1–100 here).
 */
export function renderUpstream(file: UpstreamFile, targets: readonly UpstreamTarget[]): string {
  check('app', file.app, 'app');
  check('proxyName', file.upstream, 'proxy.nginx.upstream');
  check('ipAddress', file.address, 'proxy.address');
  if (targets.length === 0) throw new RollwatchError('internal', 'an upstream needs at least one server');
  const ports = new Set<number>();
  for (const t of targets) {
    if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) throw new RollwatchError('internal', `upstream port ${t.port} is not a port number`);
    if (!Number.isInteger(t.weight) || t.weight < 0 || t.weight > 100) throw new RollwatchError('internal', `upstream weight ${t.weight} is not a whole number from 0 to 100`);
    if (ports.has(t.port)) throw new RollwatchError('internal', `upstream port ${t.port} given twice`);
    ports.add(t.port);
  }
  if (!targets.some((t) => t.weight > 0)) throw new RollwatchError('internal', 'an upstream needs a server that takes traffic (every weight is 0)');
  const lines = [...targets]
    .sort((a, b) => a.port - b.port)
    .map((t) => `  server ${hostPort(file.address, t.port)} ${t.weight > 0 ? `weight=${t.weight}` : 'down'};`);
  return [`# managed by rollwatch (app ${file.app}): rewritten on every switch, do not edit`, `upstream ${file.upstream} {`, ...lines, '}', ''].join('\n');
}

/**
 * The servers of upstream `name` in an upstream file (rollwatch's or a hand-written one of the
 * same form); null when the file has no such upstream block.
 */
export function parseUpstream(text: string, name: string): UpstreamServer[] | null {
  const body = text.replace(/#[^\n]*/g, '');
  const open = new RegExp(`(?:^|[\\s;}])upstream\\s+${name.replace(/[.]/g, '\\.')}\\s*\\{([^}]*)\\}`).exec(body);
  if (!open) return null;
  const servers: UpstreamServer[] = [];
  for (const stmt of open[1].split(';')) {
    const words = stmt.trim().split(/\s+/);
    if (words[0] !== 'server' || words.length < 2) continue;
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):([0-9]{1,5})$/.exec(words[1]);
    if (!m) continue;
    const weight = words.find((w) => w.startsWith('weight='));
    servers.push({ address: m[1] ?? m[2], port: Number(m[3]), weight: weight ? Number(weight.slice(7)) : 1, down: words.includes('down') });
  }
  return servers;
}

/** Ports that take traffic (not `down`) in a parsed upstream, highest weight first. */
export function servingPorts(servers: readonly UpstreamServer[]): number[] {
  return servers.filter((s) => !s.down && s.weight > 0).sort((a, b) => b.weight - a.weight || a.port - b.port).map((s) => s.port);
}
