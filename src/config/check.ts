/**
 * `rollwatch check`: every problem of a config file at once, each with its line and column in
 * the YAML file. Offline and pure: it reads no file, opens no connection and needs no secret
 * value (an environment variable only has to be set; its value is never read into a message).
 */
import { editDistance } from '../util/suggest';
import { z } from 'zod';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { RollwatchError } from '../errors';
import { mergeDeep, withoutReplacedSources } from './file';
import { interpolate, mergeDestination } from './layers';
import { buildConfig, envReferences, missingEnv, pathToField } from './load';
import { configSchema } from './schema';
import { targetOptionErrors } from './swarm';

export interface Problem {
  file: string;
  /** 1-based line and column in the YAML file (1:1 when the problem has no place in it). */
  line: number;
  col: number;
  /** The field as the loader names it, e.g. `hosts[1].address`; empty for the whole file. */
  field: string;
  message: string;
}

export interface CheckResult {
  file: string;
  problems: Problem[];
  /** Deprecated forms the file still uses: accepted, and named with their replacement (no exit 2). */
  deprecated: Problem[];
  /** One line about a good file (app, target, hosts); null when there are problems. */
  summary: string | null;
}

export interface CheckOptions {
  /** The environment the deploy will run in: only whether a referenced name is set is looked at. */
  env?: Record<string, string | undefined>;
  /** Values given besides the file (the action's inputs); they win over the file as in a deploy. */
  overrides?: Record<string, unknown>;
  /** A destination file merged over this one (`--destination NAME`: rollwatch.NAME.yml), checked with it. */
  destination?: { text: string; file: string };
}

type Path = readonly PropertyKey[];

/** One parsed file: the base config or a destination over it. */
interface Layer {
  file: string;
  doc: Document;
  raw: Record<string, unknown>;
  locate: (path: Path, key?: string) => Pos;
  /** How much of `path` the file itself has (0: none of it, path.length: all of it). */
  depth: (path: Path) => number;
}

/**
 * Checks the text of a config file (and, with `options.destination`, the destination file merged
 * over it); `file` is only used to label the problems.
 */
export function checkConfigText(text: string, file: string, options: CheckOptions = {}): CheckResult {
  const env = options.env ?? {};
  const overrides = options.overrides ?? {};
  const problems: Problem[] = [];
  const deprecated: Problem[] = [];
  const files = [file, ...(options.destination ? [options.destination.file] : [])];
  const result = (): CheckResult => ({ file, problems: sortProblems(problems, files), deprecated: sortProblems(deprecated, files), summary: null });

  const layers: Layer[] = [];
  for (const source of [{ text, file }, ...(options.destination ? [options.destination] : [])]) {
    const layer = parseLayer(source.text, source.file, problems);
    if (layer) layers.push(layer);
  }
  if (layers.length < files.length) return result();

  // A problem is shown where its value comes from: the destination when it has the field, else
  // the file that has more of its path (the base file on a tie).
  const layerOf = (path: Path): Layer => layers.reduce((best, l) => (l.depth(path) === path.length || l.depth(path) > best.depth(path) ? l : best));
  const addIn = (layer: Layer, path: Path, message: string, key?: string) => {
    const pos = layer.locate(path, key);
    problems.push({ file: layer.file, line: pos.line, col: pos.col, field: pathToField(key === undefined ? path : [...path, key]), message });
  };
  const add = (path: Path, message: string, key?: string) => addIn(layerOf(key === undefined ? path : [...path, key]), path, message, key);

  const interpolated: Record<string, unknown>[] = [];
  const interpolationPaths = new Set<string>();
  for (const layer of layers) {
    for (const [path, instead] of DEPRECATED) {
      if (valueAt(layer.raw, path) === undefined) continue;
      const pos = layer.locate(path.slice(0, -1), String(path[path.length - 1]));
      deprecated.push({ file: layer.file, line: pos.line, col: pos.col, field: pathToField(path), message: `is deprecated (still accepted): write ${instead}` });
    }
    for (const path of protoKeys(layer.doc)) addIn(layer, path.slice(0, -1), 'a key named "__proto__" is reserved and would be dropped: rename it', '__proto__');
    const r = interpolate(layer.raw, env);
    for (const p of r.problems) {
      addIn(layer, p.path, p.message);
      interpolationPaths.add(pathToField(p.path));
    }
    interpolated.push(r.value as Record<string, unknown>);
  }
  const fromFiles = interpolated.reduce((base, over) => mergeDestination(withoutReplacedSources(base, over), over));
  const merged = mergeDeep(withoutReplacedSources(fromFiles, overrides), overrides);

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        const allowed = allowedKeys(issue.path);
        for (const key of issue.keys) add(issue.path, unknownKeyMessage(key, allowed), key);
      } else if (!interpolationPaths.has(pathToField(issue.path))) add(issue.path, issueMessage(issue, merged));
    }
  }
  for (const err of targetOptionErrors(merged)) add(fieldPath(err.field ?? ''), messageOf(err));
  const refs = envReferences(merged);
  for (const ref of missingEnv(refs, env)) add(ref.path, `environment variable ${ref.name} is not set or empty: export ${ref.name} before running rollwatch (only whether it is set is checked, never its value)`);
  if (problems.length > 0) return result();

  // The rules across fields (unique hosts, registry host, health check, swarm manager …): the
  // loader itself, with stand-ins for what the deploy provides (secret files, SSH key, env values).
  const standIns = { ...merged, ssh: { ...(merged.ssh as Record<string, unknown> | undefined) } } as Record<string, any>;
  // a key from the environment or a file is the deploy's business: only its own form is checked
  const key = standIns.ssh.privateKey;
  const keyFromSource = key !== null && typeof key === 'object' && key.value === undefined;
  if ((key === undefined && standIns.ssh.privateKeyFile === undefined) || keyFromSource) standIns.ssh.privateKey = STAND_IN_KEY;
  // a webhook URL given as a secret is not read: its value is the deploy's business
  if (Array.isArray(standIns.notify)) standIns.notify = standIns.notify.map((n: any) => (n && typeof n.url === 'object' && n.url !== null ? { ...n, url: STAND_IN_WEBHOOK } : n));
  try {
    const config = buildConfig(standIns, { env: Object.fromEntries(refs.map((r) => [r.name, 'set'])), baseDir: '/', readFile: () => STAND_IN_KEY });
    const hosts = `${config.hosts.length} host${config.hosts.length === 1 ? '' : 's'}`;
    const over = options.destination ? `, with ${options.destination.file} over it` : '';
    return { file, problems: [], deprecated: sortProblems(deprecated, files), summary: `app ${config.app}, target ${config.target}, ${hosts}, image ${config.image.repository}${over}` };
  } catch (err) {
    if (!(err instanceof RollwatchError)) throw err;
    add(fieldPath(err.field ?? ''), messageOf(err));
    return result();
  }
}

