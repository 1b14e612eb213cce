import { dirname, resolve } from 'node:path';
import { inputError } from '../errors';
import { readBounded, FILE_LIMIT_BYTES } from '../util/files';
import { buildConfig, parseYaml, type ConfigSources } from './load';
import type { Config } from './types';

export function fileSources(baseDir: string, env: NodeJS.ProcessEnv = process.env): ConfigSources {
  return { env, baseDir, readFile: (p) => readBounded(p, FILE_LIMIT_BYTES) };
}

/** The text of a config file, bounded; an input error naming `--config` when it cannot be read. */
export function readConfigText(path: string): string {
  try {
    return readBounded(path, FILE_LIMIT_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EFBIG') throw inputError(path, 'is larger than 1 MB; a rollwatch config is a few hundred lines at most');
    throw inputError('--config', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, 'give the path of a rollwatch YAML file');
  }
}

/** Reads and validates a YAML config file; `overrides` (e.g. action inputs) win over the file. */
export function loadConfigFile(path: string, overrides: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const text = readConfigText(path);
  const raw = parseYaml(text, path);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw inputError(path, 'must be a YAML mapping (key: value) at the top level');
  return buildConfig(mergeDeep(withoutReplacedSources(raw as Record<string, unknown>, overrides), overrides), fileSources(dirname(resolve(path)), env));
}

/** Keys that name the same secret in different ways: one given as an override replaces the others. */
const SAME_SECRET: [section: string, keys: string[]][] = [
  ['ssh', ['privateKey', 'privateKeyFile']],
  ['registry', ['password', 'passwordEnv', 'passwordFile']],
  ['ssh', ['passphrase']],
  ['prometheus', ['bearerToken']],
  ['grafana', ['token']],
];

export function withoutReplacedSources(raw: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const [section, keys] of SAME_SECRET) {
    const o = overrides[section];
    const r = out[section];
    if (!isPlain(o) || !isPlain(r) || !keys.some((k) => o[k] !== undefined)) continue;
    out[section] = Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k)));
  }
  return out;
}

/** Objects merge key by key; anything else in `over` replaces what `base` has. */
export function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = out[k];
    out[k] = isPlain(b) && isPlain(v) ? mergeDeep(b, v) : v;
  }
  return out;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
