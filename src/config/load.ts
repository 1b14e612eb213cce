import { z } from 'zod';
import YAML from 'yaml';
import { isIP } from 'node:net';
import { configSchema, NOTIFY_EVENTS, type ParsedConfig } from './schema';
import { RollwatchError, inputError } from '../errors';
import { checkEnvValue } from './values';
import { checkTargetOptions, resolveSwarm } from './swarm';
import { proxySettingsOf } from './proxy';
import type { Config, EnvVar, Host, NotifyTarget } from './types';
import { resolveDockerEngine } from '../docker/engine-settings';

/** Where secrets and files come from; injected so tests need no real environment. */
export interface ConfigSources {
  env: Record<string, string | undefined>;
  readFile(path: string): string;
  /** Directory that relative paths in the file are resolved against. */
  baseDir: string;
}

/** Formats zod issues as one line per field: `hosts[1].address: expected …`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string {
  return issues
    .slice(0, 20)
    .map((issue) => {
      const field = prefix + pathToField(issue.path);
      let message = issue.message;
      if (issue.code === 'invalid_key' && issue.issues.length > 0) message = `bad key: ${issue.issues[0].message}`;
      if (issue.code === 'unrecognized_keys') message = `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}: check the spelling against the JSON Schema (schema/rollwatch.schema.json)`;
      return field ? `${field}: ${message}` : message;
    })
    .join('\n');
}

export function pathToField(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function parseYaml(text: string, fileLabel: string): unknown {
  if (text.length > 1_000_000) throw inputError(fileLabel, 'is larger than 1 MB; a rollwatch config is a few hundred lines at most');
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw inputError(fileLabel, `is not valid YAML: ${e.message.split('\n')[0]}`, 'fix the YAML syntax at the line shown');
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    throw inputError(fileLabel, `cannot be expanded: ${(err as Error).message.split('\n')[0]}`, 'remove the deeply nested YAML aliases');
  }
}

/**
 * Refuses a key named "__proto__" anywhere: a parsed map would take it as its prototype and the
 * value (an env secret, say) would silently vanish instead of reaching the host.
 */
function refuseProtoKeys(value: unknown, path: (string | number)[] = [], depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 64) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => refuseProtoKeys(v, [...path, i], depth + 1));
    return;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') {
      throw inputError(pathToField(path) || 'config', 'has a key named "__proto__", which is reserved and would be dropped', 'rename the key (an environment variable name: letters, digits and "_", not starting with a digit)');
    }
    refuseProtoKeys((value as Record<string, unknown>)[key], [...path, key], depth + 1);
  }
}

/** Validates a raw object (from YAML and/or action inputs) and resolves secrets and files. */
export function buildConfig(raw: unknown, sources: ConfigSources): Config {
  refuseProtoKeys(raw);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new RollwatchError('input', `invalid configuration:\n${formatIssues(result.error.issues)}`, undefined, 'see schema/rollwatch.schema.json for every field and its accepted form');
  }
  checkTargetOptions(raw as Record<string, unknown>);
  const missing = missingEnv(envReferences(result.data), sources.env);
  if (missing.length === 1) fromEnv(sources, missing[0].field, missing[0].name);
  if (missing.length > 1) {
    const names = [...new Set(missing.map((m) => m.name))];
    throw new RollwatchError(
      'input',
      `${missing.length} environment variables are not set or empty:\n${missing.map((m) => `${m.field}: environment variable ${m.name} is not set or empty`).join('\n')}`,
      undefined,
      `export ${names.join(', ')} before running rollwatch`,
    );
  }
  return resolve(result.data, sources);
}

/** A place where the config names an environment variable to read a value from. */
export interface EnvReference {
  /** The field as error messages write it, e.g. `container.env.DB.fromEnv`. */
  field: string;
  path: (string | number)[];
  name: string;
}

/**
 * Every environment variable the config reads (every fromEnv, and the deprecated registry.passwordEnv),
 * in file order.
 * Works on unvalidated input too: entries that give a second source (value, fromFile) are left
 * out, as the loader refuses those for that reason instead.
 */
