import { describe, it, expect } from '@jest/globals';
import { buildConfig } from '../../../src/config/load';
import { RollwatchError, exitCodeFor, EXIT } from '../../../src/errors';
import { fakeSources, minimalRaw } from '../../fixtures/core/config';

function swarmRaw(extra: Record<string, any> = {}): Record<string, any> {
  return { ...minimalRaw(), hosts: ['10.0.0.11', { name: 'n2', address: '10.0.0.12' }], target: 'swarm', container: { port: 8080, network: 'host' }, health: { path: '/health' }, ...extra };
}

function errorOf(raw: unknown): RollwatchError {
  try {
    buildConfig(raw, fakeSources());
  } catch (err) {
    expect(err).toBeInstanceOf(RollwatchError);
    expect(exitCodeFor(err)).toBe(EXIT.badInput);
    return err as RollwatchError;
  }
  throw new Error('accepted');
}

describe('config: target swarm', () => {
  it('defaults to the ssh target with no swarm settings', () => {
    const c = buildConfig(minimalRaw(), fakeSources());
    expect(c.target).toBe('ssh');
    expect(c.swarm).toBeUndefined();
  });

  it('resolves the swarm defaults: first host as manager, app as service, one replica per host, stop-first for a host port', () => {
    const c = buildConfig(swarmRaw(), fakeSources());
    expect(c.target).toBe('swarm');
    expect(c.swarm).toEqual({
      manager: '10.0.0.11',
      service: 'web',
      replicas: 2,
      parallelism: 1,
      delayMs: 1000,
      monitorMs: 5000,
      order: 'stop-first',
      rollbackParallelism: 1,
      updateTimeoutMs: 300_000,
      healthcheck: undefined,
      hostPorts: [8080],
    });
  });

  it('chooses start-first when no task holds a host port', () => {
    const c = buildConfig(swarmRaw({ container: { port: 8080, network: 'appnet' } }), fakeSources());
    expect(c.swarm?.order).toBe('start-first');
    expect(c.swarm?.hostPorts).toEqual([]);
  });

  it('counts published host-mode ports as host ports', () => {
    const c = buildConfig(swarmRaw({ container: { port: 80, ports: ['8080:80', '9000/udp'] } }), fakeSources());
    expect(c.swarm?.hostPorts).toEqual([8080, 9000]);
    expect(c.swarm?.order).toBe('stop-first');
  });

  it('parses the swarm section with durations and a healthcheck', () => {
    const c = buildConfig(swarmRaw({ swarm: { manager: 'n2', service: 'shop', replicas: 3, parallelism: 2, delay: '500ms', monitor: '3s', healthcheck: { test: ['/bin/true'], interval: '2s' } } }), fakeSources());
    expect(c.swarm).toMatchObject({ manager: 'n2', service: 'shop', replicas: 3, parallelism: 2, delayMs: 500, monitorMs: 3000 });
    expect(c.swarm?.healthcheck).toEqual({ test: ['/bin/true'], intervalMs: 2000, timeoutMs: 2000, retries: 2, startPeriodMs: 2000 });
  });

  it.each([
    ['rollout', { canary: true }, 'rollout.canary', /one spec on all its tasks/],
    ['rollout', { canary: false }, 'rollout.canary', /one spec/],
    ['rollout', { hooks: { preHost: ['/bin/drain'] } }, 'rollout.hooks', /per-host hooks have no moment to run/],
    ['rollout', { batchSize: 2 }, 'rollout.batchSize', /swarm\.parallelism/],
    ['rollout', { strategy: 'start-stop' }, 'rollout.strategy', /swarm\.order/],
    ['rollout', { retain: 5 }, 'rollout.retain', /one previous spec/],
    ['container', { port: 8080, network: 'host', restart: 'always' }, 'container.restart', /replaces failed tasks/],
    ['container', { port: 8080, network: 'host', volumes: ['/data:/data'] }, 'container.volumes', /per host/],
    ['verify', { heal: 'restart' }, 'verify.heal', /replaces unhealthy tasks/],
  ])('refuses %s option %j, naming %s and why', (section, value, field, why) => {
    const e = errorOf(swarmRaw({ [section]: value }));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(/not supported with target: swarm/);
    expect(e.message).toMatch(why);
  });

  it('refuses start-first while a task holds a host port (the update would hang)', () => {
    const e = errorOf(swarmRaw({ swarm: { order: 'start-first' } }));
    expect(e.field).toBe('swarm.order');
    expect(e.message).toMatch(/8080.*hangs in "updating"/);
  });

  it('refuses a rollback parallelism above 1 with host ports', () => {
    const e = errorOf(swarmRaw({ swarm: { rollbackParallelism: 2 } }));
    expect(e.field).toBe('swarm.rollbackParallelism');
    expect(e.message).toMatch(/cannot bind the port/);
  });

  it('refuses a manager that is not one of the hosts', () => {
    const e = errorOf(swarmRaw({ swarm: { manager: 'nope' } }));
    expect(e.field).toBe('swarm.manager');
    expect(e.message).toMatch(/not one of hosts \(10\.0\.0\.11, n2\)/);
  });

  it('refuses a host IP in a published port', () => {
    expect(errorOf(swarmRaw({ container: { port: 80, ports: ['127.0.0.1:8080:80'] } })).field).toBe('container.ports[0]');
  });

  it('refuses a swarm section without target: swarm', () => {
    const e = errorOf({ ...minimalRaw(), swarm: { replicas: 2 } });
    expect(e.field).toBe('swarm');
    expect(e.message).toMatch(/only used with target: swarm/);
  });

  it('names the field of a bad swarm value with its accepted form', () => {
    const bad = [
      [{ target: 'k8s' }, /^invalid configuration:\ntarget: expected "ssh".*or "swarm"/],
      [{ swarm: { parallelism: 0 } }, /swarm\.parallelism: .*whole number from 1/],
      [{ swarm: { delay: 'soon' } }, /swarm\.delay: expected a duration/],
      [{ swarm: { order: 'random' } }, /swarm\.order: expected "auto"/],
      [{ swarm: { service: '-bad' } }, /swarm\.service: expected a service name/],
      [{ swarm: { healthcheck: { test: [] } } }, /swarm\.healthcheck\.test: the health command needs/],
    ] as const;
    for (const [patch, message] of bad) expect(errorOf(swarmRaw(patch)).message).toMatch(message);
  });
});
