import type { Config } from '../../config/types';
import type { SwarmSettings } from '../../config/swarm';
import type { Release } from '../../engine/target';
import { releaseLabels } from '../ssh/commands';

/** The parts of Docker's ServiceSpec this target writes (Engine API 1.41). */
export interface ServiceSpec {
  Name: string;
  Labels: Record<string, string>;
  TaskTemplate: {
    ContainerSpec: {
      Image: string;
      Labels: Record<string, string>;
      Env: string[];
      Healthcheck?: { Test: string[]; Interval: number; Timeout: number; Retries: number; StartPeriod: number };
    };
    Resources?: { Limits?: { NanoCPUs?: number; MemoryBytes?: number } };
    RestartPolicy: { Condition: 'on-failure' | 'any' | 'none'; Delay: number; MaxAttempts: number };
    Placement: { MaxReplicas?: number; Constraints?: string[] };
    Networks?: { Target: string }[];
    ForceUpdate?: number;
  };
  Mode: { Replicated: { Replicas: number } };
  UpdateConfig: UpdateConfig;
  RollbackConfig: UpdateConfig;
  EndpointSpec?: { Mode: 'dnsrr' | 'vip'; Ports?: { Protocol: 'tcp' | 'udp'; TargetPort: number; PublishedPort: number; PublishMode: 'host' }[] };
}

export interface UpdateConfig {
  Parallelism: number;
  Delay: number;
  FailureAction: 'pause' | 'continue' | 'rollback';
  Monitor: number;
  MaxFailureRatio: number;
  Order: 'stop-first' | 'start-first';
}

const NS = 1_000_000; // Swarm durations are nanoseconds

function memoryBytes(m: string | undefined): number | undefined {
  if (!m) return undefined;
  const x = /^([0-9]+)([bkmg]?)$/i.exec(m);
  if (!x) return undefined;
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[x[2].toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  return Number(x[1]) * unit;
}

function parsePort(p: string): { Protocol: 'tcp' | 'udp'; TargetPort: number; PublishedPort: number; PublishMode: 'host' } {
  const proto = p.endsWith('/udp') ? 'udp' : 'tcp';
  const parts = p.replace(/\/(tcp|udp)$/, '').split(':').map(Number);
  const target = parts[parts.length - 1];
  const published = parts.length >= 2 ? parts[parts.length - 2] : target;
  return { Protocol: proto, TargetPort: target, PublishedPort: published, PublishMode: 'host' };
}

/**
 * The whole service spec for `release`. Swarm's rollback restores the whole previous spec, so
 * every spec carries UpdateConfig, RollbackConfig and (when configured) the Healthcheck: a
 * rollback then never brings back settings of an older run.
 */
export function buildServiceSpec(config: Config, swarm: SwarmSettings, release: Release, meta: { runId: string; deployedAt: string }): ServiceSpec {
  const labels = releaseLabels(config.container.labels, { app: config.app, ...release, ...meta });
  const env = [...config.container.env.map((e) => `${e.key}=${e.value}`), `ROLLWATCH_APP=${config.app}`, `ROLLWATCH_VERSION=${release.version}`];
  const hc = swarm.healthcheck;
  const memory = memoryBytes(config.container.memory);
  const holdsHostPort = swarm.hostPorts.length > 0;
  const update: UpdateConfig = {
    Parallelism: swarm.parallelism,
    Delay: swarm.delayMs * NS,
    FailureAction: 'rollback',
    Monitor: swarm.monitorMs * NS,
    MaxFailureRatio: 0,
    Order: swarm.order,
  };
  const spec: ServiceSpec = {
    Name: swarm.service,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: release.imageRef,
        Labels: labels,
        Env: env,
        ...(hc && { Healthcheck: { Test: ['CMD', ...hc.test], Interval: hc.intervalMs * NS, Timeout: hc.timeoutMs * NS, Retries: hc.retries, StartPeriod: hc.startPeriodMs * NS } }),
      },
      RestartPolicy: { Condition: 'on-failure', Delay: 1000 * NS, MaxAttempts: 0 },
      // one task per node when a task holds a host port: a second one could never bind it
      Placement: holdsHostPort ? { MaxReplicas: 1 } : {},
    },
    Mode: { Replicated: { Replicas: swarm.replicas } },
    UpdateConfig: update,
    // host ports: one task at a time and stop-first, or a task lands where the port is still held
    RollbackConfig: { ...update, Parallelism: swarm.rollbackParallelism, FailureAction: 'pause', Order: holdsHostPort ? 'stop-first' : update.Order },
  };
  if (config.container.cpus || memory) spec.TaskTemplate.Resources = { Limits: { ...(config.container.cpus && { NanoCPUs: Math.round(config.container.cpus * 1e9) }), ...(memory && { MemoryBytes: memory }) } };
  if (config.container.network) spec.TaskTemplate.Networks = [{ Target: config.container.network }];
  if (config.container.ports.length > 0) spec.EndpointSpec = { Mode: 'dnsrr', Ports: config.container.ports.map(parsePort) };
  return spec;
}

/** Whether a running service already runs exactly this release (same digest): nothing to update. */
export function runsRelease(current: { Labels?: Record<string, string>; TaskTemplate?: { ContainerSpec?: { Image?: string } } } | undefined, release: Release): boolean {
  return current?.TaskTemplate?.ContainerSpec?.Image === release.imageRef;
}