export function envReferences(raw: unknown): EnvReference[] {
  const out: EnvReference[] = [];
  const obj = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const root = obj(raw);
  if (!root) return out;
  const add = (path: (string | number)[], name: unknown) => {
    if (typeof name === 'string') out.push({ field: pathToField(path), path, name });
  };
  const secret = (path: string[]) => {
    let at: unknown = root;
    for (const p of path) at = obj(at)?.[p];
    const s = obj(at);
    if (s && s.value === undefined && s.fromFile === undefined) add([...path, 'fromEnv'], s.fromEnv);
  };
  const registry = obj(root.registry);
  if (registry && registry.password === undefined && registry.passwordFile === undefined) add(['registry', 'passwordEnv'], registry.passwordEnv);
  if (registry && registry.passwordEnv === undefined && registry.passwordFile === undefined) secret(['registry', 'password']);
  const ssh = obj(root.ssh);
  if (ssh && ssh.privateKeyFile === undefined) secret(['ssh', 'privateKey']);
  secret(['ssh', 'passphrase']);
  for (const [key, v] of Object.entries(obj(obj(root.container)?.env) ?? {})) {
    const e = obj(v);
    if (e && e.value === undefined && e.fromFile === undefined) add(['container', 'env', key, 'fromEnv'], e.fromEnv);
  }
  secret(['prometheus', 'bearerToken']);
  secret(['grafana', 'token']);
  const notify = Array.isArray(root.notify) ? root.notify : [];
  notify.forEach((n, i) => {
    const url = obj(obj(n)?.url);
    if (url && url.value === undefined && url.fromFile === undefined) add(['notify', i, 'url', 'fromEnv'], url.fromEnv);
  });
  return out;
}

/** The references whose variable is not set (or empty) in `env`. */
export function missingEnv(refs: EnvReference[], env: Record<string, string | undefined>): EnvReference[] {
  return refs.filter((r) => env[r.name] === undefined || env[r.name] === '');
}

function resolvePath(sources: ConfigSources, p: string): string {
  return p.startsWith('/') ? p : `${sources.baseDir.replace(/\/$/, '')}/${p}`;
}

