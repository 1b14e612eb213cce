import type { Config, Host } from '../../config/types';
import { httpGet, hostUrl } from '../../metrics/http';
import type { HostAgent } from './host-agent';
import type { ContainerInfo } from './inspect';
import type { Clock } from '../../util/clock';

export interface HealthOutcome {
  healthy: boolean;
  detail: string;
  ms: number;
  /** The release the container runs (its rollwatch.version label), when it was seen. */
  version?: string;
}

export function healthUrl(config: Config, host: Host): string | null {
  const h = config.health;
  if (!h.path || !h.port) return null;
  return hostUrl(h.scheme, host.address, h.port, h.path);
}

/**
 * The config to health-check a release with: its own recorded port and path when it has them
 * (a release deployed with other health settings than today's config), else the config's.
 */
export function releaseHealthConfig(config: Config, release: Pick<ContainerInfo, 'healthCheck'> | null | undefined): Config {
  const recorded = release?.healthCheck;
  if (!recorded || !config.health.path || !config.health.port) return config;
  if (recorded.port === config.health.port && recorded.path === config.health.path) return config;
  return { ...config, health: { ...config.health, port: recorded.port, path: recorded.path } };
}

/** First re-check soon after a start (an app often answers within tens of ms), then back off. */
export const FIRST_RECHECK_MS = 50;

/** Pause before check number `attempt` (1-based): 50 ms, doubling up to the configured interval. */
export function recheckDelay(attempt: number, intervalMs: number): number {
  return Math.min(intervalMs, FIRST_RECHECK_MS * 2 ** Math.max(0, attempt - 1));
}

export type ContainerVerdict = { ok: true } | { ok: false; final: boolean; detail: string };

/**
 * What the container's own state says, by `health.container`:
 * - `require`: the image's HEALTHCHECK must report healthy (no HEALTHCHECK is an error);
 * - `auto` with an HTTP check: the HTTP check decides; the HEALTHCHECK only must not say
 *   unhealthy (its first run comes one HEALTHCHECK interval after the start, so waiting for
 *   "healthy" would only add that interval);
 * - `auto` without an HTTP check: a HEALTHCHECK, when the image has one, must report healthy;
 * - `ignore`: only running counts.
 * A container that is gone, exited or unhealthy is final: waiting longer cannot help.
 */
export function judgeContainer(c: ContainerInfo | null, name: string, mode: Config['health']['container'], hasHttpCheck: boolean): ContainerVerdict {
  if (!c) return { ok: false, final: true, detail: `container ${name} is gone` };
  if (!c.running) return { ok: false, final: true, detail: `container ${name} is ${c.status} (exit code ${c.exitCode}${c.oomKilled ? ', OOM killed' : ''})` };
  if (mode === 'ignore') return { ok: true };
  if (c.health === 'none') {
    return mode === 'require' ? { ok: false, final: true, detail: `the image of ${name} has no HEALTHCHECK but health.container is "require"` } : { ok: true };
  }
  // Docker says unhealthy only after its own retries: no point waiting further.
  if (c.health === 'unhealthy') return { ok: false, final: true, detail: 'container health is unhealthy' };
  if (c.health === 'healthy' || (mode === 'auto' && hasHttpCheck)) return { ok: true };
  return { ok: false, final: false, detail: `container health is ${c.health}` };
}

/** True when `p` settles within `ms` (no bound for Infinity); the timer is cleared either way. */
async function settledWithin(p: Promise<void>, ms: number, clock: Clock): Promise<boolean> {
  if (ms === Number.POSITIVE_INFINITY) return p.then(() => true);
  const stop = new AbortController();
  let settled = false;
  await Promise.race([p.then(() => void (settled = true)), clock.sleep(ms, stop.signal)]);
  stop.abort();
  return settled;
}

