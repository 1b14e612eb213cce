import { describe, expect, test } from '@jest/globals';
import { CLASSIC_POLICY, DEFAULT_POLICY, checkPolicy, detectorPolicySchema, formatZodError, resolvePolicy } from '../../../src/detect';

function message(input: unknown): string {
  const r = detectorPolicySchema.safeParse(input);
  if (r.success) throw new Error('expected a failure');
  return formatZodError(r.error, 'policy');
}

describe('detectorPolicySchema', () => {
  test('accepts the defaults, a partial policy and an empty one', () => {
    expect(detectorPolicySchema.safeParse(DEFAULT_POLICY).success).toBe(true);
    expect(detectorPolicySchema.safeParse(CLASSIC_POLICY).success).toBe(true);
    expect(detectorPolicySchema.safeParse({}).success).toBe(true);
    expect(detectorPolicySchema.parse({ threshold: 4, window: null })).toEqual({ threshold: 4, window: null });
  });

  test('rejects unknown keys and names them', () => {
    expect(message({ treshold: 3 })).toMatch(/^field policy\.treshold: accepted form one of the keys method, threshold/);
    expect(message({ window: { breaches: 2, of: 3, extra: 1 } })).toMatch(/^field policy\.window\.extra: accepted form one of the keys breaches, of/);
  });

  test('messages name the field path and the accepted form', () => {
    expect(message({ threshold: -1 })).toBe('field policy.threshold: accepted form a number > 0 and ≤ 1000000 (z threshold)');
    expect(message({ threshold: '3' })).toBe('field policy.threshold: accepted form a number > 0 and ≤ 1000000 (z threshold)');
    expect(message({ consecutive: 2.5 })).toBe('field policy.consecutive: accepted form an integer from 1 to 1000');
    expect(message({ method: 'fancy' })).toBe('field policy.method: accepted form "robust" or "classic"');
    expect(message({ onInconclusive: 'panic' })).toBe('field policy.onInconclusive: accepted form "keep" or "rollback"');
    expect(message({ poissonAlpha: 0.7 })).toMatch(/field policy\.poissonAlpha: accepted form a number > 0 and < 0\.5/);
    expect(message({ window: { breaches: 5, of: 3 } })).toMatch(/field policy\.window\.breaches: accepted form .*M ≤ N/);
    expect(message({ window: 3 })).toMatch(/field policy\.window: accepted form an object/);
    expect(message([])).toMatch(/^field policy: accepted form an object/);
    expect(message({ threshold: Infinity })).toMatch(/field policy\.threshold/);
  });

  test('counts further issues', () => {
    expect(message({ threshold: -1, consecutive: 0 })).toMatch(/\(and 1 more issue\)$/);
  });
});

describe('resolvePolicy', () => {
  test('no overrides: the defaults', () => {
    expect(resolvePolicy()).toEqual(DEFAULT_POLICY);
  });

  test('later layers win; window null switches M-of-N off', () => {
    const p = resolvePolicy({ threshold: 4 }, { threshold: 5, window: null }, undefined);
    expect(p.threshold).toBe(5);
    expect(p.window).toBeUndefined();
    expect('window' in p).toBe(false);
  });

  test('method classic selects the classic preset, explicit fields still win', () => {
    expect(resolvePolicy({ method: 'classic' })).toEqual(Object.fromEntries(Object.entries(CLASSIC_POLICY).filter(([, v]) => v !== undefined)));
    const p = resolvePolicy({ threshold: 4 }, { method: 'classic' });
    expect(p).toMatchObject({ method: 'classic', threshold: 4, consecutive: 1 });
  });

  test('checkPolicy validates a full policy', () => {
    expect(checkPolicy(DEFAULT_POLICY)).toBeNull();
    expect(checkPolicy({ ...DEFAULT_POLICY, minCandidateSamples: 0 })).toMatch(/minCandidateSamples/);
  });

  test('the defaults are frozen', () => {
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
  });
});
