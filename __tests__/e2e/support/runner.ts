/**
 * Runs the bundled action the way a GitHub runner does: `node dist/index.js` under the Node
 * version action.yml names, inputs as INPUT_* variables, and the GITHUB_OUTPUT / GITHUB_STATE /
 * GITHUB_STEP_SUMMARY / GITHUB_ENV files; then the post entry with STATE_* from the state file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { actionErrors } from '../../fixtures/github/workflow-parser';
import { ROOT, labEnv } from './lab';

export interface StepResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
}

/** Parses the runner's file commands: `name=value` lines and `name<<DELIM` blocks. */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) body.push(lines[i]);
      out[name] = body.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export const node24 = () => process.env.ROLLWATCH_NODE24 || process.execPath;

/**
 * action.yml as the runner loads it: refused when GitHub's parser reports an error, then the
 * node entry points and every declared input with its default.
 */
export function loadActionMetadata() {
  const path = join(ROOT, 'action.yml');
  const errors = actionErrors(path);
  if (errors.length) throw new Error(`the runner would refuse action.yml:\n${errors.join('\n')}`);
  const meta = YAML.parse(readFileSync(path, 'utf8')) as {
    inputs?: Record<string, { default?: string }>;
    runs: { using: string; main: string; post?: string };
  };
  if (meta.runs.using !== 'node24') throw new Error(`action.yml runs.using is ${meta.runs.using}; the harness runs node24`);
  return { inputs: meta.inputs ?? {}, main: meta.runs.main, post: meta.runs.post };
}

export interface Step {
  phase: 'main' | 'post';
  inputs: Record<string, string>;
  state?: Record<string, string>;
  env?: Record<string, string>;
  /** Called with the child once it runs (to send it signals). */
  onStart?: (child: ReturnType<typeof spawn>, output: () => string) => void;
  timeoutMs?: number;
}

const inputVariable = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

export function runStep(step: Step): Promise<StepResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rollwatch-runner-'));
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STATE: join(dir, 'state'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), GITHUB_ENV: join(dir, 'env'), GITHUB_PATH: join(dir, 'path') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: ROOT,
    GITHUB_SHA: 'e2e0000000000000000000000000000000000000',
    GITHUB_RUN_ID: String(Date.now()),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'e2e-bot',
    GITHUB_REPOSITORY: 'acme/web',
    RUNNER_TEMP: dir,
    ...files,
    ...step.env,
  };
  const action = loadActionMetadata();
  const unexpected = Object.keys(step.inputs).filter((k) => !(k in action.inputs));
  if (unexpected.length) throw new Error(`inputs not declared in action.yml: ${unexpected.join(', ')}`);
  const entry = step.phase === 'main' ? action.main : action.post;
  if (!entry) throw new Error('action.yml declares no post entry');
  for (const [k, def] of Object.entries(action.inputs)) env[inputVariable(k)] = String(def?.default ?? '');
  for (const [k, v] of Object.entries(step.inputs)) env[inputVariable(k)] = v;
  for (const [k, v] of Object.entries(step.state ?? {})) env[`STATE_${k}`] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(node24(), [join(ROOT, entry)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    step.onStart?.(child, () => stdout);
    const timer = setTimeout(() => child.kill('SIGKILL'), step.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout,
        stderr,
        outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
        state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
        summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
      });
    });
  });
}

/** Action inputs that deploy the demo app of the lab as `app` on `port` (the simple case). */
export function labActionInputs(app: string, port: number): Record<string, string> {
  const env = labEnv();
  return {
    mode: 'deploy',
    app,
    image: `${env.LAB_REGISTRY}/demo`,
    context: env.LAB_DEMO_CONTEXT,
    hosts: env.LAB_HOSTS.split(/\s+/).filter(Boolean).map((h) => env[`LAB_ADDR_${h}`]).join('\n'),
    'ssh-user': 'root',
    'ssh-key': readFileSync(env.LAB_SSH_KEY, 'utf8'),
    'known-hosts': readFileSync(env.LAB_KNOWN_HOSTS, 'utf8'),
    registry: env.LAB_REGISTRY,
    'registry-username': env.LAB_REGISTRY_USER,
    'registry-password': readFileSync(env.LAB_REGISTRY_PASSWORD_FILE, 'utf8').trim(),
    'docker-host': env.LAB_BUILDER_DOCKER_HOST,
    port: String(port),
    network: 'host',
    env: `PORT=${port}`,
  };
}

/** An `onStart` that SIGKILLs the step `afterMs` after its output first matches `pattern` (a runner cancelled mid-step, or a lost machine). */
export function killWhen(pattern: RegExp, afterMs: number): NonNullable<Step['onStart']> {
  return (child, output) => {
    const poll = setInterval(() => {
      if (pattern.test(output())) {
        clearInterval(poll);
        setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    }, 50);
    child.once('exit', () => clearInterval(poll));
  };
}

/** One action step as the runner runs it: main, then post (`post-if: always()`) with main's saved state. */
export async function runMainThenPost(step: Omit<Step, 'phase' | 'state'>): Promise<{ main: StepResult; post: StepResult }> {
  const main = await runStep({ ...step, phase: 'main' });
  const post = await runStep({ ...step, phase: 'post', onStart: undefined, state: main.state });
  return { main, post };
}
