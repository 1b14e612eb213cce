import type { Host } from '../config/types';
import { httpGet, hostUrl, type HttpResult } from './http';
import { summarizeRequests, type ProbeInterval, type RequestOutcome } from './aggregate';

export interface ProbeTarget {
  host: Host;
  urls: string[];
  healthUrl: string | null;
}

/**
 * Sends requests at a steady rate to every target and buckets the outcomes; `take()` closes
 * the current interval and returns one summary per host.
 */
export class Prober {
  private buckets = new Map<string, { outcomes: RequestOutcome[]; health: boolean[] }>();
  private timers: NodeJS.Timeout[] = [];
  private inflight = new Set<Promise<unknown>>();
  /** One controller per request in flight: a signal shared by every request would collect one
   *  abort listener per request (MaxListenersExceededWarning under load). */
  private readonly requests = new Set<AbortController>();
  private stopped = false;

  constructor(
    private readonly targets: ProbeTarget[],
    private readonly ratePerSecond: number,
    private readonly timeoutMs: number,
    private readonly healthEveryMs: number,
  ) {
    for (const t of targets) this.buckets.set(t.host.name, { outcomes: [], health: [] });
  }

  start(): void {
    const period = 1000 / this.ratePerSecond;
    this.targets.forEach((t, ti) => {
      let n = 0;
      const fire = () => {
        const url = t.urls[n++ % t.urls.length];
        this.track(this.request(url).then((r) => {
          if (!this.stopped) this.buckets.get(t.host.name)!.outcomes.push({ ok: r.ok, ms: r.ms });
        }));
      };
      // Spread hosts over the period so requests do not all leave at once.
      const offset = (period * ti) / Math.max(1, this.targets.length);
      this.timers.push(setTimeout(() => {
        fire();
        this.timers.push(setInterval(fire, period));
      }, offset));
      if (t.healthUrl) {
        const check = () => this.track(this.request(t.healthUrl!).then((r) => {
          if (!this.stopped) this.buckets.get(t.host.name)!.health.push(r.ok);
        }));
        this.timers.push(setInterval(check, this.healthEveryMs));
      }
    });
  }

  private request(url: string): Promise<HttpResult> {
    const controller = new AbortController();
    this.requests.add(controller);
    return httpGet(url, this.timeoutMs, controller.signal).finally(() => this.requests.delete(controller));
  }

  private track(p: Promise<unknown>) {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Closes the interval: the raw outcomes per host since the last call. */
  take(): Map<string, { outcomes: RequestOutcome[]; health: boolean[] }> {
    const out = new Map(this.buckets);
    for (const name of this.buckets.keys()) this.buckets.set(name, { outcomes: [], health: [] });
    return out;
  }

  /** One summary over several hosts' outcomes (pooled, not averaged). */
  static pool(buckets: Map<string, { outcomes: RequestOutcome[]; health: boolean[] }>, hosts: string[]): ProbeInterval {
    const outcomes: RequestOutcome[] = [];
    const health: boolean[] = [];
    for (const h of hosts) {
      const b = buckets.get(h);
      if (b) outcomes.push(...b.outcomes), health.push(...b.health);
    }
    return summarizeRequests(outcomes, health);
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t), clearInterval(t);
    this.timers = [];
    this.stopped = true;
    for (const c of this.requests) c.abort();
    await Promise.allSettled([...this.inflight]);
  }
}

export function probeTargets(hosts: Host[], scheme: string, port: number, paths: string[], healthPath: string | undefined, healthPort: number | undefined): ProbeTarget[] {
  return hosts.map((host) => ({
    host,
    urls: paths.map((p) => hostUrl(scheme, host.address, port, p)),
    healthUrl: healthPath && healthPort ? hostUrl(scheme, host.address, healthPort, healthPath) : null,
  }));
}
