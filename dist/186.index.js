"use strict";
exports.id = 186;
exports.ids = [186];
exports.modules = {

/***/ 24186:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deploy: () => (/* binding */ deploy),
  resolveVersion: () => (/* binding */ resolveVersion),
  verifyDeployed: () => (/* binding */ verifyDeployed)
});

// UNUSED EXPORTS: regressedBy

// EXTERNAL MODULE: ./src/config/values.ts
var values = __webpack_require__(73750);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/engine/history.ts
var engine_history = __webpack_require__(50390);
// EXTERNAL MODULE: ./src/engine/report-builder.ts
var report_builder = __webpack_require__(49460);
// EXTERNAL MODULE: ./src/detect/policy.ts
var detect_policy = __webpack_require__(84609);
// EXTERNAL MODULE: ./src/detect/tracker.ts + 10 modules
var tracker = __webpack_require__(94622);
// EXTERNAL MODULE: ./src/detect/decide.ts
var decide = __webpack_require__(451);
// EXTERNAL MODULE: ./src/detect/analyze.ts
var analyze = __webpack_require__(44935);
;// CONCATENATED MODULE: ./src/detect/index.ts





;// CONCATENATED MODULE: ./src/metrics/aggregate.ts
/** Pure summaries of what the probe and the host readers saw in one interval. */
function quantile(sorted, q) {
    if (sorted.length === 0)
        return null;
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
/** Latency percentiles cover every request, failed ones included (a timeout is slow too). */
function summarizeRequests(outcomes, health = []) {
    const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const errors = outcomes.filter((o) => !o.ok).length;
    return {
        requests: outcomes.length,
        errors,
        p50: quantile(times, 0.5),
        p95: quantile(times, 0.95),
        errorRatio: outcomes.length > 0 ? errors / outcomes.length : null,
        healthChecks: health.length,
        healthFailures: health.filter((h) => !h).length,
    };
}
/** The aggregate "cpu" line of /proc/stat; iowait counts as idle. */
function parseProcStat(text) {
    const line = text.split('\n').find((l) => /^cpu\s/.test(l));
    if (!line)
        return null;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    if (f.length < 4 || f.some((x) => !Number.isFinite(x)))
        return null;
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
    const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
    const idleAll = idle + iowait;
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    return { busy: total - idleAll, total };
}
/** Busy share (0..1) between two readings; null when the counters did not move. */
function cpuUsage(before, after) {
    const dt = after.total - before.total;
    if (dt <= 0)
        return null;
    return Math.min(1, Math.max(0, (after.busy - before.busy) / dt));
}
/** Used memory share from /proc/meminfo (MemTotal − MemAvailable). */
function parseMeminfo(text) {
    const get = (k) => {
        const m = new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text);
        return m ? Number(m[1]) : null;
    };
    const total = get('MemTotal');
    const avail = get('MemAvailable');
    if (!total || avail === null)
        return null;
    return (total - avail) / total;
}

// EXTERNAL MODULE: ./src/metrics/http.ts
var metrics_http = __webpack_require__(57345);
;// CONCATENATED MODULE: ./src/metrics/probe.ts


/**
 * Sends requests at a steady rate to every target and buckets the outcomes; `take()` closes
 * the current interval and returns one summary per host.
 */
class Prober {
    targets;
    ratePerSecond;
    timeoutMs;
    healthEveryMs;
    buckets = new Map();
    timers = [];
    inflight = new Set();
    /** One controller per request in flight: a signal shared by every request would collect one
     *  abort listener per request (MaxListenersExceededWarning under load). */
    requests = new Set();
    stopped = false;
    constructor(targets, ratePerSecond, timeoutMs, healthEveryMs) {
        this.targets = targets;
        this.ratePerSecond = ratePerSecond;
        this.timeoutMs = timeoutMs;
        this.healthEveryMs = healthEveryMs;
        for (const t of targets)
            this.buckets.set(t.host.name, { outcomes: [], health: [] });
    }
    start() {
        const period = 1000 / this.ratePerSecond;
        this.targets.forEach((t, ti) => {
            let n = 0;
            const fire = () => {
                const url = t.urls[n++ % t.urls.length];
                this.track(this.request(url).then((r) => {
                    if (!this.stopped)
                        this.buckets.get(t.host.name).outcomes.push({ ok: r.ok, ms: r.ms });
                }));
            };
            // Spread hosts over the period so requests do not all leave at once.
            const offset = (period * ti) / Math.max(1, this.targets.length);
            this.timers.push(setTimeout(() => {
                fire();
                this.timers.push(setInterval(fire, period));
            }, offset));
            if (t.healthUrl) {
                const check = () => this.track(this.request(t.healthUrl).then((r) => {
                    if (!this.stopped)
                        this.buckets.get(t.host.name).health.push(r.ok);
                }));
                this.timers.push(setInterval(check, this.healthEveryMs));
            }
        });
    }
    request(url) {
        const controller = new AbortController();
        this.requests.add(controller);
        return (0,metrics_http/* httpGet */.lx)(url, this.timeoutMs, controller.signal).finally(() => this.requests.delete(controller));
    }
    track(p) {
        this.inflight.add(p);
        void p.finally(() => this.inflight.delete(p));
    }
    /** Closes the interval: the raw outcomes per host since the last call. */
    take() {
        const out = new Map(this.buckets);
        for (const name of this.buckets.keys())
            this.buckets.set(name, { outcomes: [], health: [] });
        return out;
    }
    /** One summary over several hosts' outcomes (pooled, not averaged). */
    static pool(buckets, hosts) {
        const outcomes = [];
        const health = [];
        for (const h of hosts) {
            const b = buckets.get(h);
            if (b)
                outcomes.push(...b.outcomes), health.push(...b.health);
        }
        return summarizeRequests(outcomes, health);
    }
    async stop() {
        for (const t of this.timers)
            clearTimeout(t), clearInterval(t);
        this.timers = [];
        this.stopped = true;
        for (const c of this.requests)
            c.abort();
        await Promise.allSettled([...this.inflight]);
    }
}
function probeTargets(hosts, scheme, port, paths, healthPath, healthPort) {
    return hosts.map((host) => ({
        host,
        urls: paths.map((p) => (0,metrics_http/* hostUrl */.UN)(scheme, host.address, port, p)),
        healthUrl: healthPath && healthPort ? (0,metrics_http/* hostUrl */.UN)(scheme, host.address, healthPort, healthPath) : null,
    }));
}

