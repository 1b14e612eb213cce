import { describe, it, expect } from '@jest/globals';
import { fleetVerdict } from '../../../src/targets/ssh/status';
import type { HostReport } from '../../../src/report/model';
import { nextStep } from '../../../src/report/next-step';
import { rolledBackReport } from '../report/fixtures';
import { buildConfig } from '../../../src/config/load';
import { releaseHealthConfig } from '../../../src/targets/ssh/health';
import { LABEL } from '../../../src/targets/ssh/commands';
import { containerLabels } from '../../../src/targets/ssh/engine-spec';
import { recordedHealthCheck } from '../../../src/targets/ssh/inspect';
import { fakeSources, minimalRaw } from '../../fixtures/core/config';
import { runSpec } from '../../fixtures/core/run-spec';

const host = (name: string, final: string | null, over: Partial<HostReport> = {}): HostReport => ({ name, address: '10.0.0.1', previous: null, final, result: 'ok', healthy: true, detail: '', retained: [], steps: [], ...over });

describe('fleetVerdict (status)', () => {
  it('one healthy release everywhere is ok', () => {
    expect(fleetVerdict([host('h1', 'v1'), host('h2', 'v1')])).toEqual({ outcome: 'ok', reason: 'all hosts on v1', version: 'v1' });
  });

  it('hosts on different releases fail, saying who runs what', () => {
    expect(fleetVerdict([host('h1', 'v1'), host('h2', 'v1'), host('h3', 'v2')])).toEqual({ outcome: 'failed', reason: 'hosts run different versions: h1, h2 on v1; h3 on v2', version: null });
    expect(fleetVerdict([host('h1', 'v1'), host('h2', null, { healthy: null })]).reason).toBe('hosts run different versions: h1 on v1; h2 on (nothing running)');
  });

  it('an unhealthy or unreachable host fails', () => {
    const r = fleetVerdict([host('h1', 'v1', { healthy: false }), host('h2', null, { result: 'failed', healthy: null })]);
    expect(r.outcome).toBe('failed');
    expect(r.reason).toBe('h1, h2: unreachable or unhealthy');
  });

  it('a failed status is not described as a deploy that returned hosts', () => {
    const r = rolledBackReport({ command: 'status', outcome: 'failed', reason: 'hosts run different versions: h1 on v1; h3 on v2', verification: null });
    expect(nextStep(r)).toMatch(/split between releases/);
    expect(nextStep({ ...r, reason: 'h1: unreachable or unhealthy' })).not.toMatch(/returned to its previous release/);
  });
});

describe('a release is health-checked the way it was deployed', () => {
  it('reads the recorded port and path from the labels, refusing values that are not a port and a path', () => {
    expect(recordedHealthCheck({ [LABEL.healthPort]: '8095', [LABEL.healthPath]: '/health' })).toEqual({ port: 8095, path: '/health' });
    expect(recordedHealthCheck({})).toBeNull();
    expect(recordedHealthCheck({ [LABEL.healthPort]: '70000', [LABEL.healthPath]: '/health' })).toBeNull();
    expect(recordedHealthCheck({ [LABEL.healthPort]: '8095', [LABEL.healthPath]: 'health\n::error::x' })).toBeNull();
  });

  it('checks a release on its own port and path, and on the config’s when it recorded none', () => {
    const config = buildConfig({ ...minimalRaw(), container: { port: 8096 }, health: { path: '/healthz' } }, fakeSources());
    const moved = releaseHealthConfig(config, { healthCheck: { port: 8095, path: '/health' } });
    expect([moved.health.port, moved.health.path]).toEqual([8095, '/health']);
    expect(releaseHealthConfig(config, { healthCheck: null })).toBe(config);
    expect(releaseHealthConfig(config, null)).toBe(config);
  });

  it('the container records the health check it is deployed with', () => {
    const labels = containerLabels(runSpec({ healthCheck: { port: 8095, path: '/health' } }));
    expect(labels[LABEL.healthPort]).toBe('8095');
    expect(labels[LABEL.healthPath]).toBe('/health');
  });
});
