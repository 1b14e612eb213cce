import type { Config } from '../config/types';
import { createMetricTracker, decide, resolvePolicy, SHORT_BASELINE, type MetricSpec, type MetricStatus, type MetricTracker, type Sample } from '../detect';
import { errorMessage } from '../errors';
import { cpuUsage, parseMeminfo, parseProcStat, type CpuTimes, type ProbeInterval } from '../metrics/aggregate';
import { Prober, probeTargets } from '../metrics/probe';
import { PrometheusClient, renderQuery } from '../metrics/prometheus';
import type { MetricReport, VerificationReport } from '../report/model';
import { settleLimit } from '../util/clock';
import type { RunContext } from './context';
import type { Release, WatchedNode } from './target';

export interface Watcher {
  /** Samples the old release on `nodes` for `verify.baseline` before anything changes. */
  baseline(ctx: RunContext, nodes: WatchedNode[]): Promise<PreDeployBaseline>;
  /** The verification window on `candidates` (with `baselineHosts` still on the old release as a concurrent baseline). */
  verify(input: { ctx: RunContext; release: Release; candidates: WatchedNode[]; baselineHosts: WatchedNode[]; preDeploy: PreDeployBaseline | undefined; windowStartedAt: number }): Promise<VerificationReport>;
}

type VerifySettings = Config['verify'];
type Samples = Map<string, Sample>;

interface MetricDef {
  spec: MetricSpec;
  source: 'probe' | 'host' | 'prometheus';
}

/** The metrics a window watches, with their built-in defaults and the config's overrides. */
export function metricDefinitions(config: Config): MetricDef[] {
  const v = config.verify;
  const defs: MetricDef[] = [];
  const add = (source: MetricDef['source'], spec: MetricSpec) => {
    const o = v.metrics[spec.name];
    if (o?.enabled === false) return;
    defs.push({ source, spec: { ...spec, ...(o?.critical !== undefined && { critical: o.critical }), ...(o?.direction && { direction: o.direction }), ...(o?.limit !== undefined && { limit: o.limit }), ...(o?.limitCount !== undefined && { limitCount: o.limitCount }), ...(o?.policy && { policy: { ...spec.policy, ...(o.policy as MetricSpec['policy']) } }) } });
  };
  if (v.probe.enabled && (v.probe.port ?? config.container.port)) {
    // Latency changes under 10 ms are not worth a rollback whatever their z.
    add('probe', { name: 'probe.latency_p95', direction: 'increase', kind: 'gauge', critical: true, policy: { minAbsoluteEffect: 10 } });
    add('probe', { name: 'probe.latency_p50', direction: 'increase', kind: 'gauge', critical: true, policy: { minAbsoluteEffect: 10 } });
    // New errors are judged by the count test on probe.errors; the ratio adds the absolute guard
    // and catches only large shifts (5 points) so a zero baseline does not make it twitchy.
    add('probe', { name: 'probe.error_ratio', direction: 'increase', kind: 'gauge', critical: true, limit: v.probe.errorRatioLimit, limitCount: 2, policy: { minAbsoluteEffect: 0.05 } });
    add('probe', { name: 'probe.errors', direction: 'increase', kind: 'count', critical: true });
    if (config.health.path) add('probe', { name: 'probe.health_failures', direction: 'increase', kind: 'gauge', critical: true, limit: 0.5, limitCount: v.probe.healthFailuresInARow, policy: { minAbsoluteEffect: 0.34 } });
  }
  if (v.host.enabled) {
    add('host', { name: 'host.cpu', direction: 'increase', kind: 'gauge', critical: false });
    add('host', { name: 'host.memory', direction: 'increase', kind: 'gauge', critical: false });
    add('host', { name: 'container.restarts', direction: 'increase', kind: 'gauge', critical: true, limit: 0.5, limitCount: 1, policy: { minAbsoluteEffect: 0.5 } });
    add('host', { name: 'container.oom_kills', direction: 'increase', kind: 'gauge', critical: true, limit: 0.5, limitCount: 1, policy: { minAbsoluteEffect: 0.5 } });
  }
  for (const q of v.prometheus?.queries ?? []) {
    add('prometheus', { name: `prom.${q.name}`, direction: q.direction, kind: q.kind, critical: q.critical, limit: q.limit, limitCount: q.limitCount, policy: q.policy as MetricSpec['policy'] });
  }
  return defs;
}