// EXTERNAL MODULE: ./src/util/urls.ts
var urls = __webpack_require__(59812);
;// CONCATENATED MODULE: ./src/metrics/prometheus.ts


/** Fills {{host}}, {{instance}}, {{version}}, {{app}} (values are label-escaped). */
function renderQuery(template, vars) {
    return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k) => (k in vars ? vars[k].replace(/\\/g, '\\\\').replace(/"/g, '\\"') : m));
}
function toNumber(s) {
    if (s === undefined)
        return null;
    const v = Number(s);
    return Number.isFinite(v) ? v : null;
}
/** Sums the series of a vector result; empty or NaN-only results are "no data", never 0. */
function valueOfInstant(body) {
    if (body.status !== 'success')
        return { value: null, error: body.error ?? 'query failed' };
    const d = body.data;
    if (!d)
        return { value: null, error: 'response without data' };
    if (d.resultType === 'scalar') {
        const v = toNumber(d.result[1]);
        return { value: v, error: null };
    }
    const values = d.result.map((r) => toNumber(r.value?.[1])).filter((v) => v !== null);
    if (values.length === 0)
        return { value: null, error: null };
    return { value: values.reduce((a, b) => a + b, 0), error: null };
}
/** query_range as one value per step (series summed per timestamp); gaps are null. */
function valuesOfRange(body, start, end, stepSec) {
    const n = Math.max(0, Math.floor((end - start) / stepSec) + 1);
    if (body.status !== 'success' || !body.data)
        return Array.from({ length: n }, () => ({ value: null, error: body.error ?? 'query failed' }));
    const sums = new Map();
    for (const series of body.data.result) {
        for (const [t, s] of series.values ?? []) {
            const v = toNumber(s);
            if (v === null)
                continue;
            const i = Math.round((t - start) / stepSec);
            sums.set(i, (sums.get(i) ?? 0) + v);
        }
    }
    return Array.from({ length: n }, (_, i) => ({ value: sums.has(i) ? sums.get(i) : null, error: null }));
}
/** A query answer larger than this is refused (a runaway query, or not Prometheus at all). */
const MAX_PROMETHEUS_RESPONSE_BYTES = 16 << 20;
class PrometheusClient {
    s;
    /** Made on first query: axios loads only when Prometheus is asked. */
    http = null;
    constructor(s) {
        this.s = s;
    }
    client() {
        const s = this.s;
        this.http ??= Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(702)]).then(__webpack_require__.bind(__webpack_require__, 25702)).then(({ default: axios }) => axios.create({
            baseURL: s.url,
            proxy: false,
            // the bearer token (or the URL's user:password) must not follow a redirect elsewhere
            maxRedirects: 0,
            maxContentLength: MAX_PROMETHEUS_RESPONSE_BYTES,
            validateStatus: () => true,
            headers: s.bearerToken ? { Authorization: `Bearer ${s.bearerToken}` } : {},
        }));
        return this.http;
    }
    async get(path, params) {
        const http = await this.client();
        const deadline = (0,metrics_http/* requestDeadline */.SV)(this.s.timeoutMs);
        try {
            const res = await http.get(path, { params, signal: deadline.signal });
            if (typeof res.data === 'object' && res.data && 'status' in res.data)
                return res.data;
            if (res.status >= 300 && res.status < 400)
                return { status: 'error', error: `HTTP ${res.status} from Prometheus: redirects are not followed (credentials stay with prometheus.url); set prometheus.url to the final address` };
            return { status: 'error', error: `HTTP ${res.status} from Prometheus` };
        }
        catch (err) {
            const e = err;
            if (deadline.expired())
                return { status: 'error', error: `Prometheus gave no complete answer within ${this.s.timeoutMs} ms (prometheus.timeout)` };
            if (/maxContentLength/.test(e.message ?? ''))
                return { status: 'error', error: `Prometheus answer larger than ${MAX_PROMETHEUS_RESPONSE_BYTES >> 20} MiB: refused` };
            return { status: 'error', error: (0,urls/* redactUserinfo */.P)(`Prometheus unreachable: ${e.code ?? e.message}`) };
        }
    }
    async instant(query, atSec) {
        const params = { query };
        if (atSec !== undefined)
            params.time = atSec.toFixed(3);
        return valueOfInstant(await this.get('/api/v1/query', params));
    }
    async range(query, startSec, endSec, stepSec) {
        const body = await this.get('/api/v1/query_range', { query, start: startSec.toFixed(3), end: endSec.toFixed(3), step: `${stepSec}` });
        return valuesOfRange(body, startSec, endSec, stepSec);
    }
}

// EXTERNAL MODULE: ./src/util/clock.ts
var clock = __webpack_require__(97110);
;// CONCATENATED MODULE: ./src/engine/watch.ts






