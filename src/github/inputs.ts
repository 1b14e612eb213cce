import * as core from '@actions/core';
import { DESTINATION } from '../config/layers';
import { inputError } from '../errors';

/** The action's modes (the `mode` input). */
export const MODES = ['deploy', 'rollback', 'verify', 'status', 'plan', 'check'] as const;
export type Mode = (typeof MODES)[number];

export interface ActionInputs {
  mode: Mode;
  configFile: string | null;
  /** `rollwatch.NAME.yml` next to the config file, merged over it (the CLI's --destination). */
  destination: string | undefined;
  version: string | undefined;
  /** Config values given as inputs; they override the file. */
  overrides: Record<string, unknown>;
  /** The input each override came from, by config field ("container.port" → "port"), so errors name the input. */
  inputFields: Record<string, string>;
  githubToken: string | null;
  /** `off`: leave GitHub Deployments to the job's `environment:` (protection rules, environment secrets). */
  deployments: 'auto' | 'off';
  environment: string | null;
  environmentUrl: string | null;
}

type Get = (name: string) => string;

function lines(v: string): string[] {
  return v
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses KEY=VALUE lines (env inputs). Values may contain "=". */
export function parseEnvLines(field: string, text: string, secret: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) throw inputError(`${field} (line ${i + 1})`, 'expected KEY=VALUE');
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1);
    out[key] = secret ? { value, secret: true } : value;
  });
  return out;
}

function intInput(get: Get, name: string): number | undefined {
  const v = get(name);
  if (!v) return undefined;
  if (!/^[0-9]+$/.test(v)) throw inputError(name, `expected a whole number, got ${JSON.stringify(v.slice(0, 40))}`);
  return Number(v);
}

/**
 * Reads the action's inputs into a typed value. Only keys that were given end up in
 * `overrides`, so the YAML file keeps everything else.
 */
export function readInputs(get: Get = (n) => core.getInput(n)): ActionInputs {
  const mode = (get('mode') || 'deploy') as Mode;
  if (!MODES.includes(mode)) throw inputError('mode', `expected one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}`);

  const o: Record<string, unknown> = {};
  const inputFields: Record<string, string> = {};
  const place = (path: string[], value: unknown, input: string) => {
    inputFields[path.join('.')] = input;
    let at = o;
    for (const p of path.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[path[path.length - 1]] = value;
  };
  const set = (path: string[], value: unknown, input: string) => {
    if (value !== undefined && value !== '') place(path, value, input);
  };
  set(['app'], get('app'), 'app');
  set(['image', 'repository'], get('image'), 'image');
  set(['image', 'digest'], get('image-digest'), 'image-digest');
  set(['image', 'build', 'context'], get('context'), 'context');
  set(['image', 'build', 'dockerfile'], get('dockerfile'), 'dockerfile');
  const hosts = get('hosts');
  if (hosts) set(['hosts'], lines(hosts), 'hosts');
  set(['ssh', 'user'], get('ssh-user'), 'ssh-user');
  set(['ssh', 'privateKey'], get('ssh-key'), 'ssh-key');
  if (get('ssh-passphrase')) set(['ssh', 'passphrase'], { value: get('ssh-passphrase') }, 'ssh-passphrase');
  set(['ssh', 'port'], intInput(get, 'ssh-port'), 'ssh-port');
  set(['ssh', 'knownHosts'], get('known-hosts'), 'known-hosts');
  if (get('registry') || get('registry-username') || get('registry-password')) {
    set(['registry', 'server'], get('registry'), 'registry');
    set(['registry', 'username'], get('registry-username'), 'registry-username');
    set(['registry', 'password'], get('registry-password'), 'registry-password');
  }
  set(['docker', 'host'], get('docker-host'), 'docker-host');
  set(['health', 'path'], get('health-path'), 'health-path');
  set(['container', 'port'], intInput(get, 'port'), 'port');
  set(['container', 'network'], get('network'), 'network');
  const plainEnv = parseEnvLines('env', get('env'), false);
  const secretEnv = parseEnvLines('secret-env', get('secret-env'), true);
  for (const [input, vars] of [['env', plainEnv], ['secret-env', secretEnv]] as const) for (const key of Object.keys(vars)) place(['container', 'env', key], vars[key], input);
  set(['grafana', 'url'], get('grafana-url'), 'grafana-url');
  if (get('grafana-token')) set(['grafana', 'token'], { value: get('grafana-token') }, 'grafana-token');
  set(['grafana', 'dashboardUid'], get('grafana-dashboard-uid'), 'grafana-dashboard-uid');
  const batch = get('batch-size');
  if (batch) set(['rollout', 'batchSize'], /^[0-9]+$/.test(batch) ? Number(batch) : batch, 'batch-size');

  return {
    mode,
    configFile: get('config') || null,
    destination: destinationInput(get('destination'), get('config')),
    version: get('version') || undefined,
    overrides: o,
    inputFields,
    githubToken: get('github-token') || null,
    deployments: deploymentsInput(get('deployments')),
    environment: get('environment') || null,
    environmentUrl: get('environment-url') || null,
  };
}

function destinationInput(value: string, configFile: string): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (!DESTINATION.test(v)) throw inputError('destination', `${JSON.stringify(value.slice(0, 40))} is not a destination name`, 'letters, digits, "_" or "-" (at most 63), e.g. "staging": rollwatch.staging.yml next to the config file');
  if (!configFile) throw inputError('destination', 'needs the config input: the destination file is merged over that file', 'set config: to the base rollwatch YAML file');
  return v;
}

function deploymentsInput(value: string): 'auto' | 'off' {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'auto') return 'auto';
  if (v === 'off') return 'off';
  throw inputError('deployments', `${JSON.stringify(value.slice(0, 40))} is not accepted`, 'expected "auto" (a GitHub deployment when github-token is given) or "off" (the job\'s `environment:` records it)');
}

/** Every input value that must never be printed. */
export function secretInputs(get: Get = (n) => core.getInput(n)): string[] {
  const env = parseEnvLines('secret-env', get('secret-env'), true);
  return [get('ssh-key'), get('ssh-passphrase'), get('registry-password'), get('github-token'), get('grafana-token'), ...Object.values(env).map((v) => (v as { value: string }).value)].filter((v) => v && v.length > 0);
}
