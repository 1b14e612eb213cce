"use strict";
exports.id = 170;
exports.ids = [170];
exports.modules = {

/***/ 789:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  analyzeLine: () => (/* binding */ analyzeLine)
});

// UNUSED EXPORTS: ANALYZE_LIMITS, analyze

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
;// CONCATENATED MODULE: ./src/detect/policy.ts
// Detector policy: defaults, the classic preset, the zod schema of partial
// overrides (config files and `analyze`), and how layers of overrides merge.

/**
 * Defaults of the robust detector. The rationale for every number is in
 * docs/detector.md ("Defaults and why"); in short they are chosen to keep false
 * rollbacks rare on autocorrelated, heavy-tailed series whose level differs a
 * little between baseline and candidate, while a ×2 step is caught within a few
 * samples.
 */
const DEFAULT_POLICY = Object.freeze({
    method: 'robust',
    threshold: 3.5,
    minAbsoluteEffect: 0,
    minRelativeEffect: 0.25,
    consecutive: 3,
    window: Object.freeze({ breaches: 4, of: 6 }),
    minBaselineSamples: 10,
    minCandidateSamples: 5,
    poissonAlpha: 0.001,
    minCountEffect: 5,
    onInconclusive: 'keep',
    scaleFloorAbsolute: 1e-9,
    scaleFloorRelative: 0.01,
    maxMissingFraction: 0.5,
});
/**
 * The textbook detector, for comparison: z = (x − mean)/sd, |z| > 3 in the bad
 * direction, the first breach fails, no effect-size gates. Used as the base when
 * a partial policy selects `method: 'classic'`.
 */
const CLASSIC_POLICY = Object.freeze({
    ...DEFAULT_POLICY,
    method: 'classic',
    threshold: 3,
    minAbsoluteEffect: 0,
    minRelativeEffect: 0,
    consecutive: 1,
    window: undefined,
    scaleFloorRelative: 0,
});
const POLICY_KEYS = [
    'method',
    'threshold',
    'minAbsoluteEffect',
    'minRelativeEffect',
    'consecutive',
    'window',
    'minBaselineSamples',
    'minCandidateSamples',
    'poissonAlpha',
    'minCountEffect',
    'onInconclusive',
    'scaleFloorAbsolute',
    'scaleFloorRelative',
    'maxMissingFraction',
];
/** A number schema whose every failure message is `form`. */
function num(form, o = {}) {
    let s = schemas/* number */.aig({ error: form });
    if (o.int)
        s = s.int({ error: form });
    if (o.min !== undefined)
        s = s.min(o.min, { error: form });
    if (o.gt !== undefined)
        s = s.gt(o.gt, { error: form });
    if (o.max !== undefined)
        s = s.max(o.max, { error: form });
    if (o.lt !== undefined)
        s = s.lt(o.lt, { error: form });
    return s;
}
function strictObject(shape, form) {
    const keys = Object.keys(shape).join(', ');
    return schemas/* strictObject */.rej(shape, {
        error: (iss) => (iss.code === 'unrecognized_keys' ? `one of the keys ${keys} (unknown key rejected)` : form),
    });
}
const windowSchema = strictObject({
    breaches: num('an integer from 1 to 1000', { int: true, min: 1, max: 1000 }),
    of: num('an integer from 1 to 1000', { int: true, min: 1, max: 1000 }),
}, 'an object {"breaches": M, "of": N} with 1 ≤ M ≤ N ≤ 1000, or null to switch the rule off').refine((w) => w.breaches <= w.of, {
    error: 'an object {"breaches": M, "of": N} with M ≤ N',
    path: ['breaches'],
});
const policyShape = {
    method: schemas/* enum */.k5n(['robust', 'classic'], { error: '"robust" or "classic"' }).optional(),
    threshold: num('a number > 0 and ≤ 1000000 (z threshold)', { gt: 0, max: 1e6 }).optional(),
    minAbsoluteEffect: num('a finite number ≥ 0 (in the metric unit)', { min: 0 }).optional(),
    minRelativeEffect: num('a number from 0 to 1000 (0.25 = 25 %)', { min: 0, max: 1000 }).optional(),
    consecutive: num('an integer from 1 to 1000', { int: true, min: 1, max: 1000 }).optional(),
    window: windowSchema.nullable().optional(),
    minBaselineSamples: num('an integer from 1 to 100000', { int: true, min: 1, max: 100_000 }).optional(),
    minCandidateSamples: num('an integer from 1 to 100000', { int: true, min: 1, max: 100_000 }).optional(),
    poissonAlpha: num('a number > 0 and < 0.5 (e.g. 0.001)', { gt: 0, lt: 0.5 }).optional(),
    minCountEffect: num('a finite number ≥ 0 (events)', { min: 0 }).optional(),
    onInconclusive: schemas/* enum */.k5n(['keep', 'rollback'], { error: '"keep" or "rollback"' }).optional(),
    scaleFloorAbsolute: num('a finite number ≥ 0 (in the metric unit)', { min: 0 }).optional(),
    scaleFloorRelative: num('a number from 0 to 1000', { min: 0, max: 1000 }).optional(),
    maxMissingFraction: num('a number from 0 to 1', { min: 0, max: 1 }).optional(),
};
/**
 * zod 4 schema of a PARTIAL policy. Unknown keys are rejected; every message
 * states the accepted form. Parse output type: {@link PolicyOverrides}.
 */
const detectorPolicySchema = strictObject(policyShape, `an object with some of the keys ${POLICY_KEYS.join(', ')}`);
/**
 * Merge layers of overrides over the defaults, later layers winning. When the
 * merged `method` is 'classic' the base is {@link CLASSIC_POLICY} (textbook
 * z-score, first breach fails) so `{"method": "classic"}` alone means the
 * textbook detector; fields set explicitly in a layer still win.
 */
