/**
 * A value read back from a host never reaches a command line as an option: a label "--force"
 * must not turn a prune into a forced removal. The commands run in a local /bin/sh against a
 * stand-in `docker` that parses options the way docker's CLI does (up to "--") and says which
 * options it got.
 */
import { describe, it, expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cmd from '../../../src/targets/ssh/commands';
import { classifyReleases, parseInspect, prunePlan } from '../../../src/targets/ssh/inspect';
import { RollwatchError } from '../../../src/errors';

/** Runs `text` with a docker that prints "OPTION <x>" per option and "OPERAND <x>" per operand. */
function dockerSees(text: string): { options: string[]; operands: string[] } {
  const home = mkdtempSync(join(tmpdir(), 'rollwatch-operands-'));
  try {
    const docker = `docker() { shift_done=; for a in "$@"; do if [ -z "$shift_done" ] && [ "$a" = -- ]; then shift_done=1; elif [ -z "$shift_done" ] && [ "\${a#-}" != "$a" ]; then echo "OPTION $a" >> "$HOME/seen"; else echo "OPERAND $a" >> "$HOME/seen"; fi; done; }; `;
    spawnSync('/bin/sh', ['-c', docker + text], { cwd: home, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });
    const lines = existsSync(join(home, 'seen')) ? readFileSync(join(home, 'seen'), 'utf8').split('\n') : [];
    return { options: lines.filter((l) => l.startsWith('OPTION ')).map((l) => l.slice(7)), operands: lines.filter((l) => l.startsWith('OPERAND ')).map((l) => l.slice(8)) };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const FORCE = ['--force', '-f', '-fv', '--rm'];

describe('a prune planned from hostile labels', () => {
  it('never force-removes: the "--force" container is not rollwatch\'s and is left alone', () => {
    const c = (name: string, version: string, image: string, running: boolean, finished: string) => ({
      Id: name.replace(/[^a-f0-9]/g, '').padEnd(12, 'a'),
      Name: `/${name}`,
      State: { Running: running, Status: running ? 'running' : 'exited', StartedAt: '2024-05-01T10:00:00Z', FinishedAt: finished },
      Config: { Labels: { 'rollwatch.app': 'web', 'rollwatch.version': version, 'rollwatch.image': image } },
    });
    const json = JSON.stringify([
      c('web-v3', 'v3', 'reg/web:v3', true, '0001-01-01T00:00:00Z'),
      c('web-v2', 'v2', 'reg/web:v2', false, '2024-05-03T00:00:00Z'),
      c('web-v1', 'v1', 'reg/web:v1', false, '2024-05-02T00:00:00Z'),
      c('--force', '--force', '--force', false, '2024-05-01T00:00:00Z'),
      c('web-v0', 'v0', '-f', false, '2024-04-30T00:00:00Z'),
    ]);
    const plan = prunePlan(classifyReleases(parseInspect(json)), 1);
    const seen = dockerSees(cmd.pruneReleases('web', plan.containers.map((x) => x.id || x.name), plan.envVersions, plan.unusedImages).text);
    expect(seen.options.filter((o) => FORCE.includes(o))).toEqual([]);
    expect(seen.operands.some((o) => o.startsWith('-'))).toBe(false);
    // the old rollwatch release is still pruned
    expect(seen.operands).toContain('reg/web:v1');
  });
});

describe('every command that takes a name, ID, image or server', () => {
  const builders: [string, (v: string) => { text: string }][] = [
    ['pruneReleases (container)', (v) => cmd.pruneReleases('web', [v], [], [])],
    ['pruneReleases (image)', (v) => cmd.pruneReleases('web', ['abc'], [], [v])],
    ['removeContainer', (v) => cmd.removeContainer(v)],
    ['removeImageIfUnused', (v) => cmd.removeImageIfUnused(v)],
    ['startContainer', (v) => cmd.startContainer(v, 'always')],
    ['stopContainer', (v) => cmd.stopContainer(v, 5)],
    ['restartContainer', (v) => cmd.restartContainer(v, 5)],
    ['restoreContainer (failed)', (v) => cmd.restoreContainer(v, 'web-v1', 'always')],
    ['restoreContainer (previous)', (v) => cmd.restoreContainer('web-v2', v, 'always')],
    ['renameContainer', (v) => cmd.renameContainer('web-v2', v)],
    ['containerLogs', (v) => cmd.containerLogs(v, 20)],
    ['inspectContainer', (v) => cmd.inspectContainer(v)],
    ['pull', (v) => cmd.pull(v)],
    ['imagePresent', (v) => cmd.imagePresent(v)],
    ['logout', (v) => cmd.logout(v)],
  ];

  it.each(builders)('%s: a value starting with "-" is refused before anything runs, or stays an operand', (_what, build) => {
    for (const v of FORCE) {
      let text: string | null = null;
      try {
        text = build(v).text;
      } catch (err) {
        expect(err).toBeInstanceOf(RollwatchError);
        expect((err as RollwatchError).kind).toBe('input');
        expect((err as Error).message).toMatch(/would be read as an option/);
        continue;
      }
      expect(dockerSees(text).options).not.toContain(v);
    }
  });

  it('ordinary values still arrive as operands', () => {
    expect(dockerSees(cmd.removeContainer('web-v1').text)).toEqual({ options: ['--force'], operands: ['rm', 'web-v1'] });
    expect(dockerSees(cmd.pull('reg/web@sha256:' + 'a'.repeat(64)).text).operands).toEqual(['pull', 'reg/web@sha256:' + 'a'.repeat(64)]);
  });
});