/** The metrics a window watches, with their built-in defaults and the config's overrides. */
function metricDefinitions(config) {
    const v = config.verify;
    const defs = [];
    const add = (source, spec) => {
        const o = v.metrics[spec.name];
        if (o?.enabled === false)
            return;
        defs.push({ source, spec: { ...spec, ...(o?.critical !== undefined && { critical: o.critical }), ...(o?.direction && { direction: o.direction }), ...(o?.limit !== undefined && { limit: o.limit }), ...(o?.limitCount !== undefined && { limitCount: o.limitCount }), ...(o?.policy && { policy: { ...spec.policy, ...o.policy } }) } });
    };
    if (v.probe.enabled && (v.probe.port ?? config.container.port)) {
        // Latency changes under 10 ms are not worth a rollback whatever their z.
        add('probe', { name: 'probe.latency_p95', direction: 'increase', kind: 'gauge', critical: true, policy: { minAbsoluteEffect: 10 } });
        add('probe', { name: 'probe.latency_p50', direction: 'increase', kind: 'gauge', critical: true, policy: { minAbsoluteEffect: 10 } });
        // New errors are judged by the count test on probe.errors; the ratio adds the absolute guard
        // and catches only large shifts (5 points) so a zero baseline does not make it twitchy.
        add('probe', { name: 'probe.error_ratio', direction: 'increase', kind: 'gauge', critical: true, limit: v.probe.errorRatioLimit, limitCount: 2, policy: { minAbsoluteEffect: 0.05 } });
        add('probe', { name: 'probe.errors', direction: 'increase', kind: 'count', critical: true });
        if (config.health.path)
            add('probe', { name: 'probe.health_failures', direction: 'increase', kind: 'gauge', critical: true, limit: 0.5, limitCount: v.probe.healthFailuresInARow, policy: { minAbsoluteEffect: 0.34 } });
    }
    if (v.host.enabled) {
        add('host', { name: 'host.cpu', direction: 'increase', kind: 'gauge', critical: false });
        add('host', { name: 'host.memory', direction: 'increase', kind: 'gauge', critical: false });
        add('host', { name: 'container.restarts', direction: 'increase', kind: 'gauge', critical: true, limit: 0.5, limitCount: 1, policy: { minAbsoluteEffect: 0.5 } });
        add('host', { name: 'container.oom_kills', direction: 'increase', kind: 'gauge', critical: true, limit: 0.5, limitCount: 1, policy: { minAbsoluteEffect: 0.5 } });
    }
    for (const q of v.prometheus?.queries ?? []) {
        add('prometheus', { name: `prom.${q.name}`, direction: q.direction, kind: q.kind, critical: q.critical, limit: q.limit, limitCount: q.limitCount, policy: q.policy });
    }
    return defs;
}
function probeSamples(p) {
    const m = new Map();
    m.set('probe.latency_p95', { value: p.p95 });
    m.set('probe.latency_p50', { value: p.p50 });
    m.set('probe.error_ratio', { value: p.errorRatio });
    m.set('probe.errors', { value: p.requests > 0 ? p.errors : null, total: p.requests });
    m.set('probe.health_failures', { value: p.healthChecks > 0 ? p.healthFailures / p.healthChecks : null });
    return m;
}
/** Reads everything one interval needs from a set of hosts; keeps per-host state between calls. */
class Sampler {
    ctx;
    defs;
    prober;
    cpu = new Map();
    restarts = new Map();
    prom;
    warnings = new Set();
    queryErrors = 0;
    /** Per Prometheus query: samples read in the window, and how many came back with no series. */
    promEmpty = new Map();
    constructor(ctx, defs, prober) {
        this.ctx = ctx;
        this.defs = defs;
        this.prober = prober;
        this.prom = ctx.config.prometheus && defs.some((d) => d.source === 'prometheus') ? new PrometheusClient(ctx.config.prometheus) : null;
        if (!ctx.config.prometheus && (ctx.config.verify.prometheus?.queries.length ?? 0) > 0) {
            this.warnings.add('verify.prometheus.queries are set but prometheus.url is not: those metrics have no data');
        }
    }
    hasSource(s) {
        return this.defs.some((d) => d.source === s);
    }
    /** One pooled sample per metric for each group of hosts (e.g. candidates and baseline). */
    async sample(groups, probeBuckets, atSec) {
        return Promise.all(groups.map((g) => this.sampleGroup(g.members, g.version, probeBuckets, atSec)));
    }
    async sampleGroup(members, version, buckets, atSec) {
        const out = new Map();
        if (members.length === 0)
            return out;
        if (buckets && this.hasSource('probe'))
            for (const [k, s] of probeSamples(Prober.pool(buckets, members.map((m) => m.host.name))))
                out.set(k, s);
        if (this.hasSource('host'))
            for (const [k, s] of await this.hostSamples(members))
                out.set(k, s);
        if (this.prom)
            for (const [k, s] of await this.promSamples(members, version, atSec))
                out.set(k, s);
        return out;
    }
    async hostSamples(members) {
        const cpu = [];
        const mem = [];
        let restarts = 0;
        let ooms = 0;
        let seen = 0;
        await (0,clock/* settleLimit */.X$)(members, 16, async (m) => {
            try {
                const [stats, c] = await Promise.all([m.procStats(), m.runningContainer()]);
                const [statText, memText] = stats.split('---');
                const now = parseProcStat(statText);
                const before = this.cpu.get(m.host.name);
                if (now)
                    this.cpu.set(m.host.name, now);
                const u = before && now ? cpuUsage(before, now) : null;
                if (u !== null)
                    cpu.push(u);
                const mu = parseMeminfo(memText ?? '');
                if (mu !== null)
                    mem.push(mu);
                if (c) {
                    const prev = this.restarts.get(m.host.name);
                    if (prev && prev.id === c.id) {
                        restarts += Math.max(0, c.restartCount - prev.restarts);
                        if (c.oomKilled && !prev.oom)
                            ooms++;
                    }
                    this.restarts.set(m.host.name, { id: c.id, restarts: c.restartCount, oom: c.oomKilled });
                    seen++;
                }
            }
            catch (err) {
                this.warnings.add(`${m.host.name}: host metrics unavailable: ${(0,errors/* errorMessage */.gJ)(err)}`);
            }
        });
        const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
        return new Map([
            ['host.cpu', { value: mean(cpu) }],
            ['host.memory', { value: mean(mem) }],
            ['container.restarts', { value: seen ? restarts : null }],
            ['container.oom_kills', { value: seen ? ooms : null }],
        ]);
    }
    vars(members, version) {
        const port = this.ctx.config.verify.probe.port ?? this.ctx.config.container.port ?? '';
        const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return {
            app: this.ctx.config.app,
            version: version ?? '',
            hosts: members.map((m) => esc(m.host.name)).join('|'),
            instances: members.map((m) => esc(`${m.host.address}:${port}`)).join('|'),
            host: members[0]?.host.name ?? '',
            instance: members[0] ? `${members[0].host.address}:${port}` : '',
        };
    }
    async promSamples(members, version, atSec) {
        const out = new Map();
        for (const q of this.ctx.config.verify.prometheus?.queries ?? []) {
            const perHost = /\{\{\s*(host|instance)\s*\}\}/.test(q.query);
            const queries = perHost ? members.map((m) => renderQuery(q.query, this.vars([m], version))) : [renderQuery(q.query, this.vars(members, version))];
            const results = await Promise.all(queries.map((text) => this.prom.instant(text, atSec)));
            const values = results.map((r) => r.value).filter((v) => v !== null);
            for (const r of results)
                if (r.error)
                    (this.queryErrors++, this.warnings.add(`prom.${q.name}: ${r.error}`));
            const seen = this.promEmpty.get(q.name) ?? { read: 0, empty: 0 };
            seen.read++;
            if (values.length === 0 && results.every((r) => !r.error))
                seen.empty++;
            this.promEmpty.set(q.name, seen);
            let value = null;
            if (values.length > 0)
                value = q.kind === 'count' || !perHost ? values.reduce((a, b) => a + b, 0) : values.reduce((a, b) => a + b, 0) / values.length;
            out.set(`prom.${q.name}`, { value });
        }
        return out;
    }
    /** Prometheus history of the old version before the deploy, one value per interval. */
    async promHistory(members, version, endSec, spanSec, stepSec) {
        const out = new Map();
        if (!this.prom)
            return out;
        for (const q of this.ctx.config.verify.prometheus?.queries ?? []) {
            const perHost = /\{\{\s*(host|instance)\s*\}\}/.test(q.query);
            const texts = perHost ? members.map((m) => renderQuery(q.query, this.vars([m], version))) : [renderQuery(q.query, this.vars(members, version))];
            const series = await Promise.all(texts.map((t) => this.prom.range(t, endSec - spanSec, endSec, stepSec)));
            const len = Math.min(...series.map((s) => s.length));
            const samples = [];
            for (let i = 0; i < len; i++) {
                const vals = series.map((s) => s[i]);
                for (const v of vals)
                    if (v.error)
                        (this.queryErrors++, this.warnings.add(`prom.${q.name} (baseline): ${v.error}`));
                const nums = vals.map((v) => v.value).filter((v) => v !== null);
                samples.push({ value: nums.length ? (q.kind === 'count' || !perHost ? nums.reduce((a, b) => a + b, 0) : nums.reduce((a, b) => a + b, 0) / nums.length) : null });
            }
            out.set(`prom.${q.name}`, samples);
        }
        return out;
    }
}
function startProber(ctx, members) {
    const v = ctx.config.verify;
    const port = v.probe.port ?? ctx.config.container.port;
    if (!v.probe.enabled || !port)
        return null;
    const prober = new Prober(probeTargets(members.map((m) => m.host), ctx.config.health.scheme, port, v.probe.paths, ctx.config.health.path, ctx.config.health.port), v.probe.rate, v.probe.timeout, v.interval);
    prober.start();
    return prober;
}
/** Samples the old release on `running` for `verify.baseline` before anything changes. */
async function collectBaseline(ctx, running) {
    const v = ctx.config.verify;
    const defs = metricDefinitions(ctx.config);
    const current = await Promise.all(running.map((m) => m.runningContainer().catch(() => null)));
    const version = current.find((c) => c?.version)?.version ?? null;
    const samples = new Map(defs.map((d) => [d.spec.name, []]));
    if (running.length === 0)
        return { samples, version: null, warnings: ['no release was running before this deploy: no baseline, only absolute guards apply'] };
    const sampler = new Sampler(ctx, defs, null);
    const nowSec = ctx.clock.now() / 1000;
    const live = defs.some((d) => d.source !== 'prometheus');
    const n = Math.floor(v.baseline / v.interval);
    const shortBaseline = live && v.baseline > 0 && n < tracker/* SHORT_BASELINE */.jB && !ctx.config.rollout.canary
        ? [`verify.baseline gives ${n} samples at the ${v.interval / 1000}s interval; with fewer than ${tracker/* SHORT_BASELINE */.jB} the baseline says little about how the old release varies, and a healthy release is rolled back more often (docs/detector.md): use at least ${(tracker/* SHORT_BASELINE */.jB * v.interval) / 1000}s, or canary mode`]
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
                if ((i + 1) % Math.max(1, Math.round(HEARTBEAT_MS / v.interval)) === 0 && i + 1 < n)
                    ctx.log.info(progress);
                else
                    ctx.log.progress?.(progress);
                for (const d of defs)
                    if (d.source !== 'prometheus')
                        samples.get(d.spec.name).push(s.get(d.spec.name) ?? { value: null });
            }
        }
        finally {
            await prober?.stop();
        }
    }
    // Prometheus history over the same span, read after it (when the probe's own traffic is in it).
    const endSec = ctx.clock.now() / 1000;
    const spanSec = Math.max(v.baseline / 1000, endSec - nowSec);
    for (const [k, s] of await sampler.promHistory(running, version, endSec, spanSec, v.interval / 1000))
        samples.set(k, s);
    return { samples, version, warnings: [...shortBaseline, ...sampler.warnings] };
}
function reportMetric(d, st, baseline, candidate) {
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
        baseline: baseline.map((s) => s.value).filter((x) => x !== null && Number.isFinite(x)),
        candidate: candidate.map((s) => (s.value !== null && Number.isFinite(s.value) ? s.value : null)),
    };
}
/** A window or baseline longer than this says how far it is, every this often. */
const HEARTBEAT_MS = 15_000;
/** "verifying v2: 45/120 s, 9 samples; worst so far: probe.latency_p95 z 1.8 (pass)". */
function heartbeat(version, elapsedMs, totalMs, samples, defs, trackers) {
    let worst = null;
    for (const d of defs) {
        const st = trackers.get(d.spec.name).status();
        if (st.worstZ !== null && (worst === null || st.worstZ > worst.z))
            worst = { name: d.spec.name, z: st.worstZ, verdict: st.verdict };
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
const ENVELOPE_MIN_BASELINE_SPAN_MS = 10 * 60_000;
/**
 * The verification window: samples the candidates (and, in canary mode, the hosts still on the
 * old release) every interval, feeds the detector sample by sample, and stops at the first
 * failing critical metric.
 */
async function runWindow(ctx, candidates, baselineHosts, version, pre) {
    const v = ctx.config.verify;
    const defs = metricDefinitions(ctx.config);
    const liveDefaults = v.baseline < ENVELOPE_MIN_BASELINE_SPAN_MS ? { envelopeMargin: 0 } : {};
    const policy = (0,detect_policy/* resolvePolicy */.nZ)(liveDefaults, v.policy);
    const trackers = new Map();
    const baselineSeen = new Map();
    const candidateSeen = new Map();
    const concurrent = baselineHosts.length > 0;
    for (const d of defs) {
        const t = (0,tracker/* createMetricTracker */.Ho)(d.spec, (0,detect_policy/* resolvePolicy */.nZ)(liveDefaults, v.policy, d.spec.policy));
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
    let decision = (0,decide/* decide */.L)([...trackers.values()].map((t) => t.status()), defs.map((d) => d.spec), policy);
    let verdictAt = null;
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
            if (i < warmupIntervals)
                continue;
            for (const d of defs) {
                const t = trackers.get(d.spec.name);
                if (concurrent) {
                    const b = base.get(d.spec.name) ?? { value: null };
                    t.addBaseline([b]);
                    baselineSeen.get(d.spec.name).push(b);
                }
                const s = cand.get(d.spec.name) ?? { value: null };
                candidateSeen.get(d.spec.name).push(s);
                t.push(s);
            }
            decision = (0,decide/* decide */.L)([...trackers.values()].map((t) => t.status()), defs.map((d) => d.spec), policy);
            const progress = heartbeat(version, ctx.clock.now() - windowStart, (n + warmupIntervals) * v.interval, i + 1 - warmupIntervals, defs, trackers);
            if (ctx.clock.now() >= nextHeartbeat) {
                nextHeartbeat += HEARTBEAT_MS;
                ctx.log.info(progress);
            }
            else
                ctx.log.progress?.(progress);
            const failing = defs.filter((d) => trackers.get(d.spec.name).status().verdict === 'fail');
            if (failing.length)
                ctx.log.debug(`interval ${i}: failing ${failing.map((d) => d.spec.name).join(', ')}`);
            if (decision.verdict === 'fail') {
                verdictAt = ctx.clock.now();
                ctx.log.warn(`regression: ${decision.reason}`);
                break;
            }
        }
    }
    finally {
        await prober?.stop();
    }
    const statuses = [...trackers.values()].map((t) => t.finish());
    decision = (0,decide/* decide */.L)(statuses, defs.map((d) => d.spec), policy);
    verdictAt ??= ctx.clock.now();
    if (decision.verdict === 'inconclusive' && !concurrent && !pre?.version) {
        decision = { ...decision, reason: 'no baseline to compare with (no release ran before): only the absolute guards were applied, and they passed' };
    }
    const warnings = [...(pre?.warnings ?? []), ...sampler.warnings];
    if (sampler.queryErrors > 0)
        warnings.push(`${sampler.queryErrors} Prometheus query error(s): those samples count as missing data`);
    for (const [name, n] of sampler.promEmpty) {
        if (n.read > 0 && n.empty === n.read)
            warnings.push(`prom.${name}: Prometheus answered, but the query matched no series in any of the ${n.read} samples of the window: check its labels and metric names`);
    }
    if (decision.verdict === 'inconclusive' && (concurrent || pre?.version))
        warnings.push(`verification inconclusive: ${decision.reason}; policy: ${policy.onInconclusive === 'rollback' ? 'roll back' : 'keep the release'}`);
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
        metrics: defs.map((d, i) => reportMetric(d, statuses[i], baselineSeen.get(d.spec.name), candidateSeen.get(d.spec.name))),
        warnings,
    };
}
function watcher(config) {
    if (!config.verify.enabled)
        return null;
    return {
        baseline: (ctx, nodes) => collectBaseline(ctx, nodes),
        verify: ({ ctx, candidates, baselineHosts, release, preDeploy }) => runWindow(ctx, candidates, baselineHosts, release.version, preDeploy ?? null),
    };
}