function probeSamples(p: ProbeInterval): Samples {
  const m: Samples = new Map();
  m.set('probe.latency_p95', { value: p.p95 });
  m.set('probe.latency_p50', { value: p.p50 });
  m.set('probe.error_ratio', { value: p.errorRatio });
  m.set('probe.errors', { value: p.requests > 0 ? p.errors : null, total: p.requests });
  m.set('probe.health_failures', { value: p.healthChecks > 0 ? p.healthFailures / p.healthChecks : null });
  return m;
}

/** Reads everything one interval needs from a set of hosts; keeps per-host state between calls. */
class Sampler {
  private cpu = new Map<string, CpuTimes>();
  private restarts = new Map<string, { id: string; restarts: number; oom: boolean }>();
  private prom: PrometheusClient | null;
  readonly warnings = new Set<string>();
  queryErrors = 0;
  /** Per Prometheus query: samples read in the window, and how many came back with no series. */
  readonly promEmpty = new Map<string, { read: number; empty: number }>();

  constructor(
    private readonly ctx: RunContext,
    private readonly defs: MetricDef[],
    private readonly prober: Prober | null,
  ) {
    this.prom = ctx.config.prometheus && defs.some((d) => d.source === 'prometheus') ? new PrometheusClient(ctx.config.prometheus) : null;
    if (!ctx.config.prometheus && (ctx.config.verify.prometheus?.queries.length ?? 0) > 0) {
      this.warnings.add('verify.prometheus.queries are set but prometheus.url is not: those metrics have no data');
    }
  }

  private hasSource(s: MetricDef['source']) {
    return this.defs.some((d) => d.source === s);
  }

  /** One pooled sample per metric for each group of hosts (e.g. candidates and baseline). */
  async sample(groups: { members: WatchedNode[]; version: string | null }[], probeBuckets: ReturnType<Prober['take']> | null, atSec: number): Promise<Samples[]> {
    return Promise.all(groups.map((g) => this.sampleGroup(g.members, g.version, probeBuckets, atSec)));
  }

  private async sampleGroup(members: WatchedNode[], version: string | null, buckets: ReturnType<Prober['take']> | null, atSec: number): Promise<Samples> {
    const out: Samples = new Map();
    if (members.length === 0) return out;
    if (buckets && this.hasSource('probe')) for (const [k, s] of probeSamples(Prober.pool(buckets, members.map((m) => m.host.name)))) out.set(k, s);
    if (this.hasSource('host')) for (const [k, s] of await this.hostSamples(members)) out.set(k, s);
    if (this.prom) for (const [k, s] of await this.promSamples(members, version, atSec)) out.set(k, s);
    return out;
  }

  private async hostSamples(members: WatchedNode[]): Promise<Samples> {
    const cpu: number[] = [];
    const mem: number[] = [];
    let restarts = 0;
    let ooms = 0;
    let seen = 0;
    await settleLimit(members, 16, async (m) => {
      try {
        const [stats, c] = await Promise.all([m.procStats(), m.runningContainer()]);
        const [statText, memText] = stats.split('---');
        const now = parseProcStat(statText);
        const before = this.cpu.get(m.host.name);
        if (now) this.cpu.set(m.host.name, now);
        const u = before && now ? cpuUsage(before, now) : null;
        if (u !== null) cpu.push(u);
        const mu = parseMeminfo(memText ?? '');
        if (mu !== null) mem.push(mu);
        if (c) {
          const prev = this.restarts.get(m.host.name);
          if (prev && prev.id === c.id) {
            restarts += Math.max(0, c.restartCount - prev.restarts);
            if (c.oomKilled && !prev.oom) ooms++;
          }
          this.restarts.set(m.host.name, { id: c.id, restarts: c.restartCount, oom: c.oomKilled });
          seen++;
        }
      } catch (err) {
        this.warnings.add(`${m.host.name}: host metrics unavailable: ${errorMessage(err)}`);
      }
    });
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
    return new Map<string, Sample>([
      ['host.cpu', { value: mean(cpu) }],
      ['host.memory', { value: mean(mem) }],
      ['container.restarts', { value: seen ? restarts : null }],
      ['container.oom_kills', { value: seen ? ooms : null }],
    ]);
  }

