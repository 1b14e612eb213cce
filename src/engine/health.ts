import type { Config, Host } from '../config/types';
import { httpGet, hostUrl } from '../metrics/http';
import type { HostAgent } from '../targets/ssh/host-agent';
import type { ContainerInfo } from '../targets/ssh/inspect';
import type { Clock } from '../util/clock';

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

/**
 * Waits until a container is running and healthy (see judgeContainer) and the HTTP health URL
 * (when configured) answers 2xx; the container state and the URL are checked in parallel.
 * Fails fast when the container exits or turns unhealthy.
 */
export async function waitHealthy(agent: HostAgent, containerName: string, config: Config, clock: Clock, signal?: AbortSignal): Promise<HealthOutcome> {
  const started = clock.now();
  const deadline = started + config.health.timeoutMs;
  const url = healthUrl(config, agent.host);
  let last = 'no check ran yet';
  for (let attempt = 1; ; attempt++) {
    const [c, http] = await Promise.all([agent.container(containerName), url ? httpGet(url, config.health.requestTimeoutMs, signal) : null]);
    const verdict = judgeContainer(c, containerName, config.health.container, url !== null);
    const version = c?.version || undefined;
    if (!verdict.ok && verdict.final) return { healthy: false, detail: verdict.detail, ms: clock.now() - started, version };
    if (!verdict.ok) last = verdict.detail;
    if (http && !http.ok) last = `GET ${url}: ${http.error ?? `HTTP ${http.status}`}`;
    if (verdict.ok && (!http || http.ok)) {
      return { healthy: true, detail: url ? `GET ${url} answered 2xx` : c!.health === 'healthy' ? 'container healthy' : 'container running', ms: clock.now() - started, version };
    }
    if (clock.now() >= deadline) {
      return { healthy: false, detail: `not healthy within ${Math.round(config.health.timeoutMs / 1000)}s: ${last}`, ms: clock.now() - started, version };
    }
    if (signal?.aborted) return { healthy: false, detail: `interrupted while waiting: ${last}`, ms: clock.now() - started, version };
    await clock.sleep(Math.min(recheckDelay(attempt, config.health.intervalMs), Math.max(0, deadline - clock.now())), signal);
  }
}