;// CONCATENATED MODULE: ./src/engine/pipeline.ts





function resolveVersion(ctx, requested) {
    const v = requested ?? ctx.config.version ?? ctx.commit ?? undefined;
    if (!v)
        throw (0,errors/* inputError */.Xu)('version', 'no version given and no git commit found', 'pass --version, set version in the config, or run inside a git checkout');
    const bad = (0,values/* checkValue */.Su)('version', v);
    if (bad)
        throw (0,errors/* inputError */.Xu)('version', bad);
    return v;
}
/** A verdict the run acts on by rolling back. */
const regressedBy = (v) => v?.verdict === 'fail' || (v?.verdict === 'inconclusive' && v.onInconclusive === 'rollback');
/** Builds the release and pushes it (the config has image.build and no image.digest). */
async function buildRelease(ctx, version, forceBuild) {
    const { config, log } = ctx;
    // Loaded on first use, like the targets: the Docker client is a large share of start-up.
    const { buildAndPush } = await Promise.all(/* import() */[__webpack_require__.e(472), __webpack_require__.e(830), __webpack_require__.e(40), __webpack_require__.e(645), __webpack_require__.e(7)]).then(__webpack_require__.bind(__webpack_require__, 70007));
    return buildAndPush({ dockerHost: config.dockerHost, app: config.app, repository: config.image.repository, version, extraTags: config.image.tags, build: config.image.build, registry: config.registry, revision: ctx.commit, force: forceBuild }, log);
}
/**
 * When the config builds nothing, the release is only looked up in the registry: read-only, so
 * a deploy starts it before preflight and it runs while the hosts are connected and locked.
 * `use()` gives the image, or throws what is wrong with it (and says what is deployed): called
 * in the build phase, so its error and its log line come where they did. Null when the config builds.
 */
