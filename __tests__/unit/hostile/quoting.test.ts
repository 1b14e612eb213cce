/**
 * The quoting layer, property-based against a local POSIX shell (dash, as on Debian hosts):
 * any string without NUL is one word that arrives byte for byte; the validated builders refuse
 * anything outside their rule with an input error that names the field.
 */
import { describe, it, expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { RollwatchError } from '../../../src/errors';
import * as cmd from '../../../src/targets/ssh/commands';
import { createContainerRequest } from '../../../src/targets/ssh/engine-spec';
import { sh } from '../../../src/targets/ssh/shell';
import { checkValue } from '../../../src/config/values';
import { runSpec as spec } from '../../fixtures/core/run-spec';

const ATTACKS = ["'", '"', ';', '$(id)', '`id`', '\n', '\r', '\\', '|', '&', '*', '~', '#', ' ', '\t', '${IFS}', '!', '\u202e', '\u{1F600}', '-oX=1'];
const hostile = fc
  .tuple(fc.array(fc.oneof(fc.constantFrom(...ATTACKS), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 6 }), fc.constantFrom(...ATTACKS), fc.nat())
  .map(([parts, a, at]) => {
    parts.splice(at % (parts.length + 1), 0, a);
    return parts.join('');
  });

function shell(text: string): { code: number; stdout: string } {
  const r = spawnSync('/bin/sh', ['-c', text], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout };
}

describe('quoting', () => {
  it('every string without NUL is one word, byte for byte (printf %s round trip)', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string({ unit: 'grapheme', maxLength: 200 })), (v) => {
        const r = shell(`${sh('printf', '%s|', v, v).text}`);
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(`${v}|${v}|`);
      }),
      { numRuns: 300 },
    );
  });

  it('a NUL byte is refused with an input error', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(() => sh('echo', `${a}\0${b}`)).toThrow(RollwatchError);
      }),
    );
  });
});

const inputErrorOf = (f: () => unknown): RollwatchError | null => {
  try {
    f();
    return null;
  } catch (err) {
    return err instanceof RollwatchError && err.kind === 'input' ? err : null;
  }
};


describe('validated builders refuse hostile values, naming the field', () => {
  const cases: [string, (v: string) => unknown, string][] = [
    ['app', (v) => cmd.removeLegacyFiles(v), 'app'],
    ['app (lock)', (v) => cmd.acquireLock(v, '{}'), 'app'],
    ['version', (v) => cmd.containerName('web', v), 'version'],
    ['network', (v) => createContainerRequest(spec({ network: v })), 'container.network'],
    ['port', (v) => createContainerRequest(spec({ ports: [v] })), 'container.ports[0]'],
    ['volume', (v) => createContainerRequest(spec({ volumes: [v] })), 'container.volumes[0]'],
    ['label key', (v) => createContainerRequest(spec({ labels: { [v]: 'x' } })), `container.labels.`],
    ['hook variable', (v) => cmd.hook(['true'], { [v]: 'x' }), 'hook variable'],
  ];
  it.each(cases)('%s', (_name, build, field) => {
    fc.assert(
      fc.property(hostile, (v) => {
        const err = inputErrorOf(() => build(v));
        expect(err).not.toBeNull();
        expect(err!.field?.startsWith(field)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('free text (label values, hook arguments, lock holder) is never refused unless it holds NUL', () => {
    fc.assert(
      fc.property(hostile, (v) => {
        expect(() => createContainerRequest(spec({ labels: { note: v }, env: [{ key: 'NOTE', value: v }] }))).not.toThrow();
        expect(() => cmd.hook(['/bin/drain', v], { ROLLWATCH_HOST: v })).not.toThrow();
        expect(() => cmd.acquireLock('web', JSON.stringify({ actor: v }))).not.toThrow();
        expect(checkValue('app', v)).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});
