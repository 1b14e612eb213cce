import { describe, it, expect } from '@jest/globals';
import { fleetVerdict } from '../../../src/engine/status';
import type { HostReport } from '../../../src/report/model';
import { nextStep } from '../../../src/report/next-step';
import { rolledBackReport } from '../report/fixtures';

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
