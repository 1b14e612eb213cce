import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { closest, commandUsage, parseInvocation, USAGE, wantsJson } from '../../../src/cli/args';
import { RollwatchError } from '../../../src/errors';
import { TOOL_VERSION } from '../../../src/version';

const inputErrorOf = (argv: string[]): RollwatchError => {
  try {
    parseInvocation(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(RollwatchError);
    expect((err as RollwatchError).kind).toBe('input');
    return err as RollwatchError;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('rollwatch version', () => {
  it('is the version in package.json', () => {
    expect(TOOL_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it.each([['version'], ['--version'], ['-V']])('%s alone prints it on stdout and exits 0', (arg) => {
    expect(parseInvocation([arg])).toEqual({ kind: 'print', text: `rollwatch ${TOOL_VERSION}`, to: 'stdout', exitCode: 0 });
  });

  it('--version V after deploy, rollback or plan still names the release', () => {
    expect(parseInvocation(['deploy', '--version', 'v42'])).toMatchObject({ kind: 'run', command: { name: 'deploy', version: 'v42' } });
    expect(parseInvocation(['--version', 'v42', 'rollback'])).toMatchObject({ kind: 'run', command: { name: 'rollback', version: 'v42' } });
    expect(parseInvocation(['plan', '--version=v7'])).toMatchObject({ kind: 'run', command: { name: 'plan', version: 'v7' } });
  });
});

describe('bad arguments are refused with one line naming them', () => {
  it('an unknown option, with the closest known one', () => {
    const err = inputErrorOf(['deploy', '--dry-rnu', '--config', 'x.yml']);
    expect(err.message).toBe('unknown option --dry-rnu (rollwatch --help lists the options)');
    expect(inputErrorOf(['deploy', '--confg', 'x.yml']).message).toMatch(/^unknown option --confg; did you mean --config\?/);
    expect(inputErrorOf(['status', '--jsno']).message).toMatch(/did you mean --json\?/);
    expect(inputErrorOf(['status', '--report=out.json', '--verbos']).message).toMatch(/^unknown option --verbos; did you mean --verbose\?/);
    expect(inputErrorOf(['status', '-x']).message).toMatch(/^unknown option -x /);
    for (const e of [err, inputErrorOf(['status', '-x'])]) expect(e.message).not.toContain('\n');
  });

  it('a stray argument after a command', () => {
    expect(inputErrorOf(['status', 'extra']).message).toBe('command: unexpected argument "extra" after "status"');
    expect(inputErrorOf(['lock', 'status', 'now']).message).toBe('command: unexpected argument "now" after "lock status"');
    expect(inputErrorOf(['deploy', 'v42']).message).toMatch(/unexpected argument "v42"/);
  });

  it('an option the command does not take', () => {
    expect(inputErrorOf(['status', '--version', 'v1']).message).toMatch(/^--version: status does not take --version/);
    expect(inputErrorOf(['rollback', '--force-build']).message).toBe('--force-build: rollback does not take --force-build');
  });

  it('an unknown command, with the closest known one', () => {
    expect(inputErrorOf(['deplyo']).message).toMatch(/^command: unknown command "deplyo"; did you mean deploy\?/);
    expect(inputErrorOf(['frobnicate']).message).not.toMatch(/did you mean/);
  });

  it('a missing value', () => {
    expect(inputErrorOf(['deploy', '--config']).message).toMatch(/--config/);
  });
});

describe('help', () => {
  it('goes to stdout with exit 0, for one command too', () => {
    expect(parseInvocation(['--help'])).toEqual({ kind: 'print', text: USAGE, to: 'stdout', exitCode: 0 });
    const deploy = parseInvocation(['deploy', '--help']);
    expect(deploy).toMatchObject({ kind: 'print', to: 'stdout', exitCode: 0 });
    expect(deploy.kind === 'print' && deploy.text).toMatch(/^usage: rollwatch deploy \[--version V\] \[--force-build\] \[options\]\n/);
    expect(commandUsage('lock')).toMatch(/^usage: rollwatch lock status \| lock release/);
  });

  it('no command at all: usage on stderr, exit 2', () => {
    expect(parseInvocation([])).toEqual({ kind: 'print', text: USAGE, to: 'stderr', exitCode: 2 });
  });
});

describe('helpers', () => {
  it('closest finds near misses only', () => {
    expect(closest('verbos', ['verbose', 'version'])).toBe('verbose');
    expect(closest('summry', ['summary', 'report'])).toBe('summary');
    expect(closest('xyz', ['summary', 'report'])).toBeNull();
  });

  it('wantsJson looks before "--" only', () => {
    expect(wantsJson(['status', '--json'])).toBe(true);
    expect(wantsJson(['status', '--', '--json'])).toBe(false);
  });
});

describe('day-two commands: history, logs, exec', () => {
  it('history takes --limit (default 20)', () => {
    expect(parseInvocation(['history'])).toMatchObject({ kind: 'history', limit: 20 });
    expect(parseInvocation(['history', '--limit', '5', '-d', 'staging'])).toMatchObject({ kind: 'history', limit: 5, options: { destination: 'staging' } });
    expect(inputErrorOf(['history', '--limit', 'many']).field).toBe('--limit');
  });

  it('logs takes one --host, --since in Docker’s form, --tail and -f', () => {
    expect(parseInvocation(['logs', '--host', 'web-1', '--since', '10m', '--tail', '50', '-f'])).toMatchObject({ kind: 'logs', host: 'web-1', since: '10m', tail: 50, follow: true });
    expect(parseInvocation(['logs'])).toMatchObject({ kind: 'logs', host: undefined, follow: false });
    expect(inputErrorOf(['logs', '--since', '$(reboot)']).field).toBe('--since');
    expect(inputErrorOf(['logs', '--host', 'a', '--host', 'b']).field).toBe('--host');
    expect(inputErrorOf(['status', '--follow']).field).toBe('--follow');
  });

  it('exec runs everything after "--" as the command, options included; before "--" only rollwatch’s own', () => {
    expect(parseInvocation(['exec', '--host', 'web-1', '--', 'sh', '-c', 'echo --json && ls -la'])).toMatchObject({ kind: 'exec', host: 'web-1', argv: ['sh', '-c', 'echo --json && ls -la'], options: { json: false } });
    expect(inputErrorOf(['exec']).field).toBe('command');
    expect(inputErrorOf(['exec', '--', ]).field).toBe('command');
    expect(inputErrorOf(['status', '--', 'ls']).message).toMatch(/status takes no command after "--"/);
    expect(inputErrorOf(['exec', 'ls']).message).toMatch(/unexpected argument "ls"/);
  });
});