function lookUpRelease(ctx, version, wanted) {
    const { config, log } = ctx;
    if (!config.image.digest && config.image.build)
        return null;
    // Started once the target's first requests are out (setImmediate): its Docker client then
    // loads while they wait on the hosts; not at all when the run has already failed.
    // Loaded on first use: the Docker client is a large share of start-up.
    const found = new Promise((resolve) => setImmediate(resolve)).then(async () => {
        if (!wanted())
            throw new errors/* RollwatchError */.vP('build', 'the release was not looked up: the run had already stopped');
        const { resolveExisting, resolvePinned } = await Promise.all(/* import() */[__webpack_require__.e(472), __webpack_require__.e(830), __webpack_require__.e(40), __webpack_require__.e(645), __webpack_require__.e(7)]).then(__webpack_require__.bind(__webpack_require__, 70007));
        return config.image.digest ? resolvePinned(config.dockerHost, config.image.repository, config.image.digest, config.registry) : resolveExisting(config.dockerHost, config.image.repository, version, config.registry);
    });
    return found.then((image) => ({
        use() {
            if (config.image.digest) {
                if (!image)
                    throw new errors/* RollwatchError */.vP('build', `${config.image.repository}@${config.image.digest} is not in the registry; nothing was changed`, 'image.digest', 'push the image first (docker/build-push-action with push: true), or check image.repository and the registry credentials');
                log.info(`deploying the prebuilt ${image.imageRef} as ${version}; nothing is built`);
            }
            else if (!image)
                throw new errors/* RollwatchError */.vP('build', `${config.image.repository}:${version} is not in the registry and image.build is not configured`, 'image.build');
            return image;
        },
    }), (err) => ({
        use() {
            throw err;
        },
    }));
}
/**
 * The deploy, the same for every target: preflight → build → baseline → rollout (step by step,
 * the canary step judged by its own window) → verify → decide → keep or roll back → report.
 * Any failure after the first change undoes everything the run touched.
 */
