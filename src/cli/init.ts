/**
 * `rollwatch init`: writes a starter rollwatch.yml and .github/workflows/deploy.yml from flags,
 * or from a few questions on a terminal. Refuses to overwrite a file unless --force.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EXIT, inputError } from '../errors';
import { STARTER_DEFAULTS, starterConfig, starterWorkflow, type StarterAnswers } from '../config/starter';

export const WORKFLOW_PATH = '.github/workflows/deploy.yml';

export interface InitFlags {
  config?: string;
  app?: string;
  image?: string;
  host?: string[];
  registry?: string;
  user?: string;
  port?: string;
  'health-path'?: string;
  'non-interactive'?: boolean;
  force?: boolean;
  'no-workflow'?: boolean;
}

export interface InitIo {
  /** Where the files go (the repository root); default the current directory. */
  cwd?: string;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Whether questions may be asked (stdin and stdout are a terminal). */
  interactive?: boolean;
  write?: (text: string) => void;
}

/** A default app name from the directory: lower-case, only the characters an app name takes. */
export function appNameFrom(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 63);
  return name || 'app';
}

function portOf(text: string | undefined): number {
  if (text === undefined || text === '') return STARTER_DEFAULTS.port;
  if (!/^[0-9]{1,5}$/.test(text)) throw inputError('--port', `expected a port number from 1 to 65535, got ${JSON.stringify(text.slice(0, 20))}`);
  return Number(text);
}

/** Asks for what the flags left out; a blank answer takes the default shown in brackets. */
async function askMissing(flags: InitFlags, io: Required<Pick<InitIo, 'input' | 'output'>>, cwd: string): Promise<InitFlags> {
  const rl = createInterface({ input: io.input, terminal: false });
  // lines are read through the iterator, which buffers them: typed-ahead (or piped) answers count
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (question: string, fallback?: string): Promise<string> => {
    io.output.write(`${question}${fallback ? ` [${fallback}]` : ''}: `);
    const next = await lines.next();
    const answer = next.done ? '' : String(next.value).trim();
    return answer || fallback || '';
  };
  try {
    const out = { ...flags };
    out.app ??= await ask('App name', appNameFrom(cwd));
    out.image ??= await ask('Image repository (e.g. ghcr.io/acme/web)');
    if (!out.host || out.host.length === 0) out.host = (await ask('Hosts, comma-separated (NAME=ADDRESS or ADDRESS)')).split(',').map((h) => h.trim()).filter(Boolean);
    out.user ??= await ask('SSH user on the hosts', STARTER_DEFAULTS.user);
    out.port ??= await ask("The app's port", String(STARTER_DEFAULTS.port));
    out['health-path'] ??= await ask('Health check path', STARTER_DEFAULTS.healthPath);
    return out;
  } finally {
    rl.close();
  }
}

/** Runs init; returns the exit code. Bad or missing answers throw an input error (exit 2). */
export async function runInit(flags: InitFlags, io: InitIo = {}): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const write = io.write ?? ((t: string) => process.stdout.write(t));
  const interactive = !flags['non-interactive'] && (io.interactive ?? (process.stdin.isTTY === true && process.stdout.isTTY === true));
  const given = interactive ? await askMissing(flags, { input: io.input ?? process.stdin, output: io.output ?? process.stdout }, cwd) : flags;

  const missing = [
    ['--app', given.app],
    ['--image', given.image],
    ['--host', given.host?.length ? 'x' : undefined],
  ].filter(([, v]) => !v).map(([flag]) => flag as string);
  if (missing.length > 0) {
    throw inputError(missing[0], `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} needed${interactive ? '' : ' with --non-interactive (or without a terminal)'}`, 'e.g. rollwatch init --app web --image ghcr.io/acme/web --host web-1=10.0.0.11');
  }

  const configFile = resolve(cwd, given.config ?? 'rollwatch.yml');
  const workflowFile = join(cwd, WORKFLOW_PATH);
  const answers: StarterAnswers = {
    app: given.app!,
    image: given.image!,
    hosts: given.host!,
    registry: given.registry || undefined,
    user: given.user || STARTER_DEFAULTS.user,
    port: portOf(given.port),
    healthPath: given['health-path'] || STARTER_DEFAULTS.healthPath,
    configPath: relative(cwd, configFile).split('\\').join('/'),
  };
  const files: [path: string, text: string][] = [[configFile, starterConfig(answers)]];
  if (!flags['no-workflow']) files.push([workflowFile, starterWorkflow(answers)]);

  const existing = files.map(([p]) => p).filter((p) => existsSync(p));
  if (existing.length > 0 && !flags.force) {
    throw inputError(existing.map((p) => relative(cwd, p)).join(', '), `already exist${existing.length === 1 ? 's' : ''}; nothing was written`, 'pass --force to overwrite, or --config PATH to write the config elsewhere');
  }
  for (const [path, text] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    write(`wrote ${relative(cwd, path)}\n`);
  }
  write(
    [
      '',
      'next:',
      `  1. pin the hosts' keys: ssh-keyscan ${answers.hosts.map((h) => h.split('=').pop()).join(' ')} > ${join(dirname(answers.configPath), 'known_hosts')} (and compare the fingerprints)`,
      `  2. rollwatch check --config ${answers.configPath}`,
      flags['no-workflow'] ? '' : '  3. add the repository secret DEPLOY_SSH_KEY (and REGISTRY_PASSWORD unless the registry is ghcr.io), then push to main',
    ]
      .filter(Boolean)
      .join('\n') + '\n',
  );
  return EXIT.ok;
}
