import { describe, it, expect } from '@jest/globals';
import { colourWanted, paintHeadline, terminal, type TerminalStream } from '../../../src/cli/terminal';
import { maskedLogger, streamLogger } from '../../../src/util/log';

function fakeStream(isTTY: boolean, columns = 80): TerminalStream & { out: string } {
  const s = { isTTY, columns, out: '', write: (t: string) => (s.out += t) };
  return s;
}

describe('the terminal', () => {
  it('colours only a terminal, and never with NO_COLOR or a dumb TERM', () => {
    expect(colourWanted(fakeStream(true), {})).toBe(true);
    expect(colourWanted(fakeStream(false), {})).toBe(false);
    expect(colourWanted(fakeStream(true), { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted(fakeStream(true), { TERM: 'dumb' })).toBe(false);
    expect(colourWanted(fakeStream(true), { NO_COLOR: '' })).toBe(true); // the NO_COLOR rule: set and not empty
  });

  it('keeps one live status line on a terminal, rewritten in place and cleared before the next line', () => {
    const s = fakeStream(true);
    const t = terminal(s, {});
    t.status('verifying v2: 5/60 s');
    t.status('verifying v2: 10/60 s');
    t.line('regression: probe.error_rate');
    t.done();
    expect(s.out).toBe('\r\x1b[2Kverifying v2: 5/60 s\r\x1b[2Kverifying v2: 10/60 s\r\x1b[2Kregression: probe.error_rate\n');
  });

  it('cuts the live line to the terminal width, so it never wraps', () => {
    const s = fakeStream(true, 30);
    terminal(s, {}).status('x'.repeat(100));
    expect(s.out).toBe('\r\x1b[2K' + 'x'.repeat(28) + '…');
  });

  it('takes 80 columns when the terminal does not say its width (a pty without a size says 0)', () => {
    const s = fakeStream(true, 0);
    terminal(s, {}).status('y'.repeat(100));
    expect(s.out).toBe('\r\x1b[2K' + 'y'.repeat(78) + '…');
  });

  it('writes no status line and no escape codes when the output is piped', () => {
    const s = fakeStream(false);
    const t = terminal(s, {});
    t.status('verifying v2: 5/60 s');
    t.line('done');
    t.done();
    expect(s.out).toBe('done\n');
  });

  it('paints the headline by outcome, and nothing else', () => {
    expect(paintHeadline('rolled back\nmore', 'rolled-back', true)).toBe('\x1b[1;31mrolled back\x1b[0m\nmore');
    expect(paintHeadline('promoted', 'promoted', true)).toBe('\x1b[1;32mpromoted\x1b[0m');
    expect(paintHeadline('promoted', 'promoted', false)).toBe('promoted');
  });
});

describe('the stream logger on a terminal', () => {
  it('colours the level tags when asked, and masks what goes to the live line', () => {
    const lines: string[] = [];
    const live: string[] = [];
    const log = maskedLogger(streamLogger((l) => lines.push(l), { colour: true, progress: (l) => live.push(l) }), (t) => t.replaceAll('hunter2', '***'));
    log.warn('careful');
    log.error('broken');
    log.progress?.('token hunter2 in a status line');
    expect(lines[0]).toMatch(/\x1b\[33mWARN\x1b\[0m careful$/);
    expect(lines[1]).toMatch(/\x1b\[31mERROR\x1b\[0m broken$/);
    expect(live).toEqual(['token *** in a status line']);
  });

  it('writes plain tags without colour, and has no progress without a live line', () => {
    const lines: string[] = [];
    const log = maskedLogger(streamLogger((l) => lines.push(l)), (t) => t);
    log.warn('careful');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN careful$/);
    expect(log.progress).toBeUndefined();
  });
});
