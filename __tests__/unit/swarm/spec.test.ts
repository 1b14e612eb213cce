import { describe, it, expect } from '@jest/globals';
import { buildConfig } from '../../../src/config/load';
import { buildServiceSpec, runsRelease } from '../../../src/targets/swarm/spec';
import { fakeSources, minimalRaw } from '../../fixtures/core/config';

const DIGEST = 'sha256:' + 'a'.repeat(64);
const release = { version: 'v2', imageRef: `ghcr.io/acme/web@${DIGEST}`, digest: DIGEST };
const meta = { runId: 'run-1', deployedAt: '2026-12-05T10:00:00.000Z' };

function config(extra: Record<string, any> = {}) {
  return buildConfig(
    { ...minimalRaw(), hosts: ['10.0.0.11', '10.0.0.12', '10.0.0.13'], target: 'swarm', container: { port: 8080, network: 'host', env: { LOG_LEVEL: 'info' }, labels: { team: 'shop' } }, health: { path: '/health' }, ...extra },
    fakeSources(),
  );
}

describe('swarm service spec', () => {
  it('pins the image by digest and labels service and containers with the release', () => {
    const c = config();
    const spec = buildServiceSpec(c, c.swarm!, release, meta);
    expect(spec.Name).toBe('web');
    expect(spec.TaskTemplate.ContainerSpec.Image).toBe(release.imageRef);
    for (const labels of [spec.Labels, spec.TaskTemplate.ContainerSpec.Labels]) {
      expect(labels).toMatchObject({ team: 'shop', 'rollwatch.app': 'web', 'rollwatch.version': 'v2', 'rollwatch.digest': DIGEST, 'rollwatch.run': 'run-1' });
    }
    expect(spec.TaskTemplate.ContainerSpec.Env).toEqual(['LOG_LEVEL=info', 'ROLLWATCH_APP=web', 'ROLLWATCH_VERSION=v2']);
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(spec.TaskTemplate.Networks).toEqual([{ Target: 'host' }]);
  });

  it('sends UpdateConfig and RollbackConfig in every spec (a rollback restores the whole previous spec)', () => {
    const c = config({ swarm: { parallelism: 2, delay: '2s', monitor: '4s' } });
    const spec = buildServiceSpec(c, c.swarm!, release, meta);
    expect(spec.UpdateConfig).toEqual({ Parallelism: 2, Delay: 2e9, FailureAction: 'rollback', Monitor: 4e9, MaxFailureRatio: 0, Order: 'stop-first' });
    expect(spec.RollbackConfig).toEqual({ Parallelism: 1, Delay: 2e9, FailureAction: 'pause', Monitor: 4e9, MaxFailureRatio: 0, Order: 'stop-first' });
  });

  it('keeps one task per node while a task holds a host port', () => {
    const c = config();
    expect(buildServiceSpec(c, c.swarm!, release, meta).TaskTemplate.Placement).toEqual({ MaxReplicas: 1 });
    const free = config({ container: { port: 8080, network: 'appnet' } });
    const spec = buildServiceSpec(free, free.swarm!, release, meta);
    expect(spec.TaskTemplate.Placement).toEqual({});
    expect(spec.UpdateConfig.Order).toBe('start-first');
    expect(spec.RollbackConfig.Order).toBe('start-first');
  });

  it('writes the health check in exec form with nanosecond durations', () => {
    const c = config({ swarm: { healthcheck: { test: ['/bin/busybox', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/health'], interval: '1s', timeout: '2s', retries: 3, startPeriod: '500ms' } } });
    expect(buildServiceSpec(c, c.swarm!, release, meta).TaskTemplate.ContainerSpec.Healthcheck).toEqual({
      Test: ['CMD', '/bin/busybox', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/health'],
      Interval: 1e9,
      Timeout: 2e9,
      Retries: 3,
      StartPeriod: 5e8,
    });
  });

  it('omits the health check when none is configured (the image HEALTHCHECK applies, the same in every spec)', () => {
    const c = config();
    expect(buildServiceSpec(c, c.swarm!, release, meta).TaskTemplate.ContainerSpec.Healthcheck).toBeUndefined();
  });

  it('publishes ports in host mode and maps limits', () => {
    const c = config({ container: { port: 80, ports: ['8080:80', '53/udp'], memory: '256m', cpus: 0.5 } });
    const spec = buildServiceSpec(c, c.swarm!, release, meta);
    expect(spec.EndpointSpec).toEqual({
      Mode: 'dnsrr',
      Ports: [
        { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'host' },
        { Protocol: 'udp', TargetPort: 53, PublishedPort: 53, PublishMode: 'host' },
      ],
    });
    expect(spec.TaskTemplate.Resources).toEqual({ Limits: { NanoCPUs: 5e8, MemoryBytes: 256 * 1024 ** 2 } });
  });

  it('knows when the service already runs the release', () => {
    expect(runsRelease({ TaskTemplate: { ContainerSpec: { Image: release.imageRef } } }, release)).toBe(true);
    expect(runsRelease({ TaskTemplate: { ContainerSpec: { Image: `ghcr.io/acme/web@sha256:${'b'.repeat(64)}` } } }, release)).toBe(false);
    expect(runsRelease(undefined, release)).toBe(false);
  });
});
