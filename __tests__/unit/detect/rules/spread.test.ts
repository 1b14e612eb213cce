import { describe, expect, test } from '@jest/globals';
import { CLASSIC_POLICY, DEFAULT_POLICY, resolvePolicy } from '../../../../src/detect';
import { buildLevelModel } from '../../../../src/detect/rules/level';
import { buildSpreadModel, createSpreadJudge, SPREAD_MIN_RATIO } from '../../../../src/detect/rules/spread';
import { wobble } from '../helpers';

const P = resolvePolicy({ spreadRule: true });
function looks(base: number[], cand: number[]) {
  const lm = buildLevelModel(base, P);
  const sm = buildSpreadModel(base, lm)!;
  const j = createSpreadJudge(sm, lm, P);
  return cand.map((x, i) => j.push({ level: x, events: 0, exposure: 1 }, i));
}

describe('spread rule', () => {
  const base = wobble(100, 60, 0.05);
  test('same median, three times the swings, fails', () => {
    const wide = base.slice(0, 20).map((x) => 100 + 3 * (x - 100));
    const l = looks(base, wide);
    const hit = l.find((x) => x?.hit)?.hit;
    expect(hit?.rule).toBe('spread-window');
    expect(hit!.value / hit!.center).toBeGreaterThanOrEqual(SPREAD_MIN_RATIO);
  });

  test('a level step with the same noise does not (successive differences ignore it)', () => {
    const stepped = base.slice(0, 20).map((x) => x + 50);
    expect(looks(base, stepped).every((x) => !x?.hit)).toBe(true);
  });

  test('bursts on one side only (up and back, as spiky or idle series do) are not a wider spread', () => {
    const bursts = base.slice(0, 20).map((x, i) => (i % 2 ? x * 1.6 : x));
    const l = looks(base, bursts);
    expect(l.every((x) => !x?.hit)).toBe(true);
    expect(l[19]!.detail).toMatch(/0 beyond −2\.5 robust sigmas, not wider on both sides$/);
  });

  test('on by default; off in the classic preset', () => {
    expect(DEFAULT_POLICY.spreadRule).toBe(true);
    expect(CLASSIC_POLICY.spreadRule).toBe(false);
  });

  test('the same series unchanged does not', () => {
    expect(looks(base, base.slice(10, 30)).every((x) => !x?.hit)).toBe(true);
  });

  test('too short a baseline: no model', () => {
    const b = wobble(100, 8);
    expect(buildSpreadModel(b, buildLevelModel(b, P))).toBeNull();
  });
});