async function deploy(target, ctx, options = {}) {
    const { config, log, clock } = ctx;
    const version = resolveVersion(ctx, options.version);
    const report = (0,report_builder/* newReport */.bQ)(ctx, 'deploy', version);
    const session = target.session(ctx);
    const watch = watcher(config);
    report.target = { kind: target.kind, description: session.describe() };
    const phase = async (name, fn) => {
        const t = clock.now();
        try {
            return await log.group(name, fn);
        }
        finally {
            report.phases.push({ step: name, ms: clock.now() - t });
        }
    };
    const checkpoint = (p) => ctx.onCheckpoint?.({ runId: ctx.runId, app: config.app, command: 'deploy', version, phase: p, ...session.progress() });
    let changed = false;
    try {
        // Never rejects (see lookUpRelease); null when the release is built after preflight.
        let preflightFailed = false;
        const lookup = lookUpRelease(ctx, version, () => !preflightFailed);
        const before = await phase('preflight', () => session.preflight(version)).catch((err) => {
            preflightFailed = true;
            throw err;
        });
        report.previousVersion = before.previousVersion;
        checkpoint('preflight');
        const tBuild = clock.now();
        const image = await phase('build', async () => (lookup ? (await lookup).use() : buildRelease(ctx, version, options.forceBuild)));
        report.timings.buildMs = clock.now() - tBuild;
        report.image = image.tagRef;
        report.digest = image.digest;
        const release = { version, imageRef: image.imageRef, digest: image.digest };
        const preDeploy = watch ? await phase('baseline', async () => watch.baseline(ctx, await session.baselineNodes())) : undefined;
        const steps = session.steps();
        const candidates = [];
        let failure = null;
        let verification = null;
        let canaryWindow = null;
        let changedNodes = false;
        const window = (nodes, concurrent) => phase('verify', () => watch.verify({ ctx, release, candidates: nodes, baselineHosts: concurrent, preDeploy, windowStartedAt: clock.now() }));
        checkpoint('rollout');
        const tRollout = clock.now();
        for (let i = 0; i < steps.length && !failure; i++) {
            if (ctx.signal.aborted) {
                failure = { reason: i === 0 ? 'interrupted by a signal before the rollout started; nothing was changed' : 'interrupted: no new host was started after the signal' };
                break;
            }
            const step = steps[i];
            changed = true;
            const outcome = await phase(step.label, () => session.runStep(i, release, () => checkpoint('rollout')));
            checkpoint('rollout');
            if (!outcome.ok) {
                failure = outcome;
                break;
            }
            candidates.push(...outcome.candidates);
            changedNodes ||= outcome.changed;
            if (watch && outcome.changed && config.rollout.canary && i === 0 && steps.length > 1) {
                // The canary's pass only lets the rollout go on; the fleet is judged by its own window below.
                checkpoint('verify');
                const v = await window(outcome.candidates, steps.slice(1).flatMap((s) => s.nodes));
                canaryWindow = { hosts: outcome.candidates.map((n) => n.host.name), verification: v };
                if (regressedBy(v)) {
                    verification = v;
                    break;
                }
                log.info(`canary window on ${canaryWindow.hosts.join(', ')}: ${v.verdict}; rolling out to the rest`);
            }
        }
        report.timings.deployServerMs = clock.now() - tRollout;
        if (!failure && !changedNodes) {
            // A rerun of what already runs: no new release to judge, nothing to keep or prune.
            report.outcome = 'ok';
            report.reason = `every node already runs ${version} with the same settings, healthy; nothing was changed`;
        }
        else {
            if (!failure && !verification && watch) {
                checkpoint('verify');
                verification = await window(candidates, []);
                if (canaryWindow)
                    verification.canary = { hosts: canaryWindow.hosts, verdict: canaryWindow.verification.verdict, reason: canaryWindow.verification.reason, samples: canaryWindow.verification.samples };
            }
            report.verification = verification;
            // Interrupted (SIGINT/SIGTERM) before the window could judge the release: put the old one back.
            const interrupted = !failure && ctx.signal.aborted && verification?.verdict !== 'pass';
            const regressed = regressedBy(verification) || interrupted;
            if (!failure && !regressed) {
                report.outcome = (0,report_builder/* keptOutcome */.L0)(verification);
                report.reason = verification ? `verification ${verification.verdict}: ${verification.reason}` : `all ${candidates.length} ${candidates.length === 1 ? 'node' : 'nodes'} on ${version} and healthy`;
                await phase('prune', () => session.keep());
            }
            else {
                const why = failure ? failure.reason : interrupted ? 'interrupted by a signal before the release was verified' : `verification ${verification.verdict}: ${verification.reason}`;
                const tVerdict = clock.now();
                checkpoint('rollback');
                const back = await phase('rollback', () => session.undo());
                report.timings.recoverMs = regressed && !interrupted ? clock.now() - tVerdict : null;
                report.outcome = regressed && !interrupted && back.healthy ? 'rolled-back' : 'failed';
                report.reason = back.summary ? `${why}; ${back.summary}` : why;
            }
        }
        checkpoint('done');
    }
    catch (err) {
        report.outcome = 'failed';
        report.reason = (0,errors/* errorMessage */.gJ)(err);
        if (changed) {
            const back = await phase('rollback', () => session.undo()).catch((e) => (log.error((0,errors/* errorMessage */.gJ)(e)), null));
            if (back?.summary)
                report.reason += `; ${back.summary}`;
        }
    }
    report.hosts = session.rows();
    (0,report_builder/* finishReport */.Ux)(ctx, report);
    try {
        // Recorded under the lock, on the connections of the run, before they close.
        const entry = (0,engine_history/* historyEntry */.xg)(report, ctx);
        if (entry && (0,engine_history/* worthRecording */.IQ)(report))
            report.warnings.push(...(await session.record(entry)));
    }
    finally {
        await session.close();
        report.warnings.push(...session.warnings);
        report.hosts = session.rows();
    }
    return report;
}
/**
 * `verify`: watches what runs now (no candidate, no lock); `heal: restart` first restarts
 * unhealthy containers. With verification off it is `status`: health only.
 */
