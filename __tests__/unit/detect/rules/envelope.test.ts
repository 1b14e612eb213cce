import { describe, expect, test } from '@jest/globals';
import { DEFAULT_POLICY, resolvePolicy } from '../../../../src/detect';
import { buildEnvelopeModel, createEnvelopeJudge, ENVELOPE_MIN_BASELINE, envelopeApplies } from '../../../../src/detect/rules/envelope';
import { buildLevelModel } from '../../../../src/detect/rules/level';
import { gauge, repeat, run as track, vals, wobble } from '../helpers';

const P = DEFAULT_POLICY;
function judge(base: number[], direction: 'increase' | 'decrease' | 'either' = 'increase', pol = P) {
  const lm = buildLevelModel(base, pol);
  const em = buildEnvelopeModel(lm, pol);
  if (!em) throw new Error('no envelope model');
  return { em, lm, j: createEnvelopeJudge(em, lm, direction, pol) };
}
function looks(base: number[], cand: number[], direction: 'increase' | 'decrease' | 'either' = 'increase', pol = P) {
  const { j } = judge(base, direction, pol);
  return cand.map((x, i) => j.push({ level: x, events: 0, exposure: 1 }, i));
}
const firstHit = (ls: ReturnType<typeof looks>) => ls.findIndex((l) => l?.hit);

/** A daily cycle over 60 samples: from 100 up to 140 and back, with a little noise. */
const cycle = Array.from({ length: 60 }, (_, i) => 120 - 20 * Math.cos((2 * Math.PI * i) / 60) + 1.5 * Math.sin(i * 2.3));
/** Where the cycle's own 3-sample medians reach at most. */
const cycleTop = Math.max(...cycle.slice(1, -1).map((_, i) => [cycle[i]!, cycle[i + 1]!, cycle[i + 2]!].sort((a, b) => a - b)[1]!));