function resolvePolicy(...layers) {
    let method = DEFAULT_POLICY.method;
    for (const l of layers)
        if (l?.method)
            method = l.method;
    const out = { ...(method === 'classic' ? CLASSIC_POLICY : DEFAULT_POLICY) };
    for (const l of layers) {
        if (!l)
            continue;
        for (const k of POLICY_KEYS) {
            if (!(k in l))
                continue;
            const v = l[k];
            if (v === undefined)
                continue;
            if (k === 'window') {
                out.window = v === null ? undefined : { ...v };
            }
            else {
                out[k] = v;
            }
        }
    }
    if (out.window === undefined)
        delete out.window;
    return out;
}
/** Validate a full policy; returns a message naming the first bad field, or null when valid. */
function checkPolicy(p) {
    const r = detectorPolicySchema.safeParse(p);
    if (r.success)
        return null;
    return formatZodError(r.error, 'policy');
}
/** "field a.b[2]: accepted form …" for the first issue (and a count of the others). */
function formatZodError(err, root) {
    const issues = err.issues;
    const first = issues[0];
    if (!first)
        return 'invalid input';
    let path = first.path;
    const form = first.message;
    if (first.code === 'unrecognized_keys') {
        const keys = first.keys ?? [];
        path = [...path, ...(keys.length ? [keys[0]] : [])];
    }
    const where = formatPath(root ? [root, ...path] : path);
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
    return `field ${where || '(line)'}: accepted form ${form}${more}`;
}
function formatPath(path) {
    let s = '';
    for (const p of path) {
        if (typeof p === 'number')
            s += `[${p}]`;
        else
            s += s ? `.${String(p)}` : String(p);
    }
    return s;
}

;// CONCATENATED MODULE: ./src/detect/decide.ts
// Release-level decision from the per-metric statuses.

/**
 * Combine metric statuses into one release decision.
 * - any critical 'fail' → 'fail' (decidedAt = the earliest critical failure);
 * - else any critical 'inconclusive' or still 'pending' → 'inconclusive';
 * - else 'pass' (when at least one critical metric passed).
 * Non-critical metrics never change the verdict; their failures are named in the reason.
 * `action` is 'rollback' on fail, and on inconclusive when the effective
 * `onInconclusive` (policy, overridden per metric by `spec.policy`) of an
 * inconclusive critical metric is 'rollback'.
 */
function decide(statuses, specs, policy = DEFAULT_POLICY) {
    const specOf = new Map();
    for (const s of specs)
        if (!specOf.has(s.name))
            specOf.set(s.name, s);
    const isCritical = (st) => specOf.get(st.name)?.critical ?? true;
    const onInc = (st) => specOf.get(st.name)?.policy?.onInconclusive ?? policy.onInconclusive;
    const critical = statuses.filter(isCritical);
    const nonCritical = statuses.filter((s) => !isCritical(s));
    const softFails = nonCritical.filter((s) => s.verdict === 'fail');
    const note = softFails.length ? `; non-critical failures: ${softFails.map((s) => s.name).join(', ')}` : '';
    const fails = critical
        .filter((s) => s.verdict === 'fail')
        .sort((a, b) => (a.decidedAt ?? Infinity) - (b.decidedAt ?? Infinity));
    if (fails.length) {
        const first = fails[0];
        const others = fails.length > 1 ? ` (also failing: ${fails.slice(1).map((s) => s.name).join(', ')})` : '';
        return {
            verdict: 'fail',
            decidedAt: first.decidedAt,
            deciding: first.name,
            reason: `${first.name} failed at sample ${first.decidedAt ?? '?'}: ${first.reason}${others}${note}`,
            action: 'rollback',
        };
    }
    const open = critical.filter((s) => s.verdict === 'inconclusive' || s.verdict === 'pending');
    if (open.length || critical.length === 0) {
        const first = open[0] ?? null;
        const rollback = open.some((s) => s.verdict === 'inconclusive' && onInc(s) === 'rollback') ||
            (critical.length === 0 && policy.onInconclusive === 'rollback');
        const what = first
            ? open.map((s) => `${s.name} ${s.verdict === 'pending' ? 'still pending' : `inconclusive (${s.reason})`}`).join('; ')
            : 'no critical metric to judge';
        return {
            verdict: 'inconclusive',
            decidedAt: null,
            deciding: first?.name ?? null,
            reason: `${what}${note}`,
            action: rollback ? 'rollback' : 'keep',
        };
    }
    return {
        verdict: 'pass',
        decidedAt: null,
        deciding: null,
        reason: `all ${critical.length} critical metric${critical.length > 1 ? 's' : ''} passed${note}`,
        action: 'keep',
    };
}