/** Keys of an older syntax, still read, with what to write instead. */
const DEPRECATED: [path: string[], instead: string][] = [
  [['registry', 'passwordEnv'], 'registry.password: { fromEnv: NAME }'],
  [['registry', 'passwordFile'], 'registry.password: { fromFile: PATH }'],
  [['ssh', 'privateKeyFile'], 'ssh.privateKey: { fromFile: PATH }'],
];

const STAND_IN_WEBHOOK = 'https://webhook.invalid/rollwatch-check';

/** A one-line, single-line PEM frame: passes the loader's checks for keys, certificates and tokens. */
const STAND_IN_KEY = '-----BEGIN OPENSSH PRIVATE KEY----- stand-in for rollwatch check -----END OPENSSH PRIVATE KEY-----';

/** `path:line:col: field: message`, as compilers write it (editors and CI logs link it). */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/** The text `rollwatch check` prints for a result. */
export function formatCheck(r: CheckResult): string {
  const notes = r.deprecated.map((p) => formatProblem(p));
  if (r.problems.length === 0) return [...notes, `${r.file}: ok (${r.summary})`].join('\n');
  const n = r.problems.length;
  return [...r.problems.map(formatProblem), ...notes, `${r.file}: ${n} problem${n === 1 ? '' : 's'}`].join('\n');
}

/** A GitHub Actions workflow command that puts the problem on the line of the file in the PR. */
export function formatAnnotation(p: Problem, level: 'error' | 'warning' = 'error'): string {
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return `::${level} file=${prop(p.file)},line=${p.line},col=${p.col},title=${prop('rollwatch check')}::${data(`${p.field ? `${p.field}: ` : ''}${p.message}`)}`;
}

/** The base file's problems first, then the destination's; each file's by line and column. */
function sortProblems(problems: Problem[], files: string[]): Problem[] {
  const rank = (p: Problem) => files.indexOf(p.file);
  return problems
    .map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => rank(a) - rank(b) || a.line - b.line || a.col - b.col || i - j)
    .map(([p]) => p);
}

/** Parses one file; its YAML problems go to `problems` (and no layer comes back). */
function parseLayer(text: string, file: string, problems: Problem[]): Layer | null {
  const at = (line: number, col: number, message: string) => problems.push({ file, line, col, field: '', message });
  if (text.length > 1_000_000) {
    at(1, 1, 'is larger than 1 MB; a rollwatch config is a few hundred lines at most');
    return null;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: true, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
      at(pos.line, pos.col, `is not valid YAML: ${e.message.split('\n')[0]}`);
    }
    return null;
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    at(1, 1, `cannot be expanded: ${(err as Error).message.split('\n')[0]}: remove the deeply nested YAML aliases`);
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    at(1, 1, 'must be a YAML mapping (key: value) at the top level');
    return null;
  }
  const depth = (path: Path) => {
    let n = 0;
    let v: unknown = raw;
    for (const part of path) {
      if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, part)) break;
      v = (v as Record<PropertyKey, unknown>)[part];
      n++;
    }
    return n;
  };
  return { file, doc, raw: raw as Record<string, unknown>, locate: locator(doc, lineCounter), depth };
}