async function verifyDeployed(target, ctx) {
    const watch = watcher(ctx.config);
    if (!watch)
        return target.status(ctx);
    const report = (0,report_builder/* newReport */.bQ)(ctx, 'verify', null);
    let observation = null;
    try {
        observation = await target.observe(ctx);
        report.target = { kind: target.kind, description: observation.description };
        report.version = observation.version;
        report.hosts = observation.rows;
        if (observation.nodes.length === 0)
            throw new errors/* RollwatchError */.vP('verify', 'no release of this app runs on any node: nothing to verify');
        const quiet = { ...ctx, config: { ...ctx.config, verify: { ...ctx.config.verify, baseline: 0 } } };
        const pre = ctx.config.prometheus ? await watch.baseline(quiet, observation.nodes) : undefined;
        const verification = await watch.verify({ ctx, release: { version: observation.version ?? 'unknown', imageRef: '', digest: '' }, candidates: observation.nodes, baselineHosts: [], preDeploy: pre, windowStartedAt: ctx.clock.now() });
        verification.heal = observation.heal;
        report.verification = verification;
        const unhealed = observation.heal.filter((h) => !h.healthy);
        report.outcome = verification.verdict === 'fail' || unhealed.length ? 'failed' : verification.verdict === 'inconclusive' ? 'inconclusive' : 'ok';
        report.reason = unhealed.length ? `${unhealed.map((h) => h.host).join(', ')} stayed unhealthy after restarts` : `verification ${verification.verdict}: ${verification.reason}`;
    }
    catch (err) {
        report.outcome = 'failed';
        report.reason = (0,errors/* errorMessage */.gJ)(err);
    }
    finally {
        report.warnings.push(...(observation?.warnings ?? []));
        observation?.close();
    }
    return (0,report_builder/* finishReport */.Ux)(ctx, report);
}


