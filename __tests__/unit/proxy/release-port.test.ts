/**
 * The port a release of the proxy strategy listens on travels with its container: written as a
 * label at create, read back by inspect (anything but a port is ignored), and chosen over what
 * the proxy says when a rollout or a switch back needs it.
 */
import { describe, it, expect } from '@jest/globals';
import { createContainerRequest } from '../../../src/targets/ssh/engine-spec';
import { parseInspectEntries, type ContainerInfo } from '../../../src/targets/ssh/inspect';
import { releasePort } from '../../../src/targets/ssh/proxy';
import { runSpec } from '../../fixtures/core/run-spec';

const DIGEST = 'sha256:' + 'c'.repeat(64);
const spec = (proxyPort?: number) =>
  runSpec({ version: 'v2', imageRef: `ghcr.io/acme/web@${DIGEST}`, digest: DIGEST, deployedAt: '2024-05-01T10:00:00.000Z', runId: 'run-1', ports: [], volumes: [], labels: {}, restart: 'no', stopTimeoutSec: 10, env: [], proxyPort });

const inspected = (labels: Record<string, string>) =>
  parseInspectEntries([{ Id: 'a'.repeat(64), Name: '/web-v2', State: { Running: true, Status: 'running' }, Config: { Labels: { 'rollwatch.app': 'web', 'rollwatch.version': 'v2', ...labels } } }])[0];

describe('the release port label', () => {
  it('is written at create only with the proxy strategy, and read back', () => {
    const labels = createContainerRequest(spec(18004)).body.Labels!;
    expect(labels['rollwatch.proxy.port']).toBe('18004');
    expect(createContainerRequest(spec()).body.Labels!['rollwatch.proxy.port']).toBeUndefined();
    expect(inspected(labels).proxyPort).toBe(18004);
  });

  it('refuses a port that is not one at create', () => {
    expect(() => createContainerRequest(spec(70000))).toThrow(/70000 is not a port number/);
  });

  it.each(['0', '65536', '80; rm -rf /', '', '1e3'])('reads %j as no port', (value) => {
    expect(inspected({ 'rollwatch.proxy.port': value }).proxyPort).toBeUndefined();
  });
});

describe('releasePort', () => {
  const c = (over: Partial<ContainerInfo>) => ({ healthCheck: null, ...over }) as ContainerInfo;
  it('prefers the recorded port, then what the proxy serves, then the recorded health check port', () => {
    expect(releasePort(c({ proxyPort: 18001, healthCheck: { port: 8080, path: '/health' } }), 18009)).toBe(18001);
    expect(releasePort(c({ healthCheck: { port: 8080, path: '/health' } }), 18009)).toBe(18009);
    expect(releasePort(c({ healthCheck: { port: 8080, path: '/health' } }), null)).toBe(8080);
    expect(releasePort(c({}), null)).toBeNull();
    expect(releasePort(null, 18009)).toBe(18009);
  });
});
