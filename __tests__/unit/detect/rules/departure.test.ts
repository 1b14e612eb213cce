import { describe, expect, test } from '@jest/globals';
import { CLASSIC_POLICY, DEFAULT_POLICY, resolvePolicy } from '../../../../src/detect';
import { buildDepartureModel, createDepartureJudge } from '../../../../src/detect/rules/departure';
import { buildLevelModel } from '../../../../src/detect/rules/level';
import { gauge, repeat, run as track, vals, wobble } from '../helpers';

const P = DEFAULT_POLICY;
function run(base: number[], cand: number[], direction: 'increase' | 'decrease' | 'either' = 'increase', pol = P) {
  const lm = buildLevelModel(base, pol);
  const dm = buildDepartureModel(base, pol)!;
  const j = createDepartureJudge(dm, lm, direction, pol);
  return cand.map((x, i) => j.push({ level: x, events: 0, exposure: 1 }, i));
}
const firstHit = (looks: ReturnType<typeof run>) => looks.findIndex((l) => l?.hit);

/** A slowly wandering, strongly autocorrelated baseline (a temperature, a rate on a plateau): down from 92 to 86.5 and back. */
const smooth = Array.from({ length: 30 }, (_, i) => 92 - 5.5 * Math.sin((Math.PI * i) / 30) + 0.4 * Math.sin(i * 2.3));
const highest = Math.max(...smooth);

describe('departure rule', () => {
  test('a step outside everything the old version did fails on the fifth sample (three looks of the 3-sample window), with the range in the explanation', () => {
    const looks = run(smooth, repeat(105, 20));
    expect(firstHit(looks)).toBe(4);
    const hit = looks[4]!.hit!;
    expect(hit.rule).toBe('departure');
    expect(hit.held).toBe(3);
    expect(hit.z).toBeGreaterThan(P.departureThreshold);
    expect(hit.detail).toMatch(/^the last 5 samples all lie outside the old version's range \(above its highest 92(\.\d+)?\); their median 105 vs baseline median 88\.\d+: [\d.]+ robust sigmas.*held for 3 of 3 looks$/);
  });

  test('on such a baseline the same step passes the level rule alone: the departure rule is what catches it', () => {
    // The envelope rule off: with it, a 30-sample baseline is judged by the envelope rule instead.
    const off = resolvePolicy({ departureThreshold: 0, envelopeMargin: 0 });
    const cand = vals(repeat(105, 20));
    expect(track(gauge(), off, vals(smooth), cand).final.verdict).toBe('pass');
    const on = track(gauge(), resolvePolicy({ envelopeMargin: 0 }), vals(smooth), cand).final;
    expect(on.verdict).toBe('fail');
    expect(on.explain.rule).toBe('departure');
  });

  test('a level inside the old range never departs, however long it lasts', () => {
    expect(firstHit(run(smooth, repeat(highest - 0.01, 20)))).toBe(-1);
  });

  test('one sample back inside the range restarts the hold', () => {
    const looks = run(smooth, [105, 105, 105, 105, 90, 105, 105, 105, 105, 90, 105]);
    expect(firstHit(looks)).toBe(-1);
  });

  test('a drop to zero from a two-regime baseline fails although its robust z is small: beyond the extreme by more than the range', () => {
    const twoRegimes = [...wobble(80, 15, 0.03), ...wobble(110, 15, 0.03)];
    const lm = buildLevelModel(twoRegimes, P);
    expect(lm.center / lm.scaleDown).toBeLessThan(P.departureThreshold);
    const looks = run(twoRegimes, repeat(0, 10), 'decrease');
    const at = firstHit(looks);
    expect(at).toBe(4);
    expect(looks[at]!.hit!.detail).toMatch(/below its lowest .*beyond the extreme by more than the whole range/);
  });

  test('a change below the smallest change that matters does not depart', () => {
    const tight = wobble(100, 60, 0.002);
    expect(firstHit(run(tight, repeat(105, 20)))).toBe(-1);
    expect(firstHit(run(tight, repeat(111, 20)))).toBe(4);
  });

  test('direction: only the bad side is judged; "either" judges both, each on its own hold', () => {
    expect(firstHit(run(smooth, repeat(60, 20), 'increase'))).toBe(-1);
    expect(firstHit(run(smooth, repeat(60, 20), 'decrease'))).toBe(4);
    expect(firstHit(run(smooth, repeat(60, 20), 'either'))).toBe(4);
    // four low then four high: neither side holds three looks of a 3-sample window
    expect(firstHit(run(smooth, [60, 60, 60, 60, 120, 120, 120, 120], 'either'))).toBe(-1);
  });

  test('off with departureThreshold 0 and in the classic preset; the window sizes follow shiftWindow', () => {
    expect(CLASSIC_POLICY.departureThreshold).toBe(0);
    expect(track(gauge(), resolvePolicy({ departureThreshold: 0 }), vals(smooth), vals(repeat(105, 20))).final.explain.rule).not.toBe('departure');
    expect(buildDepartureModel(smooth, { shiftWindow: 5 })!.windows).toEqual([3, 5]);
    expect(buildDepartureModel(smooth, { shiftWindow: 2 })).toBeNull();
    expect(buildDepartureModel([null, null], P)).toBeNull();
  });
});
