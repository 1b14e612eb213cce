import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Shell, and, safe, sh } from '../../../src/targets/ssh/shell';
import { RollwatchError } from '../../../src/errors';

/** Runs shell text with the local /bin/sh (dash on Debian, like most servers) in `cwd`. */
const runSh = (text: string, cwd: string) => execFileSync('/bin/sh', ['-c', text], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: cwd } });

const HOSTILE_CHARS = [..."'\"$`\\;|&<>(){}!*?~#\n\t =%^[],:@"];
const hostileString = fc.string({ unit: fc.constantFrom(...HOSTILE_CHARS, 'a', 'Z', '0', '-', '.', '/'), maxLength: 40 });
const unicodeString = fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes('\0'));
const mixed = fc.array(fc.oneof(hostileString, unicodeString), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));

describe('sh(): quoting for a remote POSIX shell', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'rollwatch-sh-'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  /** One shell per batch: prints every word followed by NUL, so each must come back exactly. */
  const roundTrip = (words: string[]) => runSh(`printf '%s\\0' ${sh(...words).text}`, cwd).split('\0').slice(0, -1);

  it('property: printf %s of a quoted word prints exactly the input (hostile ASCII and unicode)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hostileString, unicodeString, mixed), { minLength: 1, maxLength: 30 }), (words) => {
        expect(roundTrip(words)).toEqual(words);
      }),
      { numRuns: 40 },
    );
  });

  it('property: a single word is printed by printf %s exactly', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        expect(runSh(`printf '%s' ${sh(s).text}`, cwd)).toBe(s);
      }),
      { numRuns: 25 },
    );
  });

  it('property: command substitutions and redirections inside a value never run', () => {
    const marker = join(cwd, 'MARKER');
    const payloads = fc.constantFrom(`$(touch ${marker})`, `\`touch ${marker}\``, `;touch ${marker}`, `&& touch ${marker}`, `|touch ${marker}`, `\ntouch ${marker}\n`, `'; touch ${marker}; '`, `"; touch ${marker}; "`, `$(touch\t${marker})`, `>${marker}`);
    const word = fc.tuple(hostileString, payloads, hostileString).map(([a, b, c]) => a + b + c);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 20 }), (words) => {
        expect(roundTrip(words)).toEqual(words);
        expect(existsSync(marker)).toBe(false);
      }),
      { numRuns: 20 },
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    ['empty string', ''],
    ['tilde alone (no home expansion)', '~'],
    ['tilde user', '~root/x'],
    ['glob star', '*'],
    ['glob with a matching file pattern', '/*'],
    ['braces', '{a,b}'],
    ['assignment-looking word', 'A=$HOME'],
    ['quote and bang', "it's !important"],
    ['quote, space and backslash', "a'b \\ c"],
    ['double quote and backslash-dollar', '"\\$HOME"'],
    ['only a single quote', "'"],
    ['trailing backslash', 'abc\\'],
    ['dash option', '-n'],
    ['comment', '#not a comment'],
    ['newline only', '\n'],
    ['CR and unicode line separator', 'a\r\u2028b'],
    ['10k characters', 'x$'.repeat(5000)],
  ])('%s is printed verbatim', (_label, s) => {
    expect(runSh(`printf '%s' ${sh(s).text}`, cwd)).toBe(s);
  });

  it('numbers become words; Shell fragments pass through unquoted', () => {
    expect(sh('docker', 'stop', '--time', 10, 'web-v1').text).toBe('docker stop --time 10 web-v1');
    const frag = Shell.raw('echo $HOME');
    expect(sh(frag).text).toBe('echo $HOME');
    expect(String(frag)).toBe('echo $HOME');
    expect(runSh(sh('printf', '%s', Shell.raw('"$HOME"')).text, cwd)).toBe(cwd);
  });

  it('and() joins commands with && so a failing one stops the chain', () => {
    const text = and(sh('true'), sh('false'), sh('touch', 'after')).text;
    expect(text).toBe('true && false && touch after');
    expect(() => runSh(text, cwd)).toThrow();
    expect(existsSync(join(cwd, 'after'))).toBe(false);
  });

  it('a NUL byte anywhere in a word is an input error', () => {
    for (const s of ['\0', 'a\0', '\0b', 'a\0b']) {
      let err: unknown;
      try {
        sh('echo', s);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RollwatchError);
      expect((err as RollwatchError).kind).toBe('input');
      expect((err as RollwatchError).message).toMatch(/NUL/);
    }
  });
});

describe('safe()', () => {
  it('returns a valid value unchanged', () => {
    expect(safe('app', 'web-api', 'app')).toBe('web-api');
  });

  it('throws an input error naming the field and the accepted form', () => {
    let err: unknown;
    try {
      safe('network', 'my net', 'container.network');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RollwatchError);
    const e = err as RollwatchError;
    expect(e.kind).toBe('input');
    expect(e.field).toBe('container.network');
    expect(e.message).toMatch(/^container\.network: expected a Docker network name/);
  });
});