;// CONCATENATED MODULE: ./src/detect/stats.ts
// Pure numeric helpers for the detector. No I/O, no clock, no randomness.
//
// Everything here is written to stay finite on hostile input: medians of huge
// values do not overflow, tails never return NaN, z-scores are clamped.
/** Largest |z| the detector ever reports. Beyond this the number carries no information. */
const Z_CAP = 1e12;
/** Clamp a number into [-cap, cap] and map NaN to `fallback`. */
function finiteOr(x, fallback, cap = Number.MAX_VALUE) {
    if (Number.isNaN(x))
        return fallback;
    if (x > cap)
        return cap;
    if (x < -cap)
        return -cap;
    return x;
}
function clampZ(z) {
    return finiteOr(z, 0, Z_CAP);
}
/** Median of a non-empty array (the array is not modified). Overflow-safe. */
function median(xs) {
    if (xs.length === 0)
        return 0;
    const s = Float64Array.from(xs).sort();
    const h = s.length >> 1;
    if (s.length % 2 === 1)
        return s[h];
    // a/2 + b/2 instead of (a+b)/2: no overflow for values near ±MAX_VALUE.
    return s[h - 1] / 2 + s[h] / 2;
}
function mean(xs) {
    if (xs.length === 0)
        return 0;
    // Divide while summing so that sums of huge values stay finite.
    let m = 0;
    for (let i = 0; i < xs.length; i++)
        m += (xs[i] - m) / (i + 1);
    return m;
}
/** Sample standard deviation (n − 1). 0 for fewer than two values. */
function stdev(xs) {
    if (xs.length < 2)
        return 0;
    // Welford's algorithm, numerically stable.
    let m = 0;
    let m2 = 0;
    for (let i = 0; i < xs.length; i++) {
        const x = xs[i];
        const d = x - m;
        m += d / (i + 1);
        m2 += d * (x - m);
    }
    const v = m2 / (xs.length - 1);
    return Number.isFinite(v) ? Math.sqrt(v) : Number.MAX_VALUE;
}
/** Median absolute deviation around `center` (unscaled). */
function mad(xs, center) {
    return median(xs.map((x) => Math.abs(x - center)));
}
function meanAbsDev(xs, center) {
    return mean(xs.map((x) => Math.abs(x - center)));
}
/** Consistency factor: 1.4826·MAD estimates σ for normal data. */
const MAD_TO_SIGMA = 1.4826;
/** Consistency factor: 1.2533·mean|x − m| (= √(π/2)) estimates σ for normal data. */
const MEANAD_TO_SIGMA = 1.2533;
/**
 * Robust location and scale of a baseline:
 * m = median, s = 1.4826·MAD; if MAD = 0 then s = 1.2533·mean|b − m|;
 * always s ≥ max(floorAbs, floorRel·|m|) so a constant baseline gives a finite z.
 */
function robustScale(xs, floorAbs, floorRel) {
    const m = median(xs);
    const madv = mad(xs, m);
    let s = finiteOr(MAD_TO_SIGMA * madv, 0);
    let source = 'mad';
    if (!(s > 0)) {
        s = finiteOr(MEANAD_TO_SIGMA * meanAbsDev(xs, m), 0);
        source = 'meanad';
    }
    const floor = Math.max(floorAbs, floorRel * Math.abs(m), Number.MIN_VALUE);
    if (!(s >= floor)) {
        s = floor;
        source = 'floor';
    }
    return { median: m, scale: finiteOr(s, Number.MAX_VALUE), source };
}
// ---------------------------------------------------------------------------
// Gamma function family (own implementation: Lanczos approximation for log Γ,
// series and Lentz continued fraction for the regularized incomplete gamma).
const LANCZOS_G = 7;
const LANCZOS_C = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
/** ln Γ(x) for x > 0. */
function logGamma(x) {
    if (x < 0.5) {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx)
        return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    const xx = x - 1;
    let a = LANCZOS_C[0];
    const t = xx + LANCZOS_G + 0.5;
    for (let i = 1; i < LANCZOS_G + 2; i++)
        a += LANCZOS_C[i] / (xx + i);
    return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}