  private vars(members: WatchedNode[], version: string | null): Record<string, string> {
    const port = this.ctx.config.verify.probe.port ?? this.ctx.config.container.port ?? '';
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return {
      app: this.ctx.config.app,
      version: version ?? '',
      hosts: members.map((m) => esc(m.host.name)).join('|'),
      instances: members.map((m) => esc(`${m.host.address}:${port}`)).join('|'),
      host: members[0]?.host.name ?? '',
      instance: members[0] ? `${members[0].host.address}:${port}` : '',
    };
  }

  private async promSamples(members: WatchedNode[], version: string | null, atSec: number): Promise<Samples> {
    const out: Samples = new Map();
    for (const q of this.ctx.config.verify.prometheus?.queries ?? []) {
      const perHost = /\{\{\s*(host|instance)\s*\}\}/.test(q.query);
      const queries = perHost ? members.map((m) => renderQuery(q.query, this.vars([m], version))) : [renderQuery(q.query, this.vars(members, version))];
      const results = await Promise.all(queries.map((text) => this.prom!.instant(text, atSec)));
      const values = results.map((r) => r.value).filter((v): v is number => v !== null);
      for (const r of results) if (r.error) (this.queryErrors++, this.warnings.add(`prom.${q.name}: ${r.error}`));
      const seen = this.promEmpty.get(q.name) ?? { read: 0, empty: 0 };
      seen.read++;
      if (values.length === 0 && results.every((r) => !r.error)) seen.empty++;
      this.promEmpty.set(q.name, seen);
      let value: number | null = null;
      if (values.length > 0) value = q.kind === 'count' || !perHost ? values.reduce((a, b) => a + b, 0) : values.reduce((a, b) => a + b, 0) / values.length;
      out.set(`prom.${q.name}`, { value });
    }
    return out;
  }

  /** Prometheus history of the old version before the deploy, one value per interval. */
  async promHistory(members: WatchedNode[], version: string | null, endSec: number, spanSec: number, stepSec: number): Promise<Map<string, Sample[]>> {
    const out = new Map<string, Sample[]>();
    if (!this.prom) return out;
    for (const q of this.ctx.config.verify.prometheus?.queries ?? []) {
      const perHost = /\{\{\s*(host|instance)\s*\}\}/.test(q.query);
      const texts = perHost ? members.map((m) => renderQuery(q.query, this.vars([m], version))) : [renderQuery(q.query, this.vars(members, version))];
      const series = await Promise.all(texts.map((t) => this.prom!.range(t, endSec - spanSec, endSec, stepSec)));
      const len = Math.min(...series.map((s) => s.length));
      const samples: Sample[] = [];
      for (let i = 0; i < len; i++) {
        const vals = series.map((s) => s[i]);
        for (const v of vals) if (v.error) (this.queryErrors++, this.warnings.add(`prom.${q.name} (baseline): ${v.error}`));
        const nums = vals.map((v) => v.value).filter((v): v is number => v !== null);
        samples.push({ value: nums.length ? (q.kind === 'count' || !perHost ? nums.reduce((a, b) => a + b, 0) : nums.reduce((a, b) => a + b, 0) / nums.length) : null });
      }
      out.set(`prom.${q.name}`, samples);
    }
    return out;
  }
}

export interface PreDeployBaseline {
  samples: Map<string, Sample[]>;
  version: string | null;
  warnings: string[];
}

