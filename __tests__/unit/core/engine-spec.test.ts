/**
 * The container create request that replaced `docker run --detach`: every flag rollwatch passed
 * maps to its Engine API field, values are checked as the config checks them, and the logs of
 * a container without a TTY are read from the engine's multiplexed stream.
 */
import { describe, it, expect } from '@jest/globals';
import { createContainerRequest, demuxLogs, restartPolicy } from '../../../src/targets/ssh/engine-spec';
import type { RunSpec } from '../../../src/targets/ssh/commands';
import { inputErrorOf, runSpec } from '../../fixtures/core/run-spec';

const DIGEST = 'sha256:' + 'c'.repeat(64);
const IMAGE = `ghcr.io/acme/web@${DIGEST}`;

function spec(over: Partial<RunSpec> = {}): RunSpec {
  return runSpec({
    version: 'v1.2.3',
    imageRef: IMAGE,
    digest: DIGEST,
    deployedAt: '2024-05-01T10:00:00.000Z',
    runId: 'run-42',
    ports: ['8080:80'],
    volumes: ['/srv/data:/data:ro'],
    labels: { team: 'payments' },
    restart: 'unless-stopped',
    stopTimeoutSec: 10,
    env: [{ key: 'API_KEY', value: 's3cr3t $(x) `y`' }],
    ...over,
  });
}

describe('createContainerRequest', () => {
  it('maps every docker run flag rollwatch used to its API field', () => {
    const { name, body } = createContainerRequest(
      spec({ network: 'backend', memory: '536870912', cpus: 1.5, healthCheck: { port: 8080, path: '/health' }, specHash: DIGEST, ports: ['8080:80', '127.0.0.1:9090:90/udp', '53/udp', '8081:80'] }),
    );
    expect(name).toBe('web-v1.2.3');
    expect(body).toEqual({
      Image: IMAGE,
      Labels: {
        team: 'payments',
        'rollwatch.app': 'web',
        'rollwatch.version': 'v1.2.3',
        'rollwatch.digest': DIGEST,
        'rollwatch.image': IMAGE,
        'rollwatch.deployed-at': '2024-05-01T10:00:00.000Z',
        'rollwatch.run': 'run-42',
        'rollwatch.health.port': '8080',
        'rollwatch.health.path': '/health',
        'rollwatch.spec': DIGEST,
      },
      // the env file's lines first, then rollwatch's own two (which win for the same key, as --env after --env-file did)
      Env: ['API_KEY=s3cr3t $(x) `y`', 'ROLLWATCH_APP=web', 'ROLLWATCH_VERSION=v1.2.3'],
      StopTimeout: 10,
      ExposedPorts: { '80/tcp': {}, '90/udp': {}, '53/udp': {} },
      HostConfig: {
        RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
        NetworkMode: 'backend',
        PortBindings: {
          '80/tcp': [
            { HostIp: '', HostPort: '8080' },
            { HostIp: '', HostPort: '8081' },
          ],
          '90/udp': [{ HostIp: '127.0.0.1', HostPort: '9090' }],
          '53/udp': [{ HostIp: '', HostPort: '' }],
        },
        Binds: ['/srv/data:/data:ro'],
        Memory: 536_870_912,
        NanoCpus: 1_500_000_000,
      },
      NetworkingConfig: { EndpointsConfig: { backend: {} } },
    });
  });

  it('leaves out what was not asked for: no ports, volumes, limits; the default network', () => {
    const { body } = createContainerRequest(spec({ ports: [], volumes: [], env: [], restart: 'no' }));
    expect(body.ExposedPorts).toBeUndefined();
    expect(body.NetworkingConfig).toBeUndefined();
    expect(body.HostConfig).toEqual({ RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, NetworkMode: 'default' });
    expect(body.Env).toEqual(['ROLLWATCH_APP=web', 'ROLLWATCH_VERSION=v1.2.3']);
    expect(body.Labels).not.toHaveProperty('rollwatch.spec');
    expect(body.Labels).not.toHaveProperty('rollwatch.health.port');
  });

  it('user labels cannot override rollwatch labels', () => {
    const { body } = createContainerRequest(spec({ labels: { 'rollwatch.version': 'v9', 'rollwatch.app': 'evil' } }));
    expect(body.Labels?.['rollwatch.version']).toBe('v1.2.3');
    expect(body.Labels?.['rollwatch.app']).toBe('web');
  });

  it('label and env values are data, kept verbatim', () => {
    const value = `it's "$(touch x)"; \`id\` | & > ~ * \u202e`;
    const { body } = createContainerRequest(spec({ labels: { note: value }, env: [{ key: 'NOTE', value }] }));
    expect(body.Labels?.note).toBe(value);
    expect(body.Env?.[0]).toBe(`NOTE=${value}`);
  });

  it.each([
    ['container.labels.bad key', { labels: { 'bad key': 'x' } }],
    ['container.labels.-x', { labels: { '-x': 'x' } }],
    ['container.network', { network: 'host;id' }],
    ['container.ports[1]', { ports: ['80:80', '80:80 -v /:/host'] }],
    ['container.ports[0]', { ports: ['70000:80'] }],
    ['container.volumes[0]', { volumes: ['/:/host;id'] }],
    ['container.volumes[0]', { volumes: ['../etc:/etc'] }],
    ['container.env.A;B', { env: [{ key: 'A;B', value: '1' }] }],
    ['container.memory', { memory: '512m' }],
    ['container.cpus', { cpus: 0 }],
    ['container.stopTimeout', { stopTimeoutSec: 1.5 }],
    ['container.restart', { restart: 'sometimes' }],
    ['app', { app: 'Web' }],
    ['version', { version: 'v1 --privileged' }],
  ])('refuses a bad value and names %s', (field, over) => {
    expect(inputErrorOf(() => createContainerRequest(spec(over as Partial<RunSpec>))).field).toBe(field);
  });

  it('restartPolicy takes the four policies of the config', () => {
    for (const p of ['no', 'always', 'unless-stopped', 'on-failure']) expect(restartPolicy(p)).toEqual({ Name: p, MaximumRetryCount: 0 });
  });
});

describe('demuxLogs', () => {
  const frame = (stream: 1 | 2, text: string) => {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };

  it('merges stdout and stderr frames in the order they came, as `docker logs 2>&1` printed them', () => {
    const raw = Buffer.concat([frame(1, 'listening on 8080\n'), frame(2, 'warning: slow\n'), frame(1, 'ready ü\n')]);
    expect(demuxLogs(raw)).toBe('listening on 8080\nwarning: slow\nready ü\n');
  });

  it('keeps what arrived of a cut last frame, and reads an unframed answer (a TTY container) as is', () => {
    const cut = frame(1, 'a long line that was cut').subarray(0, 8 + 6);
    expect(demuxLogs(Buffer.concat([frame(2, 'x\n'), cut]))).toBe('x\na long');
    expect(demuxLogs(Buffer.from('plain output\n'))).toBe('plain output\n');
    expect(demuxLogs(Buffer.alloc(0))).toBe('');
  });
});
