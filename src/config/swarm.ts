import { z } from 'zod';
import { inputError, type RollwatchError } from '../errors';
import { duration } from './fields';

/**
 * The `swarm` section (used with `target: swarm`) and the checks that refuse, at load time,
 * the options that make no sense when Docker Swarm runs the tasks.
 */
const swarmDuration = (max: number) => duration(max);

const whole = (min: number, max: number) => z.number({ error: `expected a whole number from ${min} to ${max}` }).int(`expected a whole number from ${min} to ${max}`).min(min).max(max);

export const swarmSchema = z.strictObject({
  /** The host (by name, from `hosts`) whose engine is a Swarm manager; default: the first host. */
  manager: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected the name of one of the hosts, e.g. "h1"').optional(),
  /** The service name; default: the app name. */
  service: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, 'expected a service name: letters, digits, "_", "." or "-", at most 63 characters')
    .optional(),
  replicas: whole(0, 1000).optional(),
  parallelism: whole(1, 1000).default(1),
  delay: swarmDuration(600_000).default(1000),
  monitor: swarmDuration(600_000).default(5000),
  order: z.enum(['auto', 'start-first', 'stop-first'], { error: 'expected "auto" (start-first unless a task holds a host port), "start-first" or "stop-first"' }).default('auto'),
  rollbackParallelism: whole(1, 1000).default(1),
  /** How long an update (or a rollback) may run before rollwatch gives up waiting. */
  updateTimeout: swarmDuration(3_600_000).default(300_000),
  healthcheck: z
    .strictObject({
      test: z
        .array(z.string().min(1).max(4096), { error: 'expected the health command as a list of arguments, e.g. ["curl", "-fsS", "http://127.0.0.1:8080/health"]' })
        .min(1, 'the health command needs at least the program'),
      interval: swarmDuration(600_000).default(1000),
      timeout: swarmDuration(600_000).default(2000),
      retries: whole(1, 100).default(2),
      startPeriod: swarmDuration(600_000).default(2000),
    })
    .optional(),
});

export type SwarmSection = z.output<typeof swarmSchema>;

/** The resolved swarm settings the adapter works from. */
export interface SwarmSettings {
  manager: string;
  service: string;
  replicas: number;
  parallelism: number;
  delayMs: number;
  monitorMs: number;
  order: 'start-first' | 'stop-first';
  rollbackParallelism: number;
  updateTimeoutMs: number;
  healthcheck?: { test: string[]; intervalMs: number; timeoutMs: number; retries: number; startPeriodMs: number };
  /** Host ports the tasks hold (host network: the app port; or published host-mode ports). */
  hostPorts: number[];
}

type Raw = Record<string, any>;
const has = (raw: Raw, ...path: string[]): boolean => {
  let v: any = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return false;
    v = v[p];
  }
  return v !== undefined;
};

/** Each option that Swarm makes meaningless, with the reason given to the user. */
const REFUSED: { path: string[]; why: string }[] = [
  { path: ['rollout', 'canary'], why: 'a Swarm service runs one spec on all its tasks, so there is no subset of hosts to verify first; verification runs on all tasks after the update' },
  { path: ['rollout', 'hooks'], why: 'Swarm starts and stops the tasks itself, so per-host hooks have no moment to run' },
  { path: ['rollout', 'batchSize'], why: 'Swarm updates tasks, not hosts: use swarm.parallelism' },
  { path: ['rollout', 'concurrency'], why: 'Swarm updates tasks, not hosts: use swarm.parallelism' },
  { path: ['rollout', 'strategy'], why: 'use swarm.order (start-first or stop-first)' },
  { path: ['rollout', 'retain'], why: 'Swarm keeps exactly one previous spec per service (PreviousSpec); older versions are redeployed by digest with `rollback --version`' },
  { path: ['container', 'restart'], why: 'Swarm replaces failed tasks itself (its restart policy), there are no per-host containers to restart' },
  { path: ['container', 'volumes'], why: 'volumes are per host; this target does not map them to Swarm mounts' },
  { path: ['container', 'stopTimeout'], why: 'not mapped to the service spec by this target (Swarm stops tasks with its own grace period of 10s)' },
  { path: ['proxy'], why: 'Swarm routes traffic to tasks itself (its routing mesh or dnsrr): there is no per-host proxy to switch' },
  { path: ['ssh', 'jumpHost'], why: 'the connection to the Swarm manager does not go through a jump host yet' },
  { path: ['verify', 'heal'], why: 'Swarm replaces unhealthy tasks itself' },
];

