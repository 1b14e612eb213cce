import { editDistance } from '../util/suggest';
import { parseArgs } from 'node:util';
import { checkValue } from '../config/values';
import { RollwatchError, inputError } from '../errors';
import type { Command } from '../engine/run';
import { TOOL_VERSION } from '../version';
import type { InitFlags } from './init';

const OPTIONS_HELP = `options:
  -c, --config FILE       the rollwatch YAML file (default: rollwatch.yml)
  -d, --destination NAME  merge rollwatch.NAME.yml (next to the config file) over it, e.g. -d staging
  --json                  print the report as JSON on stdout (logs go to stderr); errors too, as {"outcome":"error","reason":...}
  --report FILE           also write the JSON report to FILE
  --summary FILE          also write the markdown summary (as on GitHub's run page) to FILE
  -v, --verbose           more log lines
  -h, --help              this help, or one command's help (rollwatch deploy --help)`;

const EXIT_HELP = 'exit codes: 0 success (promoted, deployed, inconclusive-kept, ok), 1 failed, 2 bad input, 3 rolled back';

const COMMANDS: Record<string, { args: string; about: string }> = {
  deploy: { args: '[--version V] [--force-build]', about: 'build, push, roll out, verify, roll back on regression' },
  rollback: { args: '[--version V]', about: 'return every host to the previous (or named) release' },
  plan: { args: '[--version V]', about: 'what a deploy would do (batches, hosts, lock); changes nothing' },
  status: { args: '', about: 'per host: running version, health, retained releases, lock' },
  verify: { args: '', about: 'run the verification window against what is deployed' },
  lock: { args: 'status | lock release', about: 'show or remove the deploy lock' },
  analyze: { args: '', about: 'offline analysis: JSON Lines on stdin, results on stdout' },
  schema: { args: '', about: 'print the JSON Schema of the config file' },
  check: { args: '', about: 'every problem of the config file with its line (offline); exit 2 if any' },
  history: { args: '[--limit N]', about: 'the deploys and rollbacks recorded on the hosts, newest first' },
  logs: { args: '[--host H] [--since 10m] [--tail N] [-f]', about: "the running release's log on every host (or one)" },
  exec: { args: '[--host H] -- CMD [ARG...]', about: "run a command in the running release's container on every host (or one)" },
  init: { args: '--app A --image R --host H', about: 'write a starter rollwatch.yml and a GitHub workflow' },
  version: { args: '', about: "print rollwatch's version (also --version or -V alone)" },
};

export const USAGE = `usage: rollwatch <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.args.padEnd(31)} ${c.about}`.trimEnd())
  .join('\n')}

${OPTIONS_HELP}