/**
 * Waits until a container is running and healthy (see judgeContainer) and the HTTP health URL
 * (when configured) answers 2xx. The container state is read in the background (a docker call
 * on the host, often slower than the HTTP check): the HTTP check does not wait for it, except
 * that a success counts only with a state reading that says running and not unhealthy.
 * Fails fast when the container exits or turns unhealthy.
 */
export async function waitHealthy(agent: HostAgent, containerName: string, config: Config, clock: Clock, signal?: AbortSignal): Promise<HealthOutcome> {
  const started = clock.now();
  const deadline = started + config.health.timeoutMs;
  const url = healthUrl(config, agent.host);
  let last = 'no check ran yet';
  let seen: { verdict: ContainerVerdict; health?: ContainerInfo['health']; version?: string } | null = null;
  let readFailed: { error: unknown } | null = null;
  let reading: Promise<void> | null = null;
  const readState = (): Promise<void> =>
    (reading ??= agent
      .container(containerName)
      .then(
        (c) => void (seen = { verdict: judgeContainer(c, containerName, config.health.container, url !== null), health: c?.health, version: c?.version || undefined }),
        (error: unknown) => void (readFailed = { error }),
      )
      .finally(() => (reading = null)));
  const outcome = (healthy: boolean, detail: string): HealthOutcome => ({ healthy, detail, ms: clock.now() - started, version: seen?.version });
  try {
    for (let attempt = 1; ; attempt++) {
      const state = readState();
      // Every wait inside ends by the deadline, so a restore or rollback that waits for health
      // is bounded by health.timeout even when the endpoint drips or the docker read hangs.
      // A timeout of 0 asks for one check (status, heal): that one runs to its end, the HTTP
      // request bounded by health.requestTimeout, the docker read by ssh.commandTimeout.
      const single = config.health.timeoutMs === 0 && attempt === 1;
      const left = () => (single ? Number.POSITIVE_INFINITY : Math.max(0, deadline - clock.now()));
      const http = url ? await httpGet(url, Math.max(50, Math.min(config.health.requestTimeoutMs, left())), signal) : null;
      if ((!http || http.ok) && !(await settledWithin(state, left(), clock))) {
        const verdict = (seen as { verdict: ContainerVerdict } | null)?.verdict;
        const known = verdict && !verdict.ok ? verdict.detail : last !== 'no check ran yet' ? last : 'the container state could not be read in time';
        return outcome(false, `not healthy within ${Math.round(config.health.timeoutMs / 1000)}s: ${known}`);
      }
      if (readFailed) throw (readFailed as { error: unknown }).error;
      const verdict = (seen as { verdict: ContainerVerdict } | null)?.verdict ?? null;
      if (verdict && !verdict.ok && verdict.final) return outcome(false, verdict.detail);
      if (verdict && !verdict.ok) last = verdict.detail;
      if (http && !http.ok) last = `GET ${url}: ${http.error ?? `HTTP ${http.status}`}`;
      if (verdict?.ok && (!http || http.ok)) {
        return outcome(true, url ? `GET ${url} answered 2xx` : (seen as { health?: string } | null)?.health === 'healthy' ? 'container healthy' : 'container running');
      }
      if (clock.now() >= deadline) return outcome(false, `not healthy within ${Math.round(config.health.timeoutMs / 1000)}s: ${last}`);
      if (signal?.aborted) return outcome(false, `interrupted while waiting: ${last}`);
      await clock.sleep(Math.min(recheckDelay(attempt, config.health.intervalMs), Math.max(0, deadline - clock.now())), signal);
    }
  } finally {
    // no docker call of this wait outlives it, unless it hangs past the deadline (then it ends
    // by ssh.commandTimeout on its own, and its answer is dropped)
    const pending = reading as Promise<void> | null;
    if (pending) await settledWithin(pending.catch(() => undefined), config.health.timeoutMs === 0 ? Number.POSITIVE_INFINITY : Math.max(0, deadline - clock.now()), clock);
  }
}