function readSecretFile(sources: ConfigSources, field: string, path: string): string {
  try {
    return sources.readFile(resolvePath(sources, path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EFBIG') throw inputError(field, `file ${JSON.stringify(path)} is larger than 1 MB, too large for a key, password or known_hosts file`, 'give the path of the secret file itself');
    throw inputError(field, `cannot read file ${JSON.stringify(path)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, 'give a readable file path');
  }
}

function fromEnv(sources: ConfigSources, field: string, name: string): string {
  const v = sources.env[name];
  if (v === undefined || v === '') throw inputError(field, `environment variable ${name} is not set or empty`, `export ${name} before running rollwatch`);
  return v;
}

type SecretSource = string | { value?: string; fromEnv?: string; fromFile?: string };

/**
 * The value of a secret field: a plain string, or exactly one of value, fromEnv and fromFile. A
 * file's one trailing newline is dropped (`echo token > file`) unless `keepFile` says otherwise.
 */
function secretOf(sources: ConfigSources, field: string, s: SecretSource | undefined, keepFile = false): string | undefined {
  if (s === undefined) return undefined;
  if (typeof s === 'string') return s;
  const given = [s.value !== undefined, s.fromEnv !== undefined, s.fromFile !== undefined].filter(Boolean).length;
  if (given !== 1) throw inputError(field, `expected exactly one of value, fromEnv or fromFile, e.g. ${field.split('.').pop()}: { fromEnv: NAME }`);
  if (s.value !== undefined) return s.value;
  if (s.fromEnv !== undefined) return fromEnv(sources, `${field}.fromEnv`, s.fromEnv);
  const text = readSecretFile(sources, `${field}.fromFile`, s.fromFile!);
  return keepFile ? text : text.replace(/\r?\n$/, '');
}

/**
 * A secret that may still be given in a deprecated form (`passwordEnv: NAME`): the deprecated
 * keys become the one syntax, so both read, check and mask alike. Returns the field that gave it.
 */
function legacySecret(section: string, key: string, current: SecretSource | undefined, legacy: Record<string, string | undefined>): { field: string; source: SecretSource } | undefined {
  const given = [[key, current] as const, ...Object.entries(legacy)].filter(([, v]) => v !== undefined);
  if (given.length > 1) throw inputError(section, `give only one of ${[key, ...Object.keys(legacy)].join(', ').replace(/, ([^,]+)$/, ' or $1')}`, `write ${section}.${key}: { fromEnv: NAME } or { fromFile: PATH }`);
  if (given.length === 0) return undefined;
  const [name, v] = given[0];
  if (name === key) return { field: `${section}.${key}`, source: v as SecretSource };
  return { field: `${section}.${name}`, source: name.endsWith('Env') ? { fromEnv: v as string } : { fromFile: v as string } };
}

/** The field a legacy source reports its problems on: `registry.passwordEnv`, not `registry.passwordEnv.fromEnv`. */
function secretOfLegacy(sources: ConfigSources, given: { field: string; source: SecretSource }, keepFile = false): string | undefined {
  const { field, source } = given;
  if (typeof source === 'object' && !/\.(password|privateKey)$/.test(field)) {
    if (source.fromEnv !== undefined) return fromEnv(sources, field, source.fromEnv);
    const text = readSecretFile(sources, field, source.fromFile!);
    return keepFile ? text : text.replace(/\r?\n$/, '');
  }
  return secretOf(sources, field, source, keepFile);
}

const WEBHOOK_FORM = 'an https URL (http only to 127.0.0.1, ::1 or localhost), e.g. "https://hooks.slack.com/services/T000/B000/XXXX"';

/** Loopback names and addresses, the only hosts a webhook may be sent to over plain http. */
function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

/**
 * What is wrong with a webhook URL, or null. The URL is a secret (a Slack webhook URL carries its
 * token), so no message quotes it.
 */
export function webhookUrlProblem(url: string): string | null {
  if (url.length > 2048) return `is ${url.length} characters long, at most 2048 allowed: expected ${WEBHOOK_FORM}`;
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return `must be one URL without blanks or control characters: expected ${WEBHOOK_FORM}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is not a URL: expected ${WEBHOOK_FORM} (the value is a secret and not shown)`;
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:') return isLoopback(parsed.hostname) ? null : `is plain http to a host other than the loopback: expected ${WEBHOOK_FORM}`;
  return `has the scheme ${JSON.stringify(parsed.protocol.slice(0, 20))}: expected ${WEBHOOK_FORM}`;
}

function resolveNotify(p: ParsedConfig, sources: ConfigSources, keep: (v: string) => string): NotifyTarget[] | undefined {
  if (!p.notify) return undefined;
  return p.notify.map((n, i) => {
    const field = `notify[${i}].url`;
    const url = typeof n.url === 'string' ? n.url : secretOf(sources, field, n.url);
    if (!url) throw inputError(field, `must not be empty: expected ${WEBHOOK_FORM}`, 'give the webhook URL from a CI secret: url: { fromEnv: SLACK_WEBHOOK_URL }');
    // a secret from the moment it is known, so even a refused URL is masked wherever it shows up
    keep(url);
    const problem = webhookUrlProblem(url);
    if (problem) throw inputError(field, problem);
    // the path and query carry the token: masked on their own too (a receiver may echo them)
    const u = new URL(url);
    if ((u.pathname + u.search).length >= 8) keep(u.pathname + u.search);
    return { url, format: n.format, on: n.on ? NOTIFY_EVENTS.filter((e) => n.on!.includes(e)) : [...NOTIFY_EVENTS], timeoutMs: n.timeout };
  });
}

function resolve(p: ParsedConfig, sources: ConfigSources): Config {
  const secrets = new Set<string>();
  const keep = <T extends string | undefined>(v: T): T => {
    if (v) secrets.add(v);
    return v;
  };

  const hosts: Host[] = p.hosts.map((h) => ({
    name: h.name ?? h.address,
    address: h.address,
    port: h.port ?? p.ssh.port,
    user: h.user ?? p.ssh.user,
    fingerprint: h.fingerprint,
  }));
  const seenName = new Map<string, number>();
  const seenAddr = new Map<string, number>();
  hosts.forEach((h, i) => {
    const nameKey = h.name.toLowerCase();
    if (seenName.has(nameKey)) throw inputError(`hosts[${i}].name`, `duplicates hosts[${seenName.get(nameKey)}] (${h.name}); every host needs a unique name`);
    const addrKey = `${h.address.toLowerCase()}:${h.port}`;
    if (seenAddr.has(addrKey)) throw inputError(`hosts[${i}].address`, `duplicates hosts[${seenAddr.get(addrKey)}] (${addrKey}); every host appears once`);
    seenName.set(nameKey, i);
    seenAddr.set(addrKey, i);
  });

  let registry: Config['registry'];
  if (p.registry) {
    const r = p.registry;
    const given = legacySecret('registry', 'password', r.password, { passwordEnv: r.passwordEnv, passwordFile: r.passwordFile });
    const password = given ? secretOfLegacy(sources, given) : undefined;
    if (password !== undefined && !r.username) throw inputError('registry.username', 'is required when a registry password is given');
    if (password && /[\n\r]/.test(password)) throw inputError('registry.password', 'must be a single line');
    registry = { server: r.server, username: r.username, password: keep(password) };
  }
  const registryHost = p.image.repository.includes('/') && /[.:]|^localhost$/.test(p.image.repository.split('/')[0]) ? p.image.repository.split('/')[0] : 'docker.io';
  if (registry && registry.server !== registryHost && !(registry.server === 'docker.io' && registryHost === 'docker.io')) {
    throw inputError('registry.server', `is ${registry.server} but image.repository lives on ${registryHost}`, `set registry.server to "${registryHost}"`);
  }

  const keySource = legacySecret('ssh', 'privateKey', p.ssh.privateKey, { privateKeyFile: p.ssh.privateKeyFile });
  // the key is registered for masking as soon as it is read, before its form is judged
  const privateKey = keep(keySource ? secretOfLegacy(sources, keySource, true) : undefined);
  if (privateKey === undefined) throw inputError('ssh.privateKey', 'an SSH private key is required', 'pass the key from a CI secret: privateKey: { fromEnv: DEPLOY_SSH_KEY } (or the ssh-key input)');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey)) throw inputError(keyField(keySource!), 'is not a PEM/OpenSSH private key (expected a "-----BEGIN … PRIVATE KEY-----" block)');
  const passphrase = keep(secretOf(sources, 'ssh.passphrase', p.ssh.passphrase));
  const knownHosts = [p.ssh.knownHosts, p.ssh.knownHostsFile ? readSecretFile(sources, 'ssh.knownHostsFile', p.ssh.knownHostsFile) : undefined].filter((x) => x !== undefined).join('\n') || undefined;
  if (p.ssh.hostKeys === 'strict') {
    const unpinned = hosts.filter((h) => !h.fingerprint);
    if (unpinned.length > 0 && knownHosts === undefined) {
      throw inputError(
        'ssh.knownHostsFile',
        `host keys are verified strictly, but ${unpinned.map((h) => h.name).join(', ')} has no pinned fingerprint and no known_hosts file is given`,
        'add hosts[].fingerprint (from `ssh-keygen -lf`), or ssh.knownHostsFile, or set ssh.hostKeys: accept-new to trust on first use',
      );
    }
  }

  const env: EnvVar[] = Object.entries(p.container.env).map(([key, v]) => {
    const field = `container.env.${key}`;
    let value: string;
    let secret = false;
    if (typeof v === 'string') value = v;
    else {
      const givenSources = [v.value, v.fromEnv, v.fromFile].filter((x) => x !== undefined).length;
      if (givenSources !== 1) throw inputError(field, 'expected exactly one of value, fromEnv or fromFile');
      value = secretOf(sources, field, { value: v.value, fromEnv: v.fromEnv, fromFile: v.fromFile })!;
      secret = v.secret;
    }
    const bad = checkEnvValue(value);
    if (bad) throw inputError(field, bad);
    if (secret && value) secrets.add(value);
    return { key, value, secret };
  });

  if (p.health.path === undefined && p.health.container === 'ignore') {
    throw inputError('health', 'no health check at all: set health.path (HTTP) or let the container healthcheck count (health.container: auto|require)');
  }
  const appPort = p.container.port;
  if (p.health.path !== undefined && appPort === undefined && p.health.port === undefined) {
    throw inputError('health.port', 'is needed for the HTTP health check when container.port is not set');
  }

  const bearer = p.prometheus ? keep(secretOf(sources, 'prometheus.bearerToken', p.prometheus.bearerToken)) : undefined;
  const grafanaToken = p.grafana ? keep(secretOf(sources, 'grafana.token', p.grafana.token)) : undefined;
  if (p.grafana && !grafanaToken) throw inputError('grafana.token', 'must not be empty', 'give a Grafana service account token');
  if (grafanaToken && /[\r\n]/.test(grafanaToken)) throw inputError('grafana.token', 'must be a single line');

  const notify = resolveNotify(p, sources, keep);

  const docker = resolveDockerEngine(p.docker, sources, { privateKey, passphrase, knownHosts, hostKeys: p.ssh.hostKeys, user: p.ssh.user });
  docker.secrets.forEach(keep);

  const container = {
    port: appPort,
    network: p.container.network,
    ports: p.container.ports,
    env,
    volumes: p.container.volumes,
    labels: p.container.labels,
    restart: p.container.restart,
    stopTimeoutMs: p.container.stopTimeout,
    memory: p.container.memory === undefined ? undefined : String(p.container.memory),
    cpus: p.container.cpus,
  };
  const proxy = proxySettingsOf(p);
  const swarm = p.target === 'swarm' ? resolveSwarm(p.swarm, { app: p.app, hostNames: hosts.map((h) => h.name), container }) : undefined;

  return {
    app: p.app,
    version: p.version,
    target: p.target,
    swarm,
    image: {
      repository: p.image.repository,
      digest: p.image.digest,
      tags: p.image.tags,
      build: p.image.build ? { ...p.image.build, context: resolvePath(sources, p.image.build.context) } : undefined,
    },
    registry,
    dockerHost: docker.engine,
    ssh: {
      privateKey,
      passphrase,
      knownHosts,
      hostKeys: p.ssh.hostKeys,
      connectTimeoutMs: p.ssh.connectTimeout,
      commandTimeoutMs: p.ssh.commandTimeout,
      jumpHost: p.ssh.jumpHost ? { ...p.ssh.jumpHost, user: p.ssh.jumpHost.user ?? p.ssh.user } : undefined,
    },
    hosts,
    container,
    health: {
      path: p.health.path,
      port: p.health.port ?? appPort,
      scheme: p.health.scheme,
      timeoutMs: p.health.timeout,
      intervalMs: p.health.interval,
      requestTimeoutMs: p.health.requestTimeout,
      container: p.health.container,
    },
    rollout: { ...p.rollout, lockTimeoutMs: p.rollout.lockTimeout },
    proxy,
    prometheus: p.prometheus ? { url: p.prometheus.url.replace(/\/$/, ''), timeoutMs: p.prometheus.timeout, bearerToken: bearer } : undefined,
    grafana: p.grafana ? { url: p.grafana.url.replace(/\/$/, ''), token: grafanaToken!, dashboardUid: p.grafana.dashboardUid, tags: p.grafana.tags } : undefined,
    verify: p.verify,
    reportFile: p.report.file ? resolvePath(sources, p.report.file) : undefined,
    notify,
    secrets: [...secrets],
  };
}

/** Where a problem with the key's value is: the source that gave it (`ssh.privateKey.fromEnv`, `ssh.privateKeyFile`). */
function keyField(given: { field: string; source: SecretSource }): string {
  if (typeof given.source === 'string' || given.field !== 'ssh.privateKey') return given.field;
  if (given.source.fromEnv !== undefined) return 'ssh.privateKey.fromEnv';
  if (given.source.fromFile !== undefined) return 'ssh.privateKey.fromFile';
  return 'ssh.privateKey.value';
}
