/**
 * The layers of a config before it is validated: `${VAR}` interpolation in string values, and a
 * destination file (`rollwatch.staging.yml`) merged over the base file. Pure: no I/O; the
 * environment is passed in.
 */
import { basename, dirname, extname, join } from 'node:path';
import { inputError } from '../errors';

export type Path = (string | number)[];

export interface InterpolationProblem {
  path: Path;
  message: string;
}

export const INTERPOLATION_FORM = '${NAME} with NAME an environment variable name (letters, digits and "_", not starting with a digit), or $${ for a literal ${';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${NAME}` in one string by the variable's value; `$${` stays as a literal `${`. A `$`
 * not followed by `{` is left alone. Returns the problems (unset variable, bad reference) instead
 * of throwing, so every one of a file is reported at once.
 */
export function interpolateString(text: string, env: Record<string, string | undefined>): { value: string; problems: string[] } {
  if (!text.includes('${')) return { value: text, problems: [] };
  const problems: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      out += '${';
      i += 3;
    } else if (text.startsWith('${', i)) {
      const end = text.indexOf('}', i + 2);
      const name = end === -1 ? null : text.slice(i + 2, end);
      if (name === null || !NAME.test(name)) {
        const shown = end === -1 ? text.slice(i, i + 40) : text.slice(i, end + 1).slice(0, 60);
        problems.push(`${JSON.stringify(shown)} is not a variable reference: expected ${INTERPOLATION_FORM}`);
        out += end === -1 ? text.slice(i) : text.slice(i, end + 1);
        i = end === -1 ? text.length : end + 1;
        continue;
      }
      const value = env[name];
      if (value === undefined) problems.push(`environment variable ${name} is not set (the value interpolates \${${name}}): export ${name}, or write $\${${name}} for a literal \${${name}}`);
      out += value ?? '';
      i = end + 1;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return { value: out, problems };
}

/** Interpolates every string value (never a key) of a parsed YAML document. */
export function interpolate(raw: unknown, env: Record<string, string | undefined>): { value: unknown; problems: InterpolationProblem[] } {
  const problems: InterpolationProblem[] = [];
  const walk = (v: unknown, path: Path, depth: number): unknown => {
    if (typeof v === 'string') {
      const r = interpolateString(v, env);
      for (const message of r.problems) problems.push({ path, message });
      return r.value;
    }
    if (depth > 64 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i], depth + 1));
    // fromEntries keeps a "__proto__" key as a key, for the loader to refuse (an assignment would drop it)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k], depth + 1)]));
  };
  return { value: walk(raw, [], 0), problems };
}

// ---- destinations ---------------------------------------------------------------------------------

export const DESTINATION = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** `rollwatch.yml` + `staging` → `rollwatch.staging.yml`, next to the base file. */
export function destinationPath(basePath: string, name: string): string {
  if (!DESTINATION.test(name)) {
    throw inputError('--destination', `expected a destination name: letters, digits, "_" or "-" (at most 63), e.g. "staging", got ${JSON.stringify(name.slice(0, 40))}`);
  }
  const ext = extname(basePath);
  const stem = basename(basePath, ext);
  return join(dirname(basePath), `${stem}.${name}${ext || '.yml'}`);
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A secret or env source ({ value | fromEnv | fromFile }): replaced as a whole, never merged key by key. */
const isSource = (v: unknown): boolean => isPlain(v) && ('value' in v || 'fromEnv' in v || 'fromFile' in v);

/**
 * A destination over the base: maps merge key by key, lists and scalars replace, `null` removes
 * the key, a secret source replaces the base's whole source. `hosts` is the destination's list,
 * each entry merged over the base entry of the same name (a plain address is its own name), so a
 * destination can reuse a host's pinned fingerprint without repeating it.
 */
export function mergeDestination(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged = mergeLayer(base, over, { nullRemoves: true });
  if (Array.isArray(over.hosts) && Array.isArray(base.hosts)) merged.hosts = mergeHosts(base.hosts, over.hosts);
  return merged;
}

/**
 * `over` merged into `base`: maps key by key, a secret source and anything else replaces;
 * `undefined` keeps the base value, `null` removes the key with `nullRemoves` (else replaces it).
 */
export function mergeLayer(base: Record<string, unknown>, over: Record<string, unknown>, options: { nullRemoves?: boolean } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    if (v === null && options.nullRemoves) {
      delete out[k];
      continue;
    }
    const b = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    const value = isPlain(b) && isPlain(v) && !isSource(v) ? mergeLayer(b, v, options) : v;
    // defined, not assigned: a "__proto__" key stays a key, for the loader to refuse
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const hostObject = (h: unknown): unknown => (typeof h === 'string' ? { address: h } : h);
const hostName = (h: unknown): unknown => (isPlain(h) ? (h.name ?? h.address) : undefined);

function mergeHosts(base: unknown[], over: unknown[]): unknown[] {
  const byName = new Map<unknown, Record<string, unknown>>();
  for (const h of base.map(hostObject)) if (isPlain(h) && typeof hostName(h) === 'string' && !byName.has(hostName(h))) byName.set(hostName(h), h);
  return over.map((entry) => {
    const h = hostObject(entry);
    const same = byName.get(hostName(h));
    return same && isPlain(h) ? mergeLayer(same, h, { nullRemoves: true }) : entry;
  });
}