/***/ }),

/***/ 49460:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L0: () => (/* binding */ keptOutcome),
/* harmony export */   Ux: () => (/* binding */ finishReport),
/* harmony export */   bQ: () => (/* binding */ newReport)
/* harmony export */ });
function newReport(ctx, command, version) {
    return {
        tool: 'rollwatch',
        schemaVersion: 1,
        command,
        app: ctx.config.app,
        version,
        previousVersion: null,
        image: null,
        digest: null,
        outcome: 'failed',
        reason: '',
        runId: ctx.runId,
        startedAt: new Date(ctx.clock.now()).toISOString(),
        finishedAt: '',
        timings: { buildMs: null, deployServerMs: null, deployMs: null, detectMs: null, recoverMs: null, recoveryMs: null, totalMs: 0 },
        hosts: [],
        verification: null,
        warnings: [],
        phases: [],
    };
}
/** Fills the derived timings (T_deploy = T_build + T_deploy_server; Recovery = T_detect + T_recover). */
function finishReport(ctx, report) {
    const t = report.timings;
    if (t.buildMs !== null && t.deployServerMs !== null)
        t.deployMs = t.buildMs + t.deployServerMs;
    if (report.verification?.detectMs != null)
        t.detectMs = report.verification.detectMs;
    if (t.detectMs !== null && t.recoverMs !== null)
        t.recoveryMs = t.detectMs + t.recoverMs;
    t.totalMs = ctx.clock.now() - Date.parse(report.startedAt);
    report.finishedAt = new Date(ctx.clock.now()).toISOString();
    return report;
}
/** The outcome of a release that stays: compared and kept, undecided, or a first release with nothing to compare with. */
function keptOutcome(verification) {
    if (verification?.baselineKind === 'none' && verification.verdict !== 'fail')
        return 'deployed';
    return verification?.verdict === 'inconclusive' ? 'inconclusive' : 'promoted';
}


/***/ }),

/***/ 57345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SV: () => (/* binding */ requestDeadline),
/* harmony export */   UN: () => (/* binding */ hostUrl),
/* harmony export */   lx: () => (/* binding */ httpGet)
/* harmony export */ });
/* unused harmony exports MAX_PROBE_RESPONSE_BYTES, requestError */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);


/** A probe or health answer larger than this is cut off and counts as failed. */
const MAX_PROBE_RESPONSE_BYTES = 1 << 20;
class AnswerTooLarge extends Error {
}
/**
 * One GET with Node's own client: no proxy, no redirect followed (a 3xx is its status), the
 * whole answer read but not kept, cut off past MAX_PROBE_RESPONSE_BYTES. Resolves with the
 * status once the answer has ended. Node's client, not axios: health checks run in every
 * deploy, and axios (with the fetch it sets up) is a large share of a deploy's start-up.
 */
function getStatus(url, signal) {
    return new Promise((resolve, reject) => {
        const u = new URL(url);
        const client = u.protocol === 'https:' ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default());
        // A connection of its own (agent: false): a kept-alive one could lead to a container that has since been replaced.
        const req = client.get(u, { headers: { 'User-Agent': 'rollwatch' }, signal, agent: false }, (res) => {
            let size = 0;
            res.on('data', (chunk) => {
                size += chunk.length;
                if (size > MAX_PROBE_RESPONSE_BYTES) {
                    reject(new AnswerTooLarge());
                    res.destroy();
                }
            });
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
            res.on('close', () => reject(new Error('the answer was cut off')));
        });
        req.on('error', reject);
    });
}
/**
 * A deadline for one whole request (connect, headers and body), optionally tied to a caller's
 * signal. axios's `timeout` is a socket idle timeout: a peer that drips a byte now and then
 * would keep the request open for ever. AbortSignal.any registers no listener on the caller's
 * signal, so many requests under one caller signal do not pile up listeners on it.
 */
function requestDeadline(timeoutMs, signal) {
    const deadline = AbortSignal.timeout(timeoutMs);
    return { signal: signal ? AbortSignal.any([signal, deadline]) : deadline, expired: () => deadline.aborted };
}
/** Why a request failed, in words a user can act on. */
function requestError(err, timeoutMs, expired) {
    if (expired)
        return `no complete answer within ${timeoutMs} ms`;
    const e = err;
    if (err instanceof AnswerTooLarge || /maxContentLength/.test(e.message ?? ''))
        return `answer larger than the ${Math.round(MAX_PROBE_RESPONSE_BYTES / 1024)} KiB limit`;
    return e.code ?? e.message ?? 'request failed';
}
/** One GET; never throws. 2xx counts as ok; anything else, resets and timeouts do not. */
async function httpGet(url, timeoutMs, signal) {
    const started = performance.now();
    const deadline = requestDeadline(timeoutMs, signal);
    try {
        const status = await getStatus(url, deadline.signal);
        const ms = performance.now() - started;
        return { ok: status >= 200 && status < 300, status, ms, error: status >= 300 ? `HTTP ${status}` : null };
    }
    catch (err) {
        return { ok: false, status: null, ms: performance.now() - started, error: requestError(err, timeoutMs, deadline.expired()) };
    }
}
function hostUrl(scheme, address, port, path) {
    const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
    return `${scheme}://${host}:${port}${path}`;
}


/***/ })

};
;