function startProber(ctx: RunContext, members: WatchedNode[]): Prober | null {
  const v = ctx.config.verify;
  const port = v.probe.port ?? ctx.config.container.port;
  if (!v.probe.enabled || !port) return null;
  const prober = new Prober(probeTargets(members.map((m) => m.host), ctx.config.health.scheme, port, v.probe.paths, ctx.config.health.path, ctx.config.health.port), v.probe.rate, v.probe.timeout, v.interval);
  prober.start();
  return prober;
}

/** Samples the old release on `running` for `verify.baseline` before anything changes. */
async function collectBaseline(ctx: RunContext, running: WatchedNode[]): Promise<PreDeployBaseline> {
  const v = ctx.config.verify;
  const defs = metricDefinitions(ctx.config);
  const current = await Promise.all(running.map((m) => m.runningContainer().catch(() => null)));
  const version = current.find((c) => c?.version)?.version ?? null;
  const samples = new Map<string, Sample[]>(defs.map((d) => [d.spec.name, []]));
  if (running.length === 0) return { samples, version: null, warnings: ['no release was running before this deploy: no baseline, only absolute guards apply'] };
  const sampler = new Sampler(ctx, defs, null);
  const nowSec = ctx.clock.now() / 1000;
  const live = defs.some((d) => d.source !== 'prometheus');
  const n = Math.floor(v.baseline / v.interval);
  const shortBaseline =
    live && v.baseline > 0 && n < SHORT_BASELINE && !ctx.config.rollout.canary
      ? [`verify.baseline gives ${n} samples at the ${v.interval / 1000}s interval; with fewer than ${SHORT_BASELINE} the baseline says little about how the old release varies, and a healthy release is rolled back more often (docs/detector.md): use at least ${(SHORT_BASELINE * v.interval) / 1000}s, or canary mode`]
      : [];
  if (live && v.baseline > 0) {
    const prober = startProber(ctx, running);
    ctx.log.info(`sampling ${version} on ${running.length} host(s) for ${v.baseline / 1000}s as the baseline`);
    try {
      await sampler.sample([{ members: running, version }], null, nowSec); // primes CPU counters
      const t0 = ctx.clock.now();
      for (let i = 0; i < n && !ctx.signal.aborted; i++) {
        await ctx.clock.sleep(Math.max(0, t0 + (i + 1) * v.interval - ctx.clock.now()), ctx.signal);
        const buckets = prober?.take() ?? null;
        const [s] = await sampler.sample([{ members: running, version }], buckets, ctx.clock.now() / 1000);
        const progress = `baseline of ${version}: ${Math.round((ctx.clock.now() - t0) / 1000)}/${Math.round(v.baseline / 1000)} s, ${i + 1} samples`;
        if ((i + 1) % Math.max(1, Math.round(HEARTBEAT_MS / v.interval)) === 0 && i + 1 < n) ctx.log.info(progress);
        else ctx.log.progress?.(progress);
        for (const d of defs) if (d.source !== 'prometheus') samples.get(d.spec.name)!.push(s.get(d.spec.name) ?? { value: null });
      }
    } finally {
      await prober?.stop();
    }
  }
  // Prometheus history over the same span, read after it (when the probe's own traffic is in it).
  const endSec = ctx.clock.now() / 1000;
  const spanSec = Math.max(v.baseline / 1000, endSec - nowSec);
  for (const [k, s] of await sampler.promHistory(running, version, endSec, spanSec, v.interval / 1000)) samples.set(k, s);
  return { samples, version, warnings: [...shortBaseline, ...sampler.warnings] };
}

function reportMetric(d: MetricDef, st: MetricStatus, baseline: Sample[], candidate: Sample[]): MetricReport {
  return {
    name: d.spec.name,
    source: d.source,
    verdict: st.verdict,
    reason: st.reason,
    median: Number.isFinite(st.explain.median) ? st.explain.median : null,
    scale: Number.isFinite(st.explain.scale) ? st.explain.scale : null,
    worstZ: st.worstZ,
    rule: st.explain.rule,
    decidedAt: st.decidedAt,
    critical: d.spec.critical !== false,
    baseline: baseline.map((s) => s.value).filter((x): x is number => x !== null && Number.isFinite(x)),
    candidate: candidate.map((s) => (s.value !== null && Number.isFinite(s.value) ? s.value : null)),
  };
}