${EXIT_HELP}`;

export function commandUsage(name: string): string {
  const c = COMMANDS[name];
  if (!c) return USAGE;
  const own = name === 'init' ? `\n\n${INIT_HELP}` : '';
  return `usage: rollwatch ${name}${c.args ? ` ${c.args}` : ''} [options]\n\n${c.about}${own}\n\n${OPTIONS_HELP}\n\n${EXIT_HELP}`;
}

const FLAGS = {
  config: { type: 'string', short: 'c' },
  destination: { type: 'string', short: 'd' },
  json: { type: 'boolean' },
  report: { type: 'string' },
  summary: { type: 'string' },
  version: { type: 'string' },
  'force-build': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  app: { type: 'string' },
  image: { type: 'string' },
  host: { type: 'string', multiple: true },
  registry: { type: 'string' },
  user: { type: 'string' },
  port: { type: 'string' },
  'health-path': { type: 'string' },
  'non-interactive': { type: 'boolean' },
  force: { type: 'boolean' },
  'no-workflow': { type: 'boolean' },
  since: { type: 'string' },
  tail: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  limit: { type: 'string' },
} as const;

const INIT_FLAGS = ['app', 'image', 'host', 'registry', 'user', 'port', 'health-path', 'non-interactive', 'force', 'no-workflow'] as const;

const INIT_HELP = `init options (questions on a terminal for what is not given):
  --app NAME              the app's name (default on a terminal: the directory's name)
  --image REPOSITORY      the image repository, e.g. ghcr.io/acme/web
  --host [NAME=]ADDRESS   a host; repeat for each (e.g. --host web-1=10.0.0.11)
  --registry HOST         the registry (default: the image's host, else docker.io)
  --user USER             SSH user on the hosts (default deploy)
  --port PORT             the app's port (default 8080)
  --health-path PATH      the HTTP health check (default /health)
  --non-interactive       ask nothing: a missing --app, --image or --host is an error
  --force                 overwrite rollwatch.yml and .github/workflows/deploy.yml if they exist
  --no-workflow           write the config only`;

/** Flags that only some commands take; every other flag goes with any command. */
const COMMAND_FLAGS: Record<string, string[]> = {
  version: ['deploy', 'rollback', 'plan'],
  'force-build': ['deploy'],
  ...Object.fromEntries(INIT_FLAGS.map((f) => [f, ['init']])),
  destination: ['deploy', 'rollback', 'plan', 'status', 'verify', 'lock', 'check', 'history', 'logs', 'exec'],
  host: ['init', 'logs', 'exec'],
  since: ['logs'],
  tail: ['logs'],
  follow: ['logs'],
  limit: ['history'],
};

export interface OutputOptions {
  config: string | undefined;
  /** `--destination NAME`: rollwatch.NAME.yml merged over the config file. */
  destination: string | undefined;
  json: boolean;
  report: string | undefined;
  summary: string | undefined;
  verbose: boolean;
}

export type Invocation =
  | { kind: 'print'; text: string; to: 'stdout' | 'stderr'; exitCode: number }
  | { kind: 'analyze' }
  | { kind: 'schema' }
  | { kind: 'check'; options: OutputOptions }
  | { kind: 'init'; flags: InitFlags }
  | { kind: 'history'; limit: number; options: OutputOptions }
  | { kind: 'logs'; host: string | undefined; since: string | undefined; tail: number | undefined; follow: boolean; options: OutputOptions }
  | { kind: 'exec'; host: string | undefined; argv: string[]; options: OutputOptions }
  | { kind: 'run'; command: Command; options: OutputOptions };

export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function unknownOption(raw: string): RollwatchError {
  const name = raw.replace(/^-+/, '').split('=')[0];
  const guess = raw.startsWith('--') ? closest(name, Object.keys(FLAGS)) : null;
  return new RollwatchError('input', `unknown option ${raw.split('=')[0]}${guess ? `; did you mean --${guess}?` : ''} (rollwatch --help lists the options)`);
}

/** True when the arguments ask for JSON output, even if they fail to parse. */
export const wantsJson = (argv: readonly string[]): boolean => {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
};

/** Turns the command line into what to do; bad input throws an `input` error (exit 2) before anything runs. */
export function parseInvocation(argv: readonly string[]): Invocation {
  const all = argv;
  if (all.length === 1 && ['--version', '-V', 'version'].includes(all[0])) return { kind: 'print', text: `rollwatch ${TOOL_VERSION}`, to: 'stdout', exitCode: 0 };

  // Everything after "--" is exec's command, never rollwatch's options.
  const dashes = argv.indexOf('--');
  const commandArgv = dashes === -1 ? [] : argv.slice(dashes + 1);
  argv = dashes === -1 ? argv : argv.slice(0, dashes);
  const { tokens } = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) if (t.kind === 'option' && !(t.name in FLAGS)) throw unknownOption(t.rawName);

  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true });
  } catch (err) {
    throw new RollwatchError('input', (err as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  const [name] = positionals;
  if (values.help) return { kind: 'print', text: name ? commandUsage(name) : USAGE, to: 'stdout', exitCode: 0 };
  if (!name) return { kind: 'print', text: USAGE, to: 'stderr', exitCode: 2 };
  if (!(name in COMMANDS)) throw unknownCommand(name);

  for (const [flag, commands] of Object.entries(COMMAND_FLAGS)) {
    if (values[flag as keyof typeof values] !== undefined && !commands.includes(name)) {
      throw inputError(`--${flag}`, `${name} does not take --${flag}${flag === 'version' ? ` (rollwatch --version alone prints rollwatch's version)` : ''}`);
    }
  }

  const expected = name === 'lock' ? 2 : 1;
  if (positionals.length > expected) {
    throw new RollwatchError('input', `unexpected argument ${JSON.stringify(positionals[expected])} after "${positionals.slice(0, expected).join(' ')}"`, 'command');
  }
  if (name === 'version') return { kind: 'print', text: `rollwatch ${TOOL_VERSION}`, to: 'stdout', exitCode: 0 };
  if (name === 'analyze') return { kind: 'analyze' };
  if (name === 'schema') return { kind: 'schema' };

  const options = { config: values.config, destination: values.destination, json: values.json === true, report: values.report, summary: values.summary, verbose: values.verbose === true };
  if (name === 'check') return { kind: 'check', options };
  if (name === 'init') return { kind: 'init', flags: { config: values.config, ...Object.fromEntries(INIT_FLAGS.map((f) => [f, values[f]])) } };
  if (dashes !== -1 && name !== 'exec') throw new RollwatchError('input', `${name} takes no command after "--" (only exec does)`, 'command');
  const oneHost = (): string | undefined => {
    if ((values.host?.length ?? 0) > 1) throw inputError('--host', `${name} takes one --host (or none: every host)`);
    return values.host?.[0];
  };
  if (name === 'history') return { kind: 'history', limit: countFlag('--limit', values.limit) ?? 20, options };
  const sinceProblem = values.since === undefined ? null : checkValue('logSince', values.since);
  if (sinceProblem) throw inputError('--since', sinceProblem);
  if (name === 'logs') return { kind: 'logs', host: oneHost(), since: values.since, tail: countFlag('--tail', values.tail), follow: values.follow === true, options };
  if (name === 'exec') {
    if (commandArgv.length === 0) throw inputError('command', 'exec needs the command to run after "--"', 'e.g. rollwatch exec --host web-1 -- cat /etc/os-release');
    return { kind: 'exec', host: oneHost(), argv: commandArgv, options };
  }
  return { kind: 'run', command: parseCommand(positionals, values), options };
}

/** A whole number flag (--tail, --limit): 0 to 100000. */
function countFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,6}$/.test(value) || Number(value) > 100_000) throw inputError(flag, `expected a whole number from 0 to 100000, got ${JSON.stringify(value.slice(0, 20))}`);
  return Number(value);
}

function parseCommand(positionals: string[], values: { version?: string; 'force-build'?: boolean }): Command {
  const [name, sub] = positionals;
  const version = values.version;
  switch (name) {
    case 'deploy':
      return { name, version, forceBuild: values['force-build'] === true };
    case 'rollback':
    case 'plan':
      return { name, version };
    case 'status':
    case 'verify':
      return { name };
    case 'lock':
      if (sub !== 'status' && sub !== 'release') throw new RollwatchError('input', 'expected "lock status" or "lock release"', 'command');
      return { name, action: sub };
    default:
      throw unknownCommand(name);
  }
}

function unknownCommand(name: string): RollwatchError {
  const guess = closest(name, Object.keys(COMMANDS));
  return new RollwatchError('input', `unknown command ${JSON.stringify(name)}${guess ? `; did you mean ${guess}?` : ''} (expected ${Object.keys(COMMANDS).join(', ')})`, 'command');
}
