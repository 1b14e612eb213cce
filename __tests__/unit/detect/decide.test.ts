import { describe, expect, test } from '@jest/globals';
import { decide } from '../../../src/detect';
import type { MetricSpec, MetricStatus } from '../../../src/detect';

function st(name: string, verdict: MetricStatus['verdict'], decidedAt: number | null = null): MetricStatus {
  return {
    name,
    verdict,
    decidedAt,
    reason: `${name} ${verdict}`,
    explain: { value: null, median: 0, scale: 0, z: null, rule: 'none', index: null },
    worstZ: null,
    samples: 10,
  };
}
const spec = (name: string, extra: Partial<MetricSpec> = {}): MetricSpec => ({ name, direction: 'increase', kind: 'gauge', ...extra });

describe('decide', () => {
  test('any critical failure fails; the earliest decides', () => {
    const d = decide([st('a', 'pass'), st('b', 'fail', 7), st('c', 'fail', 3)], [spec('a'), spec('b'), spec('c')]);
    expect(d).toMatchObject({ verdict: 'fail', decidedAt: 3, deciding: 'c', action: 'rollback' });
    expect(d.reason).toMatch(/^c failed at sample 3: c fail \(also failing: b\)/);
  });

  test('a non-critical failure does not fail the release but is named', () => {
    const d = decide([st('a', 'pass'), st('b', 'fail', 2)], [spec('a'), spec('b', { critical: false })]);
    expect(d).toMatchObject({ verdict: 'pass', decidedAt: null, deciding: null, action: 'keep' });
    expect(d.reason).toMatch(/non-critical failures: b/);
  });

  test('a critical inconclusive metric makes the release inconclusive; default action keeps it', () => {
    const d = decide([st('a', 'pass'), st('b', 'inconclusive')], [spec('a'), spec('b')]);
    expect(d).toMatchObject({ verdict: 'inconclusive', deciding: 'b', action: 'keep' });
  });

  test('onInconclusive rollback, from the policy or per metric', () => {
    const statuses = [st('a', 'pass'), st('b', 'inconclusive')];
    expect(decide(statuses, [spec('a'), spec('b')], { onInconclusive: 'rollback' }).action).toBe('rollback');
    expect(decide(statuses, [spec('a'), spec('b', { policy: { onInconclusive: 'rollback' } })]).action).toBe('rollback');
    expect(decide(statuses, [spec('a'), spec('b', { policy: { onInconclusive: 'keep' } })], { onInconclusive: 'rollback' }).action).toBe('keep');
  });

  test('a fail beats an inconclusive', () => {
    expect(decide([st('a', 'inconclusive'), st('b', 'fail', 4)], [spec('a'), spec('b')]).verdict).toBe('fail');
  });

  test('pending critical metrics (mid-window) are not a pass', () => {
    const d = decide([st('a', 'pending'), st('b', 'pass')], [spec('a'), spec('b')]);
    expect(d.verdict).toBe('inconclusive');
    expect(d.reason).toMatch(/a still pending/);
  });

  test('no critical metric: inconclusive', () => {
    expect(decide([], []).verdict).toBe('inconclusive');
    expect(decide([st('a', 'pass')], [spec('a', { critical: false })]).verdict).toBe('inconclusive');
  });

  test('all critical metrics pass', () => {
    const d = decide([st('a', 'pass'), st('b', 'pass')], [spec('a'), spec('b')]);
    expect(d).toEqual({ verdict: 'pass', decidedAt: null, deciding: null, reason: 'all 2 critical metrics passed', action: 'keep' });
  });

  test('a status without a spec counts as critical', () => {
    expect(decide([st('x', 'fail', 1)], []).verdict).toBe('fail');
  });
});
