import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { createMasker, maskedLogger, streamLogger, type Logger } from '../../../src/util/log';
import { mapLimit, settleLimit, systemClock } from '../../../src/util/clock';
import { PRIVATE_KEY } from '../../fixtures/core/config';

describe('createMasker', () => {
  it('no secrets: text unchanged', () => {
    expect(createMasker([])('hello $(x)')).toBe('hello $(x)');
    expect(createMasker(['', ''])('hello')).toBe('hello');
  });

  it('masks every occurrence of a single-line secret, regex characters included', () => {
    const mask = createMasker(['p4$$.w*rd(1)']);
    expect(mask('login p4$$.w*rd(1) failed; again p4$$.w*rd(1)')).toBe('login *** failed; again ***');
    expect(mask('p4$$Xw*rd(1)')).toBe('p4$$Xw*rd(1)');
  });

  it('masks a short secret when it appears whole', () => {
    expect(createMasker(['abc'])('xabcx')).toBe('x***x');
  });

  it('masks a multi-line private key whole', () => {
    const mask = createMasker([PRIVATE_KEY]);
    const out = mask(`key:\n${PRIVATE_KEY}end`);
    expect(out).toBe('key:\n***end');
  });

  it('masks each line of a multi-line secret on its own (e.g. when a log shows one line, or CRLF copies)', () => {
    const lines = PRIVATE_KEY.trim().split('\n');
    const mask = createMasker([PRIVATE_KEY]);
    for (const line of lines) expect(mask(`error near: ${line} !`)).toBe('error near: *** !');
    const crlf = lines.join('\r\n');
    const out = mask(crlf);
    for (const line of lines) expect(out).not.toContain(line);
  });

  it('masks the lines of a key whose newlines were escaped into JSON', () => {
    const mask = createMasker([PRIVATE_KEY]);
    const json = JSON.stringify({ privateKey: PRIVATE_KEY });
    const out = mask(json);
    for (const line of PRIVATE_KEY.trim().split('\n')) expect(out).not.toContain(line);
  });

  it('a secret with an indented line: the trimmed line is masked', () => {
    const secret = 'first-line-abc\n    second-line-def   \n';
    expect(createMasker([secret])('log: second-line-def')).toBe('log: ***');
  });

  it('longer secrets win over shorter ones that they contain', () => {
    const mask = createMasker(['token', 'token-with-suffix']);
    expect(mask('a token-with-suffix b token')).toBe('a *** b ***');
  });

  it('property: after masking, no secret of 4+ characters remains in the text', () => {
    const secret = fc.string({ minLength: 4, maxLength: 20, unit: fc.constantFrom(...'abcdefXYZ0123$.*()[]|\\'.split('')) });
    fc.assert(
      fc.property(fc.array(secret, { minLength: 1, maxLength: 4 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }), (secrets, fillers) => {
        const text = fillers.map((f, i) => f + secrets[i % secrets.length]).join(' ') + ' ' + secrets.join('|');
        const out = createMasker(secrets)(text);
        for (const s of secrets) expect(out.includes(s)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('maskedLogger masks every level and group names', async () => {
    const seen: string[] = [];
    const inner: Logger = {
      info: (m) => seen.push(`i:${m}`),
      warn: (m) => seen.push(`w:${m}`),
      error: (m) => seen.push(`e:${m}`),
      debug: (m) => seen.push(`d:${m}`),
      group: async (n, fn) => {
        seen.push(`g:${n}`);
        return fn();
      },
    };
    const log = maskedLogger(inner, createMasker(['s3cr3t']));
    log.info('a s3cr3t');
    log.warn('b s3cr3t');
    log.error('c s3cr3t');
    log.debug('d s3cr3t');
    expect(await log.group('deploy s3cr3t', async () => 7)).toBe(7);
    expect(seen).toEqual(['i:a ***', 'w:b ***', 'e:c ***', 'd:d ***', 'g:deploy ***']);
  });

  it('streamLogger indents inside groups and restores after a failing group; debug only when verbose', async () => {
    const out: string[] = [];
    const log = streamLogger((l) => out.push(l.replace(/^\d\d:\d\d:\d\d\.\d{3} /, '')), { verbose: false });
    log.debug('hidden');
    await expect(
      log.group('g', async () => {
        log.info('inside');
        throw new Error('x');
      }),
    ).rejects.toThrow('x');
    log.warn('after');
    expect(out).toEqual(['── g', '  inside', 'WARN after']);
  });
});

/** A deferred-based task runner that records how many tasks run at once. */
function tracker() {
  let active = 0;
  let peak = 0;
  const started: number[] = [];
  const run = async (i: number, ms: number) => {
    active++;
    peak = Math.max(peak, active);
    started.push(i);
    await new Promise((r) => setTimeout(r, ms));
    active--;
    return i * 10;
  };
  return { run, started, get peak() {
    return peak;
  } };
}

describe('mapLimit / settleLimit', () => {
  it('never runs more than `limit` at once, and uses the full limit', async () => {
    const t = tracker();
    const items = Array.from({ length: 10 }, (_, i) => i);
    const out = await mapLimit(items, 3, (i) => t.run(i, (i % 3) * 3 + 1));
    expect(out).toEqual(items.map((i) => i * 10));
    expect(t.peak).toBe(3);
    expect(t.started.slice().sort((a, b) => a - b)).toEqual(items);
  });

  it('results keep input order even when later items finish first', async () => {
    const out = await mapLimit([30, 1, 15, 2], 4, async (ms, i) => {
      await new Promise((r) => setTimeout(r, ms));
      return `${i}:${ms}`;
    });
    expect(out).toEqual(['0:30', '1:1', '2:15', '3:2']);
  });

  it('starts items in input order', async () => {
    const t = tracker();
    await mapLimit([0, 1, 2, 3, 4, 5], 2, (i) => t.run(i, 1));
    expect(t.started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('limit 1 is sequential; a limit of 0 or below still makes progress; empty input is empty output', async () => {
    const t = tracker();
    await mapLimit([1, 2, 3], 1, (i) => t.run(i, 1));
    expect(t.peak).toBe(1);
    expect(await mapLimit([1, 2], 0, async (i) => i)).toEqual([1, 2]);
    expect(await mapLimit([1, 2], -5, async (i) => i)).toEqual([1, 2]);
    let called = 0;
    expect(await mapLimit([], 4, async () => ++called)).toEqual([]);
    expect(called).toBe(0);
  });

  it('mapLimit rejects with the first failure', async () => {
    await expect(mapLimit([1, 2, 3], 2, async (i) => {
      if (i === 2) throw new Error('host 2 down');
      return i;
    })).rejects.toThrow('host 2 down');
  });

  it('settleLimit runs everything, caps concurrency and returns failures in order', async () => {
    const t = tracker();
    const res = await settleLimit([0, 1, 2, 3, 4], 2, async (i) => {
      await t.run(i, 2);
      if (i % 2 === 1) throw new Error(`bad ${i}`);
      return i;
    });
    expect(t.peak).toBe(2);
    expect(res.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(res[0]).toEqual({ status: 'fulfilled', value: 0 });
    expect((res[3] as PromiseRejectedResult).reason.message).toBe('bad 3');
  });

  it('property: for any sizes and limits, peak concurrency is min(limit, n) and results are in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 15 }), fc.integer({ min: 1, max: 8 }), async (delays, limit) => {
        const t = tracker();
        const out = await mapLimit(delays, limit, (d, i) => t.run(i, d));
        expect(out).toEqual(delays.map((_, i) => i * 10));
        expect(t.peak).toBeLessThanOrEqual(limit);
        expect(t.peak).toBe(Math.min(limit, delays.length));
      }),
      { numRuns: 40 },
    );
  });
});

describe('systemClock.sleep', () => {
  it('waits, and an abort ends the wait early', async () => {
    const t0 = Date.now();
    await systemClock.sleep(20);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
    const ac = new AbortController();
    const t1 = Date.now();
    const p = systemClock.sleep(10_000, ac.signal);
    setTimeout(() => ac.abort(), 5);
    await p;
    expect(Date.now() - t1).toBeLessThan(1000);
    const done = new AbortController();
    done.abort();
    const t2 = Date.now();
    await systemClock.sleep(10_000, done.signal);
    expect(Date.now() - t2).toBeLessThan(100);
  });
});