const GAMMA_EPS = 1e-15;
const GAMMA_MAX_ITER = 10_000;
/** Regularized lower incomplete gamma P(a, x), a > 0, x ≥ 0. */
function gammaP(a, x) {
    if (!(a > 0) || Number.isNaN(x))
        return Number.NaN;
    if (x <= 0)
        return 0;
    if (x === Infinity)
        return 1;
    if (x < a + 1)
        return gammaSeries(a, x);
    return 1 - gammaContinuedFraction(a, x);
}
/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed without cancellation. */
function gammaQ(a, x) {
    if (!(a > 0) || Number.isNaN(x))
        return Number.NaN;
    if (x <= 0)
        return 1;
    if (x === Infinity)
        return 0;
    if (x < a + 1)
        return 1 - gammaSeries(a, x);
    return gammaContinuedFraction(a, x);
}
function gammaSeries(a, x) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < GAMMA_MAX_ITER; n++) {
        ap += 1;
        del *= x / ap;
        sum += del;
        if (Math.abs(del) < Math.abs(sum) * GAMMA_EPS)
            break;
    }
    const r = sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    return Math.min(1, Math.max(0, r));
}
function gammaContinuedFraction(a, x) {
    const tiny = 1e-300;
    let b = x + 1 - a;
    let c = 1 / tiny;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < GAMMA_MAX_ITER; i++) {
        const an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (Math.abs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (Math.abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        const del = d * c;
        h *= del;
        if (Math.abs(del - 1) < GAMMA_EPS)
            break;
    }
    const r = Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    return Math.min(1, Math.max(0, r));
}
/**
 * Upper tail of a Poisson law, P(X ≥ k | λ), extended to real k through the
 * incomplete gamma function (P(X ≥ k) = P(k, λ) for integer k ≥ 1). Used with
 * counts divided by an over-dispersion factor, which are not integers.
 */
function poissonUpperTail(k, lambda) {
    if (!(k > 0))
        return 1;
    if (!(lambda > 0))
        return 0;
    return gammaP(k, lambda);
}
/** Lower tail P(X ≤ k | λ) = Q(k + 1, λ), extended to real k ≥ 0. */
function poissonLowerTail(k, lambda) {
    if (k < 0)
        return 0;
    if (!(lambda > 0))
        return 1;
    return gammaQ(k + 1, lambda);
}
// ---------------------------------------------------------------------------
// Normal quantile (Acklam's rational approximation with one Halley step), used
// to express a tail probability as an equivalent z for explanations.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
/** Φ⁻¹(p): the standard normal quantile, for 0 < p < 1. */
function normalQuantile(p) {
    if (!(p > 0))
        return -Infinity;
    if (!(p < 1))
        return Infinity;
    const plow = 0.02425;
    let x;
    if (p < plow) {
        const q = Math.sqrt(-2 * Math.log(p));
        x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    else if (p <= 1 - plow) {
        const q = p - 0.5;
        const r = q * q;
        x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    }
    else {
        const q = Math.sqrt(-2 * Math.log(1 - p));
        x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    return x;
}
/**
 * The z whose one-sided normal tail equals p: z = Φ⁻¹(1 − p). For p that
 * underflows to 0 it uses the asymptotic z ≈ √(−2 ln p) on log p.
 */
function zFromUpperTail(p, logP) {
    if (p > 1e-300)
        return clampZ(-normalQuantile(Math.min(p, 1 - 1e-16)));
    const lp = logP ?? Math.log(Math.max(p, Number.MIN_VALUE));
    return clampZ(Math.sqrt(Math.max(0, -2 * lp)));
}

;// CONCATENATED MODULE: ./src/detect/tracker.ts
// The per-metric tracker: feeds candidate samples one by one, compares each
// with the baseline and decides pending → fail | pass | inconclusive.
//
// State = f(baseline so far, candidate so far). When the baseline grows (a
// concurrent baseline: old hosts sampled in the same interval), every candidate
// sample is scored again against the new baseline and the breach rules are
// replayed; a failure is sticky once reached. With a fixed baseline each push is
// O(1) after the baseline statistics are computed once.


const UNSCORED = { scored: false, breach: false, z: null, value: null, center: 0, scale: 0, detail: '' };
function fmt(x) {
    if (x === null || x === undefined || !Number.isFinite(x))
        return String(x);
    if (x === 0)
        return '0';
    const a = Math.abs(x);
    if (a >= 1e6 || a < 1e-3)
        return x.toExponential(2).replace(/\.?0+e/, 'e');
    return String(Number(x.toPrecision(4)));
}
function pct(r) {
    if (!Number.isFinite(r))
        return r > 0 ? '+∞ %' : '−∞ %';
    const v = Number((r * 100).toPrecision(3));
    return `${v >= 0 ? '+' : ''}${v} %`;
}
function sanitize(s) {
    const v = s && typeof s === 'object' ? s.value : null;
    const t = s && typeof s === 'object' ? s.total : null;
    return {
        value: typeof v === 'number' && Number.isFinite(v) ? v : null,
        total: typeof t === 'number' && Number.isFinite(t) && t >= 0 ? t : null,
    };
}
function hasTotal(s) {
    return !!s && typeof s === 'object' && typeof s.total === 'number' && Number.isFinite(s.total);
}
/** Tracks the M-of-N and N-consecutive rules over the scored samples. */
class RuleState {
    policy;
    run = 0;
    ring = [];
    ringBreaches = 0;
    constructor(policy) {
        this.policy = policy;
    }
    /** Feed one scored sample; returns the rule that fires, if any. */
    feed(breach) {
        this.run = breach ? this.run + 1 : 0;
        const w = this.policy.window;
        if (w) {
            this.ring.push(breach);
            if (breach)
                this.ringBreaches++;
            if (this.ring.length > w.of && this.ring.shift())
                this.ringBreaches--;
        }
        if (this.run >= this.policy.consecutive)
            return 'consecutive';
        if (w && this.ringBreaches >= w.breaches)
            return 'window';
        return null;
    }
    get windowBreaches() {
        return this.ringBreaches;
    }
}
function createMetricTracker(spec, policy) {
    const pol = { ...policy, ...(spec.policy ?? {}) };
    if (pol.window === undefined || pol.window === null)
        delete pol.window;
    const bad = checkPolicy(pol);
    if (bad)
        throw new Error(`metric ${spec.name}: invalid policy: ${bad}`);
    const name = String(spec.name);
    const direction = spec.direction;
    const isCount = spec.kind === 'count';
    const limit = typeof spec.limit === 'number' && Number.isFinite(spec.limit) ? spec.limit : undefined;
    const limitCount = Math.max(1, Math.floor(spec.limitCount ?? 1) || 1);
    // Raw (sanitized) samples.
    const baseline = [];
    const candidate = [];
    let usesTotals = false;
    // Derived state.
    let model = { kind: 'none', why: 'baseline', okCount: 0 };
    let dirty = true;
    let scores = [];
    let rules = new RuleState(pol);
    // Prefix sums of the candidate's ok samples, for the cumulative count test.
    let cumEvents = 0;
    let cumExposure = 0;
    let worstZ = null;
    let lastScored = -1;
    // Limit guard (independent of the baseline).
    let limitRun = 0;
    // Verdict.
    let verdict = 'pending';
    let decidedAt = null;
    let reason = 'waiting for candidate samples';
    let explain = { value: null, median: 0, scale: 0, z: null, rule: 'none', index: null };
    let finished = false;
    // -------------------------------------------------------------------------
    function stateOf(o) {
        if (o.value === null)
            return 'missing';
        if (isCount) {
            if (o.value < 0)
                return 'missing';
            if (usesTotals) {
                if (o.total === null)
                    return 'missing';
                if (o.total === 0)
                    return 'notraffic';
            }
            return 'ok';
        }
        if (o.total === 0)
            return 'notraffic';
        return 'ok';
    }
    /** Value on which the classic z and the limit work: the ratio for counts with totals. */
    function levelOf(o) {
        if (isCount && usesTotals)
            return o.value / o.total;
        return o.value;
    }
    function exposureOf(o) {
        return usesTotals ? o.total : 1;
    }
    function buildModel() {
        const ok = baseline.filter((o) => stateOf(o) === 'ok');
        if (ok.length < pol.minBaselineSamples)
            return { kind: 'none', why: 'baseline', okCount: ok.length };
        if (isCount && pol.method === 'robust') {
            let events = 0;
            let exposure = 0;
            for (const o of ok) {
                events += o.value;
                exposure += exposureOf(o);
            }
            if (!(exposure > 0))
                return { kind: 'none', why: 'traffic', okCount: ok.length };
            // Over-dispersion φ (Pearson χ²/(k−1)), floored at 1: real error counts are
            // burstier than Poisson; dividing counts by φ gives a quasi-Poisson test.
            const rate = events / exposure;
            let phi = 1;
            if (rate > 0 && ok.length >= 2) {
                let chi2 = 0;
                for (const o of ok) {
                    const expct = exposureOf(o) * rate;
                    if (expct > 0)
                        chi2 += (o.value - expct) ** 2 / expct;
                }
                phi = Math.max(1, finiteOr(chi2 / (ok.length - 1), 1));
            }
            return { kind: 'poisson', events: finiteOr(events, Number.MAX_VALUE), exposure: finiteOr(exposure, Number.MAX_VALUE), phi, okCount: ok.length };
        }
        const xs = ok.map(levelOf);
        if (pol.method === 'classic') {
            const sd = stdev(xs);
            const floor = Math.max(pol.scaleFloorAbsolute, pol.scaleFloorRelative * Math.abs(mean(xs)), Number.MIN_VALUE);
            return { kind: 'location', center: mean(xs), scale: Math.max(sd, floor), okCount: ok.length, source: 'sd' };
        }
        const r = robustScale(xs, pol.scaleFloorAbsolute, pol.scaleFloorRelative);
        return { kind: 'location', center: r.median, scale: r.scale, okCount: ok.length, source: r.source };
    }
    /** Effect gate in the bad direction for a level x against center m. */
    function effectOk(x, m, dir) {
        const d = dir === 'increase' ? x - m : m - x;
        if (!(d > 0) || d < pol.minAbsoluteEffect)
            return false;
        if (pol.minRelativeEffect <= 0)
            return true;
        if (dir === 'increase' || !(m > 0))
            return d >= pol.minRelativeEffect * Math.abs(m);
        // Decrease on a positive level: the same ratio as an increase, x ≤ m/(1 + r).
        return x * (1 + pol.minRelativeEffect) <= m;
    }
    function scoreLocation(o, md) {
        const x = levelOf(o);
        const m = md.center;
        const s = md.scale;
        const up = clampZ((x - m) / s);
        let z;
        let breach;
        if (direction === 'increase') {
            z = up;
            breach = z > pol.threshold && effectOk(x, m, 'increase');
        }
        else if (direction === 'decrease') {
            z = clampZ(-up);
            breach = z > pol.threshold && effectOk(x, m, 'decrease');
        }
        else {
            z = Math.abs(up);
            breach = z > pol.threshold && (effectOk(x, m, 'increase') || effectOk(x, m, 'decrease'));
        }
        const rel = m !== 0 ? (x - m) / Math.abs(m) : x === m ? 0 : x > m ? Infinity : -Infinity;
        const detail = `value ${fmt(x)} vs ${pol.method === 'classic' ? 'mean' : 'median'} ${fmt(m)} (scale ${fmt(s)}): z ${fmt(z)}, change ${pct(rel)}`;
        return { scored: true, breach, z, value: x, center: m, scale: s, detail };
    }
    function scorePoisson(md) {
        const eV = cumEvents;
        const nV = cumExposure;
        if (!(nV > 0))
            return UNSCORED;
        const { events: eB, exposure: nB, phi } = md;
        const rateB = eB / nB;
        const rateV = eV / nV;
        const alpha = direction === 'either' ? pol.poissonAlpha / 2 : pol.poissonAlpha;
        // Expected count with one pseudo-event in the baseline (a zero-error baseline
        // still has a non-zero rate; conservative for 'increase').
        const lamUp = finiteOr((nV * (eB + 1)) / (nB + 1), Number.MAX_VALUE);
        const lamDown = finiteOr((nV * eB) / (nB + 1), Number.MAX_VALUE);
        let best = null;
        const tryDir = (dir) => {
            const lam = dir === 'increase' ? lamUp : lamDown;
            const p = dir === 'increase' ? poissonUpperTail(eV / phi, lam / phi) : poissonLowerTail(eV / phi, lam / phi);
            const effect = dir === 'increase' ? eV - lam : lam - eV;
            const relOk = pol.minRelativeEffect <= 0 ||
                (dir === 'increase'
                    ? eB === 0 || rateV >= rateB * (1 + pol.minRelativeEffect)
                    : rateV * (1 + pol.minRelativeEffect) <= rateB);
            const absOk = (dir === 'increase' ? rateV - rateB : rateB - rateV) >= pol.minAbsoluteEffect;
            const breach = p < alpha && effect >= pol.minCountEffect && effect > 0 && relOk && absOk;
            const z = zFromUpperTail(p);
            const unit = usesTotals ? `${fmt(nV)} requests` : `${fmt(nV)} intervals`;
            const base = usesTotals ? `${fmt(eB)} in ${fmt(nB)} requests` : `${fmt(eB)} in ${fmt(nB)} intervals`;
            const tail = dir === 'increase' ? '≥' : '≤';
            const detail = `${fmt(eV)} events in ${unit} vs expected ${fmt(lam)} (baseline ${base}` +
                `${phi > 1 ? `, dispersion ${fmt(phi)}` : ''}): P(X ${tail} ${fmt(eV)}) = ${fmt(p)} vs α ${fmt(alpha)}` +
                `, rate ${pct(rateB > 0 ? rateV / rateB - 1 : rateV > 0 ? Infinity : 0)}`;
            return { scored: true, breach, z, value: eV, center: lam, scale: Math.sqrt(phi * lam), detail };
        };
        if (direction !== 'decrease')
            best = tryDir('increase');
        if (direction !== 'increase') {
            const d = tryDir('decrease');
            if (!best || (d.breach && !best.breach) || (d.breach === best.breach && (d.z ?? 0) > (best.z ?? 0)))
                best = d;
        }
        return best;
    }
    /** Score candidate sample i (requires the cumulative sums to include it). */
    function scoreAt(i) {
        const o = candidate[i];
        if (stateOf(o) !== 'ok')
            return UNSCORED;
        if (model.kind === 'none')
            return UNSCORED;
        if (model.kind === 'poisson')
            return scorePoisson(model);
        return scoreLocation(o, model);
    }
    function ruleName(r) {
        if (pol.method === 'classic')
            return r === 'consecutive' && pol.consecutive === 1 ? 'classic-first-breach' : `classic-${r}`;
        return model.kind === 'poisson' ? `poisson-${r}` : `z-${r}`;
    }
    function describeRule(r) {
        if (r === 'consecutive')
            return pol.consecutive === 1 ? 'first breach' : `${pol.consecutive} consecutive breaches`;
        return `${pol.window.breaches} breaches in the last ${pol.window.of} scored samples`;
    }
    /** Read through a function: TypeScript cannot see that rescore() may set it. */
    function failed() {
        return verdict === 'fail';
    }
    function fail(at, ex, why) {
        verdict = 'fail';
        decidedAt = at;
        explain = ex;
        reason = why;
    }
    /** Feed sample i into the rule state; returns true when the metric failed. */
    function evaluate(i, now) {
        const o = candidate[i];
        if (isCount && stateOf(o) === 'ok') {
            cumEvents = finiteOr(cumEvents + o.value, Number.MAX_VALUE);
            cumExposure = finiteOr(cumExposure + exposureOf(o), Number.MAX_VALUE);
        }
        const sc = scoreAt(i);
        scores[i] = sc;
        if (!sc.scored)
            return false;
        lastScored = i;
        if (sc.z !== null && (worstZ === null || sc.z > worstZ))
            worstZ = sc.z;
        const fired = rules.feed(sc.breach);
        if (!fired)
            return false;
        fail(now, { value: sc.value, median: sc.center, scale: sc.scale, z: sc.z, rule: ruleName(fired), index: i }, `${describeRule(fired)} (${pol.method}${model.kind === 'poisson' ? ' Poisson' : ''}, threshold ${model.kind === 'poisson' ? `α ${fmt(pol.poissonAlpha)}` : `z > ${fmt(pol.threshold)}`}); at sample ${i}: ${sc.detail}`);
        return true;
    }
    /** Recompute the baseline model and replay every candidate sample. */
    function rescore(now) {
        usesTotals = isCount && (baseline.some((o) => o.total !== null) || candidate.some((o) => o.total !== null));
        model = buildModel();
        dirty = false;
        scores = [];
        rules = new RuleState(pol);
        cumEvents = 0;
        cumExposure = 0;
        worstZ = null;
        lastScored = -1;
        for (let i = 0; i < candidate.length; i++) {
            if (evaluate(i, now))
                return;
        }
    }
    function checkLimit(i) {
        if (limit === undefined)
            return false;
        const o = candidate[i];
        if (stateOf(o) !== 'ok')
            return false; // missing: neither extends nor breaks the run
        const x = levelOf(o);
        const beyond = direction === 'decrease' ? x < limit : x > limit;
        limitRun = beyond ? limitRun + 1 : 0;
        if (limitRun < limitCount)
            return false;
        fail(i, { value: x, median: model.kind === 'location' ? model.center : 0, scale: model.kind === 'location' ? model.scale : 0, z: scores[i]?.z ?? null, rule: 'limit', index: i }, `absolute guard: ${limitCount > 1 ? `${limitCount} values in a row` : 'value'} ${direction === 'decrease' ? 'below' : 'above'} limit ${fmt(limit)}${isCount && usesTotals ? ' (ratio events/total)' : ''}; at sample ${i}: value ${fmt(x)}`);
        return true;
    }
    function pendingReason() {
        const n = candidate.length;
        const missing = candidate.filter((o) => stateOf(o) === 'missing').length;
        const parts = [];
        if (model.kind === 'none') {
            parts.push(model.why === 'baseline'
                ? `baseline has ${model.okCount} valid samples, need ${pol.minBaselineSamples}: candidate samples not scored yet`
                : 'no traffic in the baseline: candidate samples not scored yet');
        }
        else if (lastScored >= 0) {
            const sc = scores[lastScored];
            parts.push(`sample ${lastScored}: ${sc.detail}${sc.breach ? ' (breach)' : ''}`);
            if (rules.run > 0)
                parts.push(`${rules.run} consecutive breach${rules.run > 1 ? 'es' : ''} of ${pol.consecutive}`);
        }
        if (missing > 0)
            parts.push(`${missing} of ${n} samples missing`);
        return parts.length ? parts.join('; ') : 'waiting for candidate samples';
    }
    function currentExplain(rule) {
        const sc = lastScored >= 0 ? scores[lastScored] : undefined;
        const center = model.kind === 'location' ? model.center : sc?.center ?? 0;
        const scale = model.kind === 'location' ? model.scale : sc?.scale ?? 0;
        return {
            value: sc?.value ?? null,
            median: finiteOr(center, 0),
            scale: finiteOr(scale, 0),
            z: sc?.z ?? null,
            rule,
            index: lastScored >= 0 ? lastScored : null,
        };
    }
    function snapshot() {
        const ex = verdict === 'pending' ? currentExplain('none') : explain;
        return {
            name,
            verdict,
            decidedAt,
            reason: verdict === 'pending' ? `pending: ${pendingReason()}` : reason,
            explain: {
                value: ex.value === null ? null : finiteOr(ex.value, 0),
                median: finiteOr(ex.median, 0),
                scale: finiteOr(ex.scale, 0),
                z: ex.z === null ? null : clampZ(ex.z),
                rule: ex.rule,
                index: ex.index,
            },
            worstZ: worstZ === null ? null : clampZ(worstZ),
            samples: candidate.length,
        };
    }
    function conclude() {
        const n = candidate.length;
        const states = candidate.map(stateOf);
        const ok = states.filter((s) => s === 'ok').length;
        const missing = states.filter((s) => s === 'missing').length;
        const notraffic = states.filter((s) => s === 'notraffic').length;
        let rule = null;
        let why = '';
        if (model.kind === 'none' && model.why === 'baseline') {
            rule = 'inconclusive-baseline';
            why = `too few baseline samples: ${model.okCount} valid of ${baseline.length}, need ${pol.minBaselineSamples}`;
        }
        else if (model.kind === 'none') {
            rule = 'inconclusive-traffic';
            why = 'no traffic in the baseline (total events 0)';
        }
        else if (n === 0) {
            rule = 'inconclusive-candidate';
            why = 'no candidate samples';
        }
        else if (ok === 0 && notraffic > 0) {
            rule = 'inconclusive-traffic';
            why = `no traffic in the candidate window (${notraffic} of ${n} samples had total 0${missing ? `, ${missing} missing` : ''})`;
        }
        else if (missing / n > pol.maxMissingFraction) {
            rule = 'inconclusive-missing';
            why = `${missing} of ${n} candidate samples missing (more than ${fmt(pol.maxMissingFraction * 100)} %)`;
        }
        else if (ok < pol.minCandidateSamples) {
            rule = 'inconclusive-candidate';
            why = `too few candidate samples: ${ok} valid of ${n}, need ${pol.minCandidateSamples}`;
        }
        if (rule) {
            verdict = 'inconclusive';
            explain = currentExplain(rule);
            reason = why;
            return;
        }
        verdict = 'pass';
        explain = currentExplain('none');
        const skipped = missing + notraffic;
        reason =
            `no rule fired over ${ok} scored samples` +
                (worstZ !== null ? ` (worst z ${fmt(worstZ)})` : '') +
                (skipped ? `; ${missing ? `${missing} missing` : ''}${missing && notraffic ? ', ' : ''}${notraffic ? `${notraffic} without traffic` : ''} not counted` : '');
    }
    // -------------------------------------------------------------------------
    return {
        addBaseline(samples) {
            if (finished || !Array.isArray(samples))
                return;
            for (const s of samples) {
                baseline.push(sanitize(s));
                if (isCount && !usesTotals && hasTotal(s))
                    usesTotals = true;
            }
            dirty = true;
        },
        push(sample) {
            if (finished)
                return snapshot();
            const i = candidate.length;
            const o = sanitize(sample);
            candidate.push(o);
            if (verdict === 'fail')
                return snapshot();
            if (isCount && !usesTotals && o.total !== null)
                dirty = true;
            if (dirty) {
                rescore(i);
                if (failed())
                    return snapshot();
            }
            else if (evaluate(i, i)) {
                return snapshot();
            }
            checkLimit(i);
            return snapshot();
        },
        finish() {
            if (finished)
                return snapshot();
            finished = true;
            if (verdict === 'fail')
                return snapshot();
            if (dirty) {
                rescore(Math.max(0, candidate.length - 1));
                if (failed())
                    return snapshot();
            }
            conclude();
            return snapshot();
        },
        status() {
            return snapshot();
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/analyze.ts
// Offline analysis: one JSON line in, one JSON line out, through exactly the
// code path of the live window (createMetricTracker → push sample by sample →
// finish → decide). Pure: no I/O; never throws.




/** Limits that keep a hostile line from exhausting memory or time. */
const ANALYZE_LIMITS = Object.freeze({
    maxLineLength: 64 * 1024 * 1024,
    maxMetrics: 1000,
    maxSeriesLength: 100_000,
    maxSamplesPerLine: 2_000_000,
    maxIdLength: 1000,
    maxNameLength: 200,
});
const L = ANALYZE_LIMITS;
/** A sample value: any JSON number (non-finite ones, e.g. 1e999, count as missing) or null. */
const sampleValue = schemas/* custom */.IeY((v) => v === null || typeof v === 'number', {
    error: 'a number or null (null = missing sample)',
});
const totalValue = schemas/* custom */.IeY((v) => v === null || (typeof v === 'number' && !(v < 0)), { error: 'a number ≥ 0 or null (events in that interval)' });
function series(item, what) {
    const form = `an array of at most ${L.maxSeriesLength} ${what}, in time order`;
    return schemas/* array */.YOg(item, { error: form }).max(L.maxSeriesLength, { error: form });
}
const metricSchema = schemas/* strictObject */.rej({
    name: schemas/* string */.YjP({ error: `a non-empty string of at most ${L.maxNameLength} characters` })
        .min(1, { error: `a non-empty string of at most ${L.maxNameLength} characters` })
        .max(L.maxNameLength, { error: `a non-empty string of at most ${L.maxNameLength} characters` }),
    direction: schemas/* enum */.k5n(['increase', 'decrease', 'either'], { error: '"increase", "decrease" or "either"' }),
    kind: schemas/* enum */.k5n(['gauge', 'count'], { error: '"gauge" or "count"' }),
    baseline: series(sampleValue, 'numbers or nulls'),
    candidate: series(sampleValue, 'numbers or nulls'),
    baselineTotals: series(totalValue, 'numbers ≥ 0 or nulls').optional(),
    candidateTotals: series(totalValue, 'numbers ≥ 0 or nulls').optional(),
    critical: schemas/* boolean */.zMY({ error: 'true or false' }).optional(),
    limit: schemas/* number */.aig({ error: 'a finite number' }).optional(),
    limitCount: schemas/* number */.aig({ error: 'an integer from 1 to 1000' })
        .int({ error: 'an integer from 1 to 1000' })
        .min(1, { error: 'an integer from 1 to 1000' })
        .max(1000, { error: 'an integer from 1 to 1000' })
        .optional(),
    policy: detectorPolicySchema.optional(),
}, {
    error: (iss) => iss.code === 'unrecognized_keys'
        ? 'one of the keys name, direction, kind, baseline, candidate, baselineTotals, candidateTotals, critical, limit, limitCount, policy (unknown key rejected)'
        : 'an object {"name", "direction", "kind", "baseline": [...], "candidate": [...]}',
})
    .superRefine((m, ctx) => {
    if ((m.baselineTotals === undefined) !== (m.candidateTotals === undefined)) {
        const missing = m.baselineTotals === undefined ? 'baselineTotals' : 'candidateTotals';
        ctx.addIssue({ code: 'custom', path: [missing], message: 'an array of totals: give baselineTotals and candidateTotals both or neither' });
    }
    if (m.baselineTotals && m.baselineTotals.length !== m.baseline.length) {
        ctx.addIssue({ code: 'custom', path: ['baselineTotals'], message: `an array as long as baseline (${m.baseline.length})` });
    }
    if (m.candidateTotals && m.candidateTotals.length !== m.candidate.length) {
        ctx.addIssue({ code: 'custom', path: ['candidateTotals'], message: `an array as long as candidate (${m.candidate.length})` });
    }
});
const lineSchema = schemas/* strictObject */.rej({
    id: schemas/* union */.KCZ([schemas/* string */.YjP().max(L.maxIdLength), schemas/* number */.aig()], {
        error: `a string of at most ${L.maxIdLength} characters or a finite number`,
    }),
    metrics: schemas/* array */.YOg(metricSchema, { error: `an array of 1 to ${L.maxMetrics} metric objects` })
        .min(1, { error: `an array of 1 to ${L.maxMetrics} metric objects` })
        .max(L.maxMetrics, { error: `an array of 1 to ${L.maxMetrics} metric objects` }),
    policy: detectorPolicySchema.optional(),
}, {
    error: (iss) => iss.code === 'unrecognized_keys'
        ? 'one of the keys id, metrics, policy (unknown key rejected)'
        : 'a JSON object {"id", "metrics": [...], "policy"?: {...}}',
})
    .superRefine((v, ctx) => {
    const seen = new Map();
    let total = 0;
    v.metrics.forEach((m, i) => {
        if (seen.has(m.name)) {
            ctx.addIssue({ code: 'custom', path: ['metrics', i, 'name'], message: `a name not used by another metric of the line (metrics[${seen.get(m.name)}] has it)` });
        }
        else
            seen.set(m.name, i);
        total += m.baseline.length + m.candidate.length;
    });
    if (total > L.maxSamplesPerLine) {
        ctx.addIssue({ code: 'custom', path: ['metrics'], message: `at most ${L.maxSamplesPerLine} samples in all per line (got ${total})` });
    }
});
function readableId(v) {
    if (!v || typeof v !== 'object' || Array.isArray(v))
        return null;
    const id = v.id;
    if (typeof id === 'string')
        return id.length <= L.maxIdLength ? id : null;
    if (typeof id === 'number' && Number.isFinite(id))
        return id;
    return null;
}
function toSamples(values, totals) {
    return values.map((value, i) => (totals ? { value, total: totals[i] ?? null } : { value }));
}
/** Run one parsed and validated request through the live code path. */
function analyze(input) {
    const top = input.policy;
    const specs = input.metrics.map((m) => ({
        name: m.name,
        direction: m.direction,
        kind: m.kind,
        ...(m.critical !== undefined ? { critical: m.critical } : {}),
        ...(m.limit !== undefined ? { limit: m.limit } : {}),
        ...(m.limitCount !== undefined ? { limitCount: m.limitCount } : {}),
        ...(m.policy?.onInconclusive ? { policy: { onInconclusive: m.policy.onInconclusive } } : {}),
    }));
    const trackers = input.metrics.map((m, i) => {
        const policy = resolvePolicy(top, m.policy);
        const t = createMetricTracker(specs[i], policy);
        t.addBaseline(toSamples(m.baseline, m.baselineTotals));
        return t;
    });
    const candidates = input.metrics.map((m) => toSamples(m.candidate, m.candidateTotals));
    const longest = Math.max(0, ...candidates.map((c) => c.length));
    // Sample by sample, all metrics in step, as the live window does.
    for (let i = 0; i < longest; i++) {
        for (let k = 0; k < trackers.length; k++) {
            const c = candidates[k];
            if (i < c.length)
                trackers[k].push(c[i]);
        }
    }
    const statuses = trackers.map((t) => t.finish());
    const d = decide(statuses, specs, resolvePolicy(top));
    return {
        id: input.id,
        verdict: d.verdict,
        decidedAt: d.decidedAt,
        metrics: statuses.map((s) => ({ name: s.name, verdict: s.verdict, decidedAt: s.decidedAt, reason: s.reason })),
    };
}
/**
 * One input line → one output line (JSON, no trailing newline). A malformed
 * line gives `{"id": <id or null>, "error": "field …: accepted form …"}`.
 */
function analyzeLine(line) {
    let id = null;
    try {
        if (typeof line !== 'string')
            return JSON.stringify({ id, error: 'field (line): accepted form a string holding one JSON object' });
        if (line.length > L.maxLineLength) {
            return JSON.stringify({ id, error: `field (line): accepted form a JSON object of at most ${L.maxLineLength} characters` });
        }
        let parsed;
        try {
            parsed = JSON.parse(line);
        }
        catch (e) {
            const msg = e instanceof Error ? e.message.slice(0, 200) : 'parse error';
            return JSON.stringify({ id, error: `field (line): accepted form one JSON object per line (${msg})` });
        }
        id = readableId(parsed);
        const r = lineSchema.safeParse(parsed);
        if (!r.success)
            return JSON.stringify({ id, error: formatZodError(r.error) });
        return JSON.stringify(analyze(r.data));
    }
    catch (e) {
        const msg = e instanceof Error ? e.message.slice(0, 200) : String(e).slice(0, 200);
        return JSON.stringify({ id, error: `internal error: ${msg}` });
    }
}


/***/ })

};
;
//# sourceMappingURL=170.index.js.map