/** Refuses (before anything is touched) options that make no sense with the chosen target. */
export function checkTargetOptions(raw: Raw): void {
  const [first] = targetOptionErrors(raw);
  if (first) throw first;
}

/** Every option that makes no sense with the chosen target, in file order (`rollwatch check` lists them all). */
export function targetOptionErrors(raw: Raw): RollwatchError[] {
  const errors: RollwatchError[] = [];
  const target = raw.target ?? 'ssh';
  if (target !== 'swarm') {
    if (has(raw, 'swarm')) errors.push(inputError('swarm', 'is only used with target: swarm', 'set target: swarm, or remove the swarm section'));
    return errors;
  }
  for (const r of REFUSED) {
    if (has(raw, ...r.path)) errors.push(inputError(r.path.join('.'), `is not supported with target: swarm: ${r.why}`, 'remove it from the config'));
  }
  const env: unknown = raw.container?.env;
  if (env !== null && typeof env === 'object') {
    for (const [key, v] of Object.entries(env)) {
      if (v !== null && typeof v === 'object' && (v as Raw).secret === true) {
        errors.push(
          inputError(
            `container.env.${key}.secret`,
            'is not supported with target: swarm: Swarm keeps env values in the service spec, where `docker service inspect` (and the previous spec) shows them to anyone who can reach the manager',
            'create a Docker secret outside rollwatch and have the app read it as a file, or use target: ssh (env files of mode 600 on each host)',
          ),
        );
      }
    }
  }
  const ports: unknown = raw.container?.ports;
  if (Array.isArray(ports)) {
    ports.forEach((p, i) => {
      if (typeof p === 'string' && /^[0-9]{1,3}(\.[0-9]{1,3}){3}:/.test(p)) {
        errors.push(inputError(`container.ports[${i}]`, 'a host IP in a port mapping is not supported with target: swarm: Swarm publishes host-mode ports on every address of the node', 'write "PUBLISHED:TARGET", e.g. "8080:80"'));
      }
    });
  }
  return errors;
}

/** Host ports a task holds: the app port with the host network, and every published port (host mode). */
export function hostPortsOf(container: { port?: number; network?: string; ports: string[] }): number[] {
  const out = new Set<number>();
  if (container.network === 'host' && container.port) out.add(container.port);
  for (const p of container.ports) {
    const parts = p.replace(/\/(tcp|udp)$/, '').split(':');
    out.add(Number(parts.length >= 2 ? parts[parts.length - 2] : parts[0]));
  }
  return [...out];
}

export function resolveSwarm(s: SwarmSection | undefined, ctx: { app: string; hostNames: string[]; container: { port?: number; network?: string; ports: string[] } }): SwarmSettings {
  const section = s ?? swarmSchema.parse({});
  const manager = section.manager ?? ctx.hostNames[0];
  if (!ctx.hostNames.includes(manager)) {
    throw inputError('swarm.manager', `names ${JSON.stringify(manager)}, which is not one of hosts (${ctx.hostNames.join(', ')})`, 'name the host whose engine is a Swarm manager');
  }
  const hostPorts = hostPortsOf(ctx.container);
  if (section.order === 'start-first' && hostPorts.length > 0) {
    throw inputError('swarm.order', `start-first cannot work while each task holds host port(s) ${hostPorts.join(', ')}: the new task cannot bind the port the old one holds, and the update hangs in "updating"`, 'use "auto" or "stop-first", or drop the host port');
  }
  if (section.rollbackParallelism > 1 && hostPorts.length > 0) {
    throw inputError('swarm.rollbackParallelism', `must be 1 while each task holds host port(s) ${hostPorts.join(', ')}: a rolled-back task can land on a node whose old task is still stopping and cannot bind the port`, 'use 1 (the default)');
  }
  const order = section.order === 'auto' ? (hostPorts.length > 0 ? 'stop-first' : 'start-first') : section.order;
  return {
    manager,
    service: section.service ?? ctx.app,
    replicas: section.replicas ?? ctx.hostNames.length,
    parallelism: section.parallelism,
    delayMs: section.delay,
    monitorMs: section.monitor,
    order,
    rollbackParallelism: section.rollbackParallelism,
    updateTimeoutMs: section.updateTimeout,
    healthcheck: section.healthcheck
      ? { test: section.healthcheck.test, intervalMs: section.healthcheck.interval, timeoutMs: section.healthcheck.timeout, retries: section.healthcheck.retries, startPeriodMs: section.healthcheck.startPeriod }
      : undefined,
    hostPorts,
  };
}