/** A window or baseline longer than this says how far it is, every this often. */
const HEARTBEAT_MS = 15_000;

/** "verifying v2: 45/120 s, 9 samples; worst so far: probe.latency_p95 z 1.8 (pass)". */
export function heartbeat(version: string, elapsedMs: number, totalMs: number, samples: number, defs: MetricDef[], trackers: Map<string, MetricTracker>): string {
  let worst: { name: string; z: number; verdict: string } | null = null;
  for (const d of defs) {
    const st = trackers.get(d.spec.name)!.status();
    if (st.worstZ !== null && (worst === null || st.worstZ > worst.z)) worst = { name: d.spec.name, z: st.worstZ, verdict: st.verdict };
  }
  const so = worst ? `worst so far: ${worst.name} z ${worst.z.toFixed(1)} (${worst.verdict})` : 'no metric scored yet';
  return `verifying ${version}: ${Math.round(elapsedMs / 1000)}/${Math.round(totalMs / 1000)} s, ${Math.max(0, samples)} samples; ${so}`;
}

/**
 * The envelope rule (docs/detector.md) judges a level against everything the old release held
 * for as long. It was validated on series sampled every 1–5 minutes, whose 30+ samples span hours
 * and show a service's ordinary range. A pre-deploy baseline of a minute or two of probes shows
 * almost none of it: a burst of load on the host (another job on its cores) that starts in the
 * window looks like a new level. Below this span the live window leaves the envelope rule off
 * (the level and departure rules judge), unless verify.policy sets envelopeMargin.
 */
export const ENVELOPE_MIN_BASELINE_SPAN_MS = 10 * 60_000;

/**
 * The verification window: samples the candidates (and, in canary mode, the hosts still on the
 * old release) every interval, feeds the detector sample by sample, and stops at the first
 * failing critical metric.
 */
