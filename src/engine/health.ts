import type { Config, Host } from '../config/types';
import { httpGet, hostUrl } from '../metrics/http';
import type { HostAgent } from '../targets/ssh/host-agent';
import type { Clock } from '../util/clock';

export interface HealthOutcome {
  healthy: boolean;
  detail: string;
  ms: number;
}

export function healthUrl(config: Config, host: Host): string | null {
  const h = config.health;
  if (!h.path || !h.port) return null;
  return hostUrl(h.scheme, host.address, h.port, h.path);
}

/**
 * Waits until a container is running and healthy: its own HEALTHCHECK (when it has one and
 * the config lets it count) and the HTTP health URL (when configured). Fails fast when the
 * container exits.
 */
export async function waitHealthy(agent: HostAgent, containerName: string, config: Config, clock: Clock, signal?: AbortSignal): Promise<HealthOutcome> {
  const started = clock.now();
  const deadline = started + config.health.timeoutMs;
  const url = healthUrl(config, agent.host);
  let last = 'no check ran yet';
  for (;;) {
    const c = await agent.container(containerName);
    if (!c) return { healthy: false, detail: `container ${containerName} is gone`, ms: clock.now() - started };
    if (!c.running) {
      return { healthy: false, detail: `container ${containerName} is ${c.status} (exit code ${c.exitCode}${c.oomKilled ? ', OOM killed' : ''})`, ms: clock.now() - started };
    }
    let containerOk = true;
    if (config.health.container !== 'ignore') {
      if (c.health === 'none') {
        if (config.health.container === 'require') {
          return { healthy: false, detail: `the image of ${containerName} has no HEALTHCHECK but health.container is "require"`, ms: clock.now() - started };
        }
      } else if (c.health !== 'healthy') {
        containerOk = false;
        last = `container health is ${c.health}`;
        // Docker says unhealthy only after its own retries: no point waiting further.
        if (c.health === 'unhealthy') return { healthy: false, detail: last, ms: clock.now() - started };
      }
    }
    let httpOk = true;
    if (url) {
      const r = await httpGet(url, config.health.requestTimeoutMs, signal);
      httpOk = r.ok;
      if (!r.ok) last = `GET ${url}: ${r.error ?? `HTTP ${r.status}`}`;
    }
    if (containerOk && httpOk) return { healthy: true, detail: url ? `GET ${url} answered 2xx` : 'container healthy', ms: clock.now() - started };
    if (clock.now() >= deadline) {
      return { healthy: false, detail: `not healthy within ${Math.round(config.health.timeoutMs / 1000)}s: ${last}`, ms: clock.now() - started };
    }
    if (signal?.aborted) return { healthy: false, detail: `interrupted while waiting: ${last}`, ms: clock.now() - started };
    await clock.sleep(Math.min(config.health.intervalMs, Math.max(0, deadline - clock.now())), signal);
  }
}
