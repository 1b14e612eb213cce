import { dirname, resolve } from 'node:path';
import { inputError } from '../errors';
import { readBounded, FILE_LIMIT_BYTES } from '../util/files';
import { buildConfig, parseYaml, pathToField, type ConfigSources } from './load';
import { destinationPath, interpolate, mergeDestination, mergeLayer } from './layers';
import { RollwatchError } from '../errors';
import type { Config } from './types';

export function fileSources(baseDir: string, env: NodeJS.ProcessEnv = process.env): ConfigSources {
  return { env, baseDir, readFile: (p) => readBounded(p, FILE_LIMIT_BYTES) };
}

/**
 * The text of a config file, bounded; an input error naming `field` (the flag or input that gave
 * the file) when it cannot be read.
 */
export function readConfigText(path: string, field = '--config', hint = 'give the path of a rollwatch YAML file'): string {
  try {
    return readBounded(path, FILE_LIMIT_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EFBIG') throw inputError(path, 'is larger than 1 MB; a rollwatch config is a few hundred lines at most');
    throw inputError(field, `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, hint);
  }
}

export interface LoadOptions {
  /** A destination name: `rollwatch.NAME.yml` next to the file is merged over it (`--destination`). */
  destination?: string;
}

/** The file at `path` parsed as a mapping. */
function readMapping(path: string, field: string, hint?: string): Record<string, unknown> {
  const raw = parseYaml(readConfigText(path, field, hint), path);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw inputError(path, 'must be a YAML mapping (key: value) at the top level');
  return raw as Record<string, unknown>;
}

/**
 * The raw config of a file before validation: `${VAR}` interpolated from `env`, and with a
 * destination, `rollwatch.NAME.yml` merged over it. Every value that cannot be interpolated is
 * named in one error.
 */
export function readConfigLayers(path: string, env: Record<string, string | undefined>, options: LoadOptions = {}): Record<string, unknown> {
  const layers = [{ file: path, raw: readMapping(path, '--config') }];
  if (options.destination !== undefined) {
    const file = destinationPath(path, options.destination);
    layers.push({ file, raw: readMapping(file, '--destination', `create ${file} next to ${path}, with the values that differ for ${options.destination}`) });
  }
  const problems: string[] = [];
  const values = layers.map((layer, i) => {
    const r = interpolate(layer.raw, env);
    for (const p of r.problems) problems.push(`${pathToField(p.path) || 'config'}${i > 0 ? ` (in ${layer.file})` : ''}: ${p.message}`);
    return r.value as Record<string, unknown>;
  });
  if (problems.length === 1) throw new RollwatchError('input', problems[0]);
  if (problems.length > 1) throw new RollwatchError('input', `${problems.length} values cannot be interpolated:\n${problems.join('\n')}`, undefined, 'export the variables named, or write $${ for a literal ${');
  return values.reduce((base, over) => mergeDestination(withoutReplacedSources(base, over), over));
}

/**
 * Reads and validates a YAML config file (and its destination, when given); `overrides` (e.g.
 * action inputs) win over the files and are not interpolated.
 */
export function loadConfigFile(path: string, overrides: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  const raw = readConfigLayers(path, env, options);
  return buildConfig(mergeDeep(withoutReplacedSources(raw, overrides), overrides), fileSources(dirname(resolve(path)), env));
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

/**
 * Objects merge key by key (a secret source `{ value | fromEnv | fromFile }` replaces the whole
 * source); anything else in `over` replaces what `base` has.
 */
export function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  return mergeLayer(base, over);
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