async function runWindow(ctx: RunContext, candidates: WatchedNode[], baselineHosts: WatchedNode[], version: string, pre: PreDeployBaseline | null): Promise<VerificationReport> {
  const v = ctx.config.verify;
  const defs = metricDefinitions(ctx.config);
  const liveDefaults = v.baseline < ENVELOPE_MIN_BASELINE_SPAN_MS ? { envelopeMargin: 0 } : {};
  const policy = resolvePolicy(liveDefaults, v.policy as Parameters<typeof resolvePolicy>[0]);
  const trackers = new Map<string, MetricTracker>();
  const baselineSeen = new Map<string, Sample[]>();
  const candidateSeen = new Map<string, Sample[]>();
  const concurrent = baselineHosts.length > 0;
  for (const d of defs) {
    const t = createMetricTracker(d.spec, resolvePolicy(liveDefaults, v.policy as never, d.spec.policy as never));
    const seed = pre?.samples.get(d.spec.name) ?? [];
    t.addBaseline(seed);
    trackers.set(d.spec.name, t);
    baselineSeen.set(d.spec.name, [...seed]);
    candidateSeen.set(d.spec.name, []);
  }
  const sampler = new Sampler(ctx, defs, null);
  const prober = startProber(ctx, [...candidates, ...baselineHosts]);
  const windowStart = ctx.clock.now();
  const n = Math.max(1, Math.floor(v.window / v.interval));
  const warmupIntervals = Math.ceil(v.warmup / v.interval);
  let decision = decide([...trackers.values()].map((t) => t.status()), defs.map((d) => d.spec), policy);
  let verdictAt: number | null = null;
  let nextHeartbeat = windowStart + HEARTBEAT_MS;
  ctx.log.info(`verifying ${version} on ${candidates.map((m) => m.host.name).join(', ')} for ${v.window / 1000}s (every ${v.interval / 1000}s, baseline: ${concurrent ? 'concurrent' : pre?.version ? 'pre-deploy' : 'none'})`);
  try {
    await sampler.sample([{ members: candidates, version }], null, windowStart / 1000);
    for (let i = 0; i < n + warmupIntervals; i++) {
      await ctx.clock.sleep(Math.max(0, windowStart + (i + 1) * v.interval - ctx.clock.now()), ctx.signal);
      if (ctx.signal.aborted) {
        sampler.warnings.add('verification interrupted by a signal');
        break;
      }
      const buckets = prober?.take() ?? null;
      const [cand, base] = await sampler.sample([{ members: candidates, version }, { members: baselineHosts, version: pre?.version ?? null }], buckets, ctx.clock.now() / 1000);
      if (i < warmupIntervals) continue;
      for (const d of defs) {
        const t = trackers.get(d.spec.name)!;
        if (concurrent) {
          const b = base.get(d.spec.name) ?? { value: null };
          t.addBaseline([b]);
          baselineSeen.get(d.spec.name)!.push(b);
        }
        const s = cand.get(d.spec.name) ?? { value: null };
        candidateSeen.get(d.spec.name)!.push(s);
        t.push(s);
      }
      decision = decide([...trackers.values()].map((t) => t.status()), defs.map((d) => d.spec), policy);
      const progress = heartbeat(version, ctx.clock.now() - windowStart, (n + warmupIntervals) * v.interval, i + 1 - warmupIntervals, defs, trackers);
      if (ctx.clock.now() >= nextHeartbeat) {
        nextHeartbeat += HEARTBEAT_MS;
        ctx.log.info(progress);
      } else ctx.log.progress?.(progress);
      const failing = defs.filter((d) => trackers.get(d.spec.name)!.status().verdict === 'fail');
      if (failing.length) ctx.log.debug(`interval ${i}: failing ${failing.map((d) => d.spec.name).join(', ')}`);
      if (decision.verdict === 'fail') {
        verdictAt = ctx.clock.now();
        ctx.log.warn(`regression: ${decision.reason}`);
        break;
      }
    }
  } finally {
    await prober?.stop();
  }
  const statuses = [...trackers.values()].map((t) => t.finish());
  decision = decide(statuses, defs.map((d) => d.spec), policy);
  verdictAt ??= ctx.clock.now();
  if (decision.verdict === 'inconclusive' && !concurrent && !pre?.version) {
    decision = { ...decision, reason: 'no baseline to compare with (no release ran before): only the absolute guards were applied, and they passed' };
  }
  const warnings = [...(pre?.warnings ?? []), ...sampler.warnings];
  if (sampler.queryErrors > 0) warnings.push(`${sampler.queryErrors} Prometheus query error(s): those samples count as missing data`);
  for (const [name, n] of sampler.promEmpty) {
    if (n.read > 0 && n.empty === n.read) warnings.push(`prom.${name}: Prometheus answered, but the query matched no series in any of the ${n.read} samples of the window: check its labels and metric names`);
  }
  if (decision.verdict === 'inconclusive' && (concurrent || pre?.version)) warnings.push(`verification inconclusive: ${decision.reason}; policy: ${policy.onInconclusive === 'rollback' ? 'roll back' : 'keep the release'}`);
  return {
    verdict: decision.verdict,
    reason: decision.reason,
    deciding: decision.deciding,
    windowMs: verdictAt - windowStart,
    intervalMs: v.interval,
    samples: Math.max(0, ...[...candidateSeen.values()].map((s) => s.length)),
    baselineKind: concurrent ? 'concurrent' : pre?.version ? 'pre-deploy' : 'none',
    onInconclusive: policy.onInconclusive,
    detectMs: decision.verdict === 'fail' ? verdictAt - windowStart : null,
    metrics: defs.map((d, i) => reportMetric(d, statuses[i], baselineSeen.get(d.spec.name)!, candidateSeen.get(d.spec.name)!)),
    warnings,
  };
}

export function watcher(config: Config): Watcher | null {
  if (!config.verify.enabled) return null;
  return {
    baseline: (ctx, nodes) => collectBaseline(ctx, nodes),
    verify: ({ ctx, candidates, baselineHosts, release, preDeploy }) => runWindow(ctx, candidates, baselineHosts, release.version, preDeploy ?? null),
  };
}