describe('envelope rule', () => {
  test('applies from 30 valid baseline samples on, with the default margin', () => {
    expect(ENVELOPE_MIN_BASELINE).toBe(30);
    expect(envelopeApplies(29, P)).toBe(false);
    expect(envelopeApplies(30, P)).toBe(true);
    expect(envelopeApplies(120, resolvePolicy({ envelopeMargin: 0 }))).toBe(false);
    expect(envelopeApplies(120, resolvePolicy({ shiftWindow: 2 }))).toBe(false);
  });

  test('the margin is envelopeMargin (2) at 60 samples and widens as 1/√n for shorter baselines', () => {
    expect(judge(wobble(100, 60)).em.margin).toBeCloseTo(2, 10);
    expect(judge(wobble(100, 30)).em.margin).toBeCloseTo(2 * Math.SQRT2, 10);
    expect(judge(wobble(100, 120)).em.margin).toBeCloseTo(2 / Math.SQRT2, 10);
  });

  test('a step beyond everything the old version held fails on the fifth sample (three looks of the 3-sample window), explained', () => {
    const ls = looks(cycle, repeat(250, 20));
    expect(firstHit(ls)).toBe(4);
    const hit = ls[4]!.hit!;
    expect(hit.rule).toBe('envelope-window');
    expect(hit.held).toBe(3);
    expect(hit.value).toBeCloseTo(250, 10);
    expect(hit.z).toBeGreaterThan(P.threshold);
    expect(hit.detail).toMatch(/^median of the last \d+ samples 250 vs baseline median [\d.]+, [\d.]+ robust sigmas beyond the old version's own \d+-sample medians \(highest [\d.]+\), margin 2; change \+[\d.]+ %$/);
  });

  test('a level the old version itself held for as long never fails, however long it lasts', () => {
    // The top of the cycle is 2 robust sigmas above its median: a level test alone would call it a shift.
    const ls = looks(cycle, repeat(cycleTop, 20));
    expect(firstHit(ls)).toBe(-1);
  });

  test('bursts of two samples beyond the envelope are not a level: the hold restarts', () => {
    expect(firstHit(looks(cycle, [250, 250, 120, 120, 120, 120, 250, 250, 120, 120, 120, 120, 250, 250, 120, 120]))).toBe(-1);
    expect(firstHit(looks(cycle, [250, 250, 250, 120, 120, 120]))).toBe(4);
  });

  test('a change below the smallest change that matters does not fail, however many sigmas', () => {
    const tight = wobble(100, 60, 0.002);
    expect(firstHit(looks(tight, repeat(105, 20)))).toBe(-1);
    expect(firstHit(looks(tight, repeat(115, 20)))).toBe(4);
  });

  test('"decrease is bad" and "either" judge the lower side against the lowest window medians', () => {
    expect(firstHit(looks(cycle, repeat(10, 20), 'decrease'))).toBe(4);
    expect(firstHit(looks(cycle, repeat(10, 20), 'increase'))).toBe(-1);
    expect(firstHit(looks(cycle, repeat(10, 20), 'either'))).toBe(4);
    expect(looks(cycle, repeat(10, 20), 'either')[4]!.hit!.detail).toMatch(/lowest/);
  });

  test('a mostly idle baseline: a burst as busy as the old version\'s is no regression, a busy candidate is', () => {
    const idle = Array.from({ length: 60 }, (_, i) => (i % 12 === 0 ? 5000 : 0));
    // Busy 1 sample in 12 before, now 4 in a row of 20: its share of busy samples is not significantly higher.
    const burst = [0, 0, 0, 0, 0, 0, 0, 0, 3000, 3000, 3000, 3000, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(firstHit(looks(idle, burst))).toBe(-1);
    expect(firstHit(looks(idle, repeat(3000, 20)))).toBeGreaterThanOrEqual(4);
  });

  test('in the tracker: a 30-sample baseline is judged by the envelope rule, a shorter one by the level and departure rules', () => {
    const smooth = (n: number) => Array.from({ length: n }, (_, i) => 92 - 5.5 * Math.sin((Math.PI * i) / n) + 0.4 * Math.sin(i * 2.3));
    const long = track(gauge(), P, vals(smooth(30)), vals(repeat(105, 20))).final;
    expect(long.verdict).toBe('fail');
    expect(long.explain.rule).toBe('envelope-window');
    const short = track(gauge(), P, vals(smooth(20)), vals(repeat(105, 20))).final;
    expect(short.verdict).toBe('fail');
    expect(['level-window', 'departure']).toContain(short.explain.rule);
  });

  test('in the tracker: a large step is still decided on its third sample (the level rule keeps the 1-sample window)', () => {
    const { final } = track(gauge(), P, vals(wobble(100, 60)), vals([100, 100, 400, 400, 400, 400, 400]));
    expect(final.verdict).toBe('fail');
    expect(final.decidedAt).toBe(4);
    expect(final.explain.rule).toBe('level-window');
  });
});

describe('envelope rule on a bursty baseline', () => {
  // Quiet around 100 with bursts of one or two samples at ~600, seven times in 60 samples.
  const bursty = Array.from({ length: 60 }, (_, i) => ([5, 6, 17, 29, 30, 41, 52].includes(i) ? 600 : 100 * (1 + 0.03 * Math.sin(i * 2.3))));

  test('the shortest window judged is longer than twice the longest burst plus two samples of slack', () => {
    const { em } = judge(bursty);
    expect(em.shortestUp).toBe(2 * (2 + 2) + 1);
    expect(em.shortestDown).toBe(0);
  });

  test('a burst four samples long, twice the baseline\'s longest, is not a level; a lasting step is', () => {
    const burst = [100, 100, 600, 600, 600, 600, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100];
    expect(firstHit(looks(bursty, burst))).toBe(-1);
    const at = firstHit(looks(bursty, repeat(600, 20)));
    expect(at).toBeGreaterThanOrEqual(12); // the 13-sample window, held three looks
    expect(looks(bursty, repeat(600, 20))[at]!.hit!.detail).toMatch(/median of the last 13 samples 600/);
  });
});
