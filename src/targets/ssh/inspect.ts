import { LABEL } from './commands';
import { checkValue, type RuleName } from '../../config/values';
import { oneLine } from '../../util/sanitize';

/** A rollwatch-managed container on a host, as `docker inspect` describes it. */
export interface ContainerInfo {
  id: string;
  name: string;
  version: string;
  digest: string;
  image: string;
  deployedAt: string;
  running: boolean;
  status: string;
  /** 'none' when the image defines no HEALTHCHECK. */
  health: 'healthy' | 'unhealthy' | 'starting' | 'none';
  startedAt: string;
  finishedAt: string;
  restartCount: number;
  oomKilled: boolean;
  exitCode: number;
  /** The HTTP health check recorded at deploy (labels), when the release has a valid one. */
  healthCheck: { port: number; path: string } | null;
  /** With rollout.strategy proxy: the port the release listens on, recorded at deploy. */
  proxyPort?: number;
  /** The container spec hash recorded at deploy ('' for a container from before rollwatch recorded it). */
  specHash?: string;
}

interface InspectEntry {
  Id?: string;
  Name?: string;
  RestartCount?: number;
  State?: { Status?: string; Running?: boolean; StartedAt?: string; FinishedAt?: string; OOMKilled?: boolean; ExitCode?: number; Health?: { Status?: string } };
  Config?: { Labels?: Record<string, string> | null; Image?: string };
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** The health check a release was deployed with, from its labels; null when absent or not valid. */
export function recordedHealthCheck(labels: Record<string, unknown>): ContainerInfo['healthCheck'] {
  const port = Number(labels[LABEL.healthPort]);
  const path = labels[LABEL.healthPath];
  if (!Number.isInteger(port) || port < 1 || port > 65535 || typeof path !== 'string' || checkValue('httpPath', path) !== null) return null;
  return { port, path };
}

/** The port a release of the proxy strategy listens on, from its labels; nothing when absent or not a port. */
function recordedProxyPort(labels: Record<string, unknown>): { proxyPort?: number } {
  const raw = labels[LABEL.proxyPort];
  const port = typeof raw === 'string' && /^[0-9]{1,5}$/.test(raw) ? Number(raw) : NaN;
  return port >= 1 && port <= 65535 ? { proxyPort: port } : {};
}

const STATUSES = new Set(['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead']);

/**
 * Parses `docker inspect` JSON. Every value read back is held to the rule its kind has in the
 * config (src/config/values.ts): a container whose rollwatch labels break those rules was not
 * written by rollwatch, so it is left out and `onIgnored` says why (with the offending value
 * made printable). Free-form fields (status, times) fall back to neutral values.
 */
export function parseInspect(json: string, onIgnored: (why: string) => void = () => {}): ContainerInfo[] {
  return parseInspectEntries(JSON.parse(json), onIgnored);
}

/** parseInspect of entries already parsed (the Engine API's container inspect answers). */
export function parseInspectEntries(entries: unknown, onIgnored: (why: string) => void = () => {}): ContainerInfo[] {
  if (!Array.isArray(entries)) throw new Error('docker inspect did not return a list');
  const out: ContainerInfo[] = [];
  for (const e of entries as InspectEntry[]) {
    if (e === null || typeof e !== 'object') continue;
    const labels: Record<string, unknown> = e.Config?.Labels && typeof e.Config.Labels === 'object' ? e.Config.Labels : {};
    const name = typeof e.Name === 'string' ? e.Name.replace(/^\//, '') : '';
    const problems: string[] = [];
    // Absent values read as '' (a container rollwatch did not label); present ones must fit their rule.
    const read = (rule: RuleName, what: string, value: unknown): string => {
      if (value === undefined || value === null || value === '') return '';
      const problem = typeof value === 'string' ? checkValue(rule, value) : 'expected a string';
      if (problem) problems.push(`${what} ${JSON.stringify(oneLine(value, 80))}: ${problem}`);
      return problem ? '' : (value as string);
    };
    const id = read('containerId', 'ID', e.Id);
    read('containerName', 'name', name);
    const version = read('version', `label ${LABEL.version}`, labels[LABEL.version]);
    const digest = read('digest', `label ${LABEL.digest}`, labels[LABEL.digest]);
    const image = read('imageRef', `label ${LABEL.image}`, labels[LABEL.image] ?? e.Config?.Image);
    const deployedAt = read('time', `label ${LABEL.deployedAt}`, labels[LABEL.deployedAt]);
    const specHash = read('digest', `label ${LABEL.spec}`, labels[LABEL.spec]);
    if (problems.length > 0) {
      onIgnored(`ignoring container ${JSON.stringify(oneLine(name || id || e.Id, 80))}: it is not one rollwatch wrote: ${problems.join('; ')}`);
      continue;
    }
    const time = (t: unknown) => (typeof t === 'string' && checkValue('time', t) === null ? t : ZERO_TIME);
    const status = typeof e.State?.Status === 'string' && STATUSES.has(e.State.Status) ? e.State.Status : 'unknown';
    const h = e.State?.Health?.Status;
    const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);
    out.push({
      id,
      name,
      version,
      digest,
      image,
      deployedAt,
      running: e.State?.Running === true,
      status,
      health: h === 'healthy' || h === 'unhealthy' || h === 'starting' ? h : 'none',
      startedAt: time(e.State?.StartedAt),
      finishedAt: time(e.State?.FinishedAt),
      restartCount: count(e.RestartCount),
      oomKilled: e.State?.OOMKilled === true,
      exitCode: count(e.State?.ExitCode),
      healthCheck: recordedHealthCheck(labels),
      ...recordedProxyPort(labels),
      specHash,
    });
  }
  return out;
}

export interface HostReleases {
  /** The running release (at most one is expected; more is reported as a problem). */
  current: ContainerInfo | null;
  extraRunning: ContainerInfo[];
  /** Stopped releases kept for rollback, most recently stopped first. */
  retained: ContainerInfo[];
}

/** Splits a host's containers into the running release and the retained ones, newest first. */
/** Docker prints RFC 3339 times with trailing zeros of the fraction trimmed: pad before comparing. */
export function timeKey(t: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(t);
  if (!m) return t;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}${m[3]}`;
}

const newestFirst = (key: (c: ContainerInfo) => string) => (a: ContainerInfo, b: ContainerInfo) => timeKey(key(b)).localeCompare(timeKey(key(a)));

export function classifyReleases(containers: ContainerInfo[]): HostReleases {
  const running = containers.filter((c) => c.running).sort(newestFirst((c) => c.startedAt));
  const retained = containers.filter((c) => !c.running).sort(newestFirst((c) => c.finishedAt));
  return { current: running[0] ?? null, extraRunning: running.slice(1), retained };
}

/**
 * Containers to prune so that `retain` previous releases stay (most recently stopped first).
 * Never returns the running release.
 */
export function releasesToPrune(releases: HostReleases, retain: number): ContainerInfo[] {
  const seen = new Set<string>();
  if (releases.current) seen.add(releases.current.version);
  const kept: ContainerInfo[] = [];
  const pruned: ContainerInfo[] = [];
  for (const c of releases.retained) {
    if (!seen.has(c.version) && kept.length < retain) {
      kept.push(c);
      seen.add(c.version);
    } else pruned.push(c);
  }
  return pruned;
}

export interface PrunePlan {
  containers: ContainerInfo[];
  /** Images no kept container uses. */
  unusedImages: string[];
}

/** What pruning to `retain` previous releases removes: containers and images. */
export function prunePlan(releases: HostReleases, retain: number): PrunePlan {
  const containers = releasesToPrune(releases, retain);
  const kept = [releases.current, ...releases.extraRunning, ...releases.retained].filter((c): c is ContainerInfo => c !== null && !containers.includes(c));
  const keptImages = new Set(kept.map((c) => c.image));
  return {
    containers,
    unusedImages: [...new Set(containers.map((c) => c.image).filter((image) => image && !keptImages.has(image)))],
  };
}