function messageOf(err: RollwatchError): string {
  const prefix = err.field ? `${err.field}: ` : '';
  const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  return err.hint ? `${message} (${err.hint})` : message;
}

/** `hosts[1].name` → ['hosts', 1, 'name']. */
function fieldPath(field: string): (string | number)[] {
  if (!field) return [];
  return field.split('.').flatMap((p) => p.split(/(?=\[)/)).map((p) => (/^\[[0-9]+\]$/.test(p) ? Number(p.slice(1, -1)) : p));
}

function issueMessage(issue: z.core.$ZodIssue, raw: unknown): string {
  let message = issue.message;
  if (issue.code === 'invalid_key' && issue.issues.length > 0) message = `bad key: ${issue.issues[0].message}`;
  if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) message = `is required: ${message}`;
  return message;
}

function valueAt(raw: unknown, path: Path): unknown {
  let at = raw;
  for (const p of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[p];
  }
  return at;
}

function unknownKeyMessage(key: string, allowed: string[]): string {
  const near = didYouMean(key, allowed);
  const accepted = allowed.length > 0 ? `; accepted here: ${allowed.join(', ')}` : '';
  return `unknown key ${JSON.stringify(key)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}${accepted}`;
}

/** The closest allowed key when it is a plausible typo (a few edits away, case ignored). */
export function didYouMean(key: string, allowed: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  if (best === null) return null;
  const limit = Math.max(1, Math.floor(Math.max(key.length, best.length) / 3));
  return bestDistance <= limit ? best : null;
}

// ---- the keys the schema allows at a path -------------------------------------------------------

type AnySchema = z.core.$ZodType;

/** The schemas a value at this place can be checked by, with wrappers (optional, default, pipe …) and unions opened. */
function concrete(schema: AnySchema, out: AnySchema[] = [], depth = 0): AnySchema[] {
  if (depth > 20) return out;
  const def = schema._zod.def as any;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return concrete(def.innerType, out, depth + 1);
    case 'pipe':
      concrete(def.in, out, depth + 1);
      return concrete(def.out, out, depth + 1);
    case 'union':
      for (const o of def.options) concrete(o, out, depth + 1);
      return out;
    case 'lazy':
      return concrete(def.getter(), out, depth + 1);
    default:
      out.push(schema);
      return out;
  }
}

/** The keys an object at `path` may have, as the schema says. */
export function allowedKeys(path: Path): string[] {
  let schemas: AnySchema[] = [configSchema];
  for (const part of path) {
    const next: AnySchema[] = [];
    for (const s of schemas.flatMap((x) => concrete(x))) {
      const def = s._zod.def as any;
      if (def.type === 'object' && typeof part === 'string' && def.shape[part]) next.push(def.shape[part]);
      else if (def.type === 'array' && typeof part === 'number') next.push(def.element);
      else if (def.type === 'record' && typeof part === 'string') next.push(def.valueType);
    }
    schemas = next;
  }
  const keys = new Set<string>();
  for (const s of schemas.flatMap((x) => concrete(x))) {
    const def = s._zod.def as any;
    if (def.type === 'object') for (const k of Object.keys(def.shape)) keys.add(k);
  }
  return [...keys];
}

// ---- places in the YAML file ----------------------------------------------------------------------

interface Pos {
  line: number;
  col: number;
}

/**
 * Finds the line and column of a path: its value (or, with `key`, that key of the map at the path).
 * A path that is not in the file (a missing field, or a value given as an action input) points at
 * the key of the nearest enclosing entry that is.
 */
function locator(doc: Document, lines: LineCounter): (path: Path, key?: string) => Pos {
  const posOf = (offset: number | undefined): Pos => (offset === undefined ? { line: 1, col: 1 } : lines.linePos(offset));
  return (path, key) => {
    let node: Node | null = doc.contents as Node | null;
    let keyNode: Node | null = null;
    const full = key === undefined ? [...path] : [...path, key];
    for (let i = 0; i < full.length; i++) {
      const part = full[i];
      if (node && isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
      let child: Node | null = null;
      let childKey: Node | null = null;
      if (node && isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(part));
        if (pair) {
          childKey = (pair.key as Node) ?? null;
          child = (pair.value as Node | null) ?? null;
          // The key itself is the place when asked for, or when the value is empty (`health:`).
          if ((key !== undefined && i === full.length - 1) || child === null) return posOf(childKey?.range?.[0]);
        }
      } else if (node && isSeq(node) && typeof part === 'number') {
        child = (node.items[part] as Node | undefined) ?? null;
      }
      if (child === null) return posOf((keyNode ?? (i === 0 ? null : node))?.range?.[0]);
      node = child;
      keyNode = childKey;
    }
    return posOf(node?.range?.[0]);
  };
}

/** Paths of every `__proto__` key in the document. */
function protoKeys(doc: Document): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[], depth: number) => {
    if (depth > 64) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (k === '__proto__') out.push([...path, k]);
        walk(pair.value, [...path, k], depth + 1);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i], depth + 1));
  };
  walk(doc.contents, [], 0);
  return out;
}
