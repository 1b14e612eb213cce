import type Docker from 'dockerode';
import { RollwatchError } from '../../errors';
import { containerName, LABEL, releaseLabels, type RunSpec } from './commands';
import { safe } from './shell';

/** `docker run --publish` forms the config accepts: "[IP:][HOST_PORT:]PORT[/proto]". */
function portBinding(mapping: string, field: string): { key: string; binding: { HostIp: string; HostPort: string } } {
  const [ports, proto = 'tcp'] = safe('portMapping', mapping, field).split('/');
  const parts = ports.split(':');
  const containerPort = parts[parts.length - 1];
  const hostPort = parts.length >= 2 ? parts[parts.length - 2] : '';
  const hostIp = parts.length === 3 ? parts[0] : '';
  return { key: `${containerPort}/${proto}`, binding: { HostIp: hostIp, HostPort: hostPort } };
}

function portNumber(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RollwatchError('internal', `${port} is not a port number`);
  return port;
}

/** The labels a release's container carries: the user's, then rollwatch's own (which win). */
export function containerLabels(spec: RunSpec): Record<string, string> {
  const labels: Record<string, string> = {
    ...releaseLabels(spec.labels, spec),
    ...(spec.healthCheck ? { [LABEL.healthPort]: String(spec.healthCheck.port), [LABEL.healthPath]: safe('httpPath', spec.healthCheck.path, 'health.path') } : {}),
    ...(spec.proxyPort !== undefined ? { [LABEL.proxyPort]: String(portNumber(spec.proxyPort)) } : {}),
    ...(spec.specHash ? { [LABEL.spec]: safe('digest', spec.specHash, 'container spec hash') } : {}),
  };
  for (const k of Object.keys(labels)) safe('labelKey', k, `container.labels.${k}`);
  return labels;
}

/**
 * The Engine API create request of a release's container: what `docker run --detach` made of
 * the same spec (name, labels, restart policy, stop timeout, network, published ports, volumes,
 * memory and CPU limits, environment), flag by flag. The environment goes in the request
 * itself: nothing of it is written on the host. Pure; every value checked as the config does.
 */
export function createContainerRequest(spec: RunSpec): { name: string; body: Docker.ContainerCreateOptions } {
  const name = containerName(spec.app, spec.version);
  if (!Number.isInteger(spec.stopTimeoutSec) || spec.stopTimeoutSec < 0) throw new RollwatchError('input', `expected a whole number of seconds, got ${spec.stopTimeoutSec}`, 'container.stopTimeout');
  if (spec.cpus !== undefined && !(spec.cpus > 0)) throw new RollwatchError('input', `expected a positive number of CPUs, got ${spec.cpus}`, 'container.cpus');
  if (spec.memory !== undefined && !/^[1-9][0-9]*$/.test(spec.memory)) throw new RollwatchError('input', `expected a number of bytes, got ${JSON.stringify(spec.memory)}`, 'container.memory');
  const network = spec.network === undefined ? undefined : safe('network', spec.network, 'container.network');
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  spec.ports.forEach((p, i) => {
    const { key, binding } = portBinding(p, `container.ports[${i}]`);
    exposed[key] = {};
    (bindings[key] ??= []).push(binding);
  });
  const binds = spec.volumes.map((v, i) => safe('volume', v, `container.volumes[${i}]`));
  const env = spec.env.map((e) => `${safe('envKey', e.key, `container.env.${e.key}`)}=${e.value}`);
  return {
    name,
    body: {
      Image: spec.imageRef,
      Labels: containerLabels(spec),
      Env: [...env, `ROLLWATCH_APP=${spec.app}`, `ROLLWATCH_VERSION=${spec.version}`],
      StopTimeout: spec.stopTimeoutSec,
      ...(spec.ports.length > 0 ? { ExposedPorts: exposed } : {}),
      HostConfig: {
        RestartPolicy: restartPolicy(spec.restart),
        NetworkMode: network ?? 'default',
        ...(spec.ports.length > 0 ? { PortBindings: bindings } : {}),
        ...(binds.length > 0 ? { Binds: binds } : {}),
        ...(spec.memory !== undefined ? { Memory: Number(spec.memory) } : {}),
        ...(spec.cpus !== undefined ? { NanoCpus: Math.round(spec.cpus * 1e9) } : {}),
      },
      ...(network !== undefined ? { NetworkingConfig: { EndpointsConfig: { [network]: {} } } } : {}),
    },
  };
}

const RESTART = new Set(['no', 'always', 'unless-stopped', 'on-failure']);

/** `--restart` as the API takes it. */
export function restartPolicy(restart: string): { Name: string; MaximumRetryCount: number } {
  if (!RESTART.has(restart)) throw new RollwatchError('input', `expected "no", "always", "unless-stopped" or "on-failure", got ${JSON.stringify(restart.slice(0, 40))}`, 'container.restart');
  return { Name: restart, MaximumRetryCount: 0 };
}

/**
 * The text of a `docker logs` answer of a container without a TTY: frames of an 8-byte header
 * (stream, 3 zero bytes, big-endian length) and their payload, stdout and stderr in the order
 * they came, as `docker logs … 2>&1` prints them. A cut last frame keeps what arrived of it.
 */
export function demuxLogs(raw: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= raw.length) {
    const stream = raw[at];
    if (stream > 2 || raw[at + 1] !== 0 || raw[at + 2] !== 0 || raw[at + 3] !== 0) return Buffer.concat([...parts, raw.subarray(at)]).toString('utf8');
    const size = raw.readUInt32BE(at + 4);
    parts.push(raw.subarray(at + 8, Math.min(raw.length, at + 8 + size)));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
