"use strict";
exports.id = 935;
exports.ids = [935];
exports.modules = {

/***/ 44935:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   analyzeLine: () => (/* binding */ analyzeLine)
/* harmony export */ });
/* unused harmony exports ANALYZE_LIMITS, analyze */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(12311);
/* harmony import */ var _decide__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(451);
/* harmony import */ var _policy__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(84609);
/* harmony import */ var _tracker__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(94622);
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
const sampleValue = zod__WEBPACK_IMPORTED_MODULE_3__/* .custom */ .IeY((v) => v === null || typeof v === 'number', {
    error: 'a number or null (null = missing sample)',
});
const totalValue = zod__WEBPACK_IMPORTED_MODULE_3__/* .custom */ .IeY((v) => v === null || (typeof v === 'number' && !(v < 0)), { error: 'a number ≥ 0 or null (events in that interval)' });
function series(item, what) {
    const form = `an array of at most ${L.maxSeriesLength} ${what}, in time order`;
    return zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(item, { error: form }).max(L.maxSeriesLength, { error: form });
}
const metricSchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .strictObject */ .rej({
    name: zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP({ error: `a non-empty string of at most ${L.maxNameLength} characters` })
        .min(1, { error: `a non-empty string of at most ${L.maxNameLength} characters` })
        .max(L.maxNameLength, { error: `a non-empty string of at most ${L.maxNameLength} characters` }),
    direction: zod__WEBPACK_IMPORTED_MODULE_3__/* ["enum"] */ .k5n(['increase', 'decrease', 'either'], { error: '"increase", "decrease" or "either"' }),
    kind: zod__WEBPACK_IMPORTED_MODULE_3__/* ["enum"] */ .k5n(['gauge', 'count'], { error: '"gauge" or "count"' }),
    baseline: series(sampleValue, 'numbers or nulls'),
    candidate: series(sampleValue, 'numbers or nulls'),
    baselineTotals: series(totalValue, 'numbers ≥ 0 or nulls').optional(),
    candidateTotals: series(totalValue, 'numbers ≥ 0 or nulls').optional(),
    critical: zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY({ error: 'true or false' }).optional(),
    limit: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig({ error: 'a finite number' }).optional(),
    limitCount: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig({ error: 'an integer from 1 to 1000' })
        .int({ error: 'an integer from 1 to 1000' })
        .min(1, { error: 'an integer from 1 to 1000' })
        .max(1000, { error: 'an integer from 1 to 1000' })
        .optional(),
    policy: _policy__WEBPACK_IMPORTED_MODULE_1__/* .detectorPolicySchema */ .c_.optional(),
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
const lineSchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .strictObject */ .rej({
    id: zod__WEBPACK_IMPORTED_MODULE_3__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().max(L.maxIdLength), zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig()], {
        error: `a string of at most ${L.maxIdLength} characters or a finite number`,
    }),
    metrics: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(metricSchema, { error: `an array of 1 to ${L.maxMetrics} metric objects` })
        .min(1, { error: `an array of 1 to ${L.maxMetrics} metric objects` })
        .max(L.maxMetrics, { error: `an array of 1 to ${L.maxMetrics} metric objects` }),
    policy: _policy__WEBPACK_IMPORTED_MODULE_1__/* .detectorPolicySchema */ .c_.optional(),
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
        const policy = (0,_policy__WEBPACK_IMPORTED_MODULE_1__/* .resolvePolicy */ .nZ)(top, m.policy);
        const t = (0,_tracker__WEBPACK_IMPORTED_MODULE_2__/* .createMetricTracker */ .Ho)(specs[i], policy);
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
    const d = (0,_decide__WEBPACK_IMPORTED_MODULE_0__/* .decide */ .L)(statuses, specs, (0,_policy__WEBPACK_IMPORTED_MODULE_1__/* .resolvePolicy */ .nZ)(top));
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
            return JSON.stringify({ id, error: (0,_policy__WEBPACK_IMPORTED_MODULE_1__/* .formatZodError */ .lH)(r.error) });
        return JSON.stringify(analyze(r.data));
    }
    catch (e) {
        const msg = e instanceof Error ? e.message.slice(0, 200) : String(e).slice(0, 200);
        return JSON.stringify({ id, error: `internal error: ${msg}` });
    }
}


/***/ }),

/***/ 451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ decide)
/* harmony export */ });
/* harmony import */ var _policy__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(84609);
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
function decide(statuses, specs, policy = _policy__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_POLICY */ .zj) {
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


/***/ }),

/***/ 94622:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  jB: () => (/* binding */ SHORT_BASELINE),
  Ho: () => (/* binding */ createMetricTracker)
});

// UNUSED EXPORTS: fmt

;// CONCATENATED MODULE: ./src/detect/format.ts
// Number formatting shared by the rule explanations.
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
/** Relative change of x against m (±∞ when m is 0 and x is not). */
function relChange(x, m) {
    if (m !== 0)
        return (x - m) / Math.abs(m);
    return x === m ? 0 : x > m ? Infinity : -Infinity;
}

// EXTERNAL MODULE: ./src/detect/policy.ts
var detect_policy = __webpack_require__(84609);
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
/** Quantile q ∈ [0, 1] of an ascending sorted array (linear interpolation between order statistics). */
function quantileSorted(sorted, q) {
    const n = sorted.length;
    if (n === 0)
        return 0;
    const h = (n - 1) * Math.min(1, Math.max(0, q));
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    const a = sorted[lo];
    const b = sorted[hi];
    return a === b ? a : a + (h - lo) * (b - a);
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
// ---------------------------------------------------------------------------
// Regularized incomplete beta I_x(a, b) (continued fraction, modified Lentz),
// for the conditional binomial test that compares two Poisson rates.
/** ln B(a, b). */
function logBeta(a, b) {
    return logGamma(a) + logGamma(b) - logGamma(a + b);
}
/** I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1. */
function betaInc(x, a, b) {
    if (!(a > 0) || !(b > 0) || Number.isNaN(x))
        return Number.NaN;
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const lnFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
    // The continued fraction converges fast for x < (a + 1)/(a + b + 2); otherwise use the symmetry.
    if (x < (a + 1) / (a + b + 2))
        return clamp01((Math.exp(lnFront) * betaContinuedFraction(x, a, b)) / a);
    return clamp01(1 - (Math.exp(lnFront) * betaContinuedFraction(1 - x, b, a)) / b);
}
function clamp01(v) {
    return v < 0 ? 0 : v > 1 ? 1 : v;
}
function betaContinuedFraction(x, a, b) {
    const tiny = 1e-300;
    const qab = a + b;
    const qap = a + 1;
    const qam = a - 1;
    let c = 1;
    let d = 1 - (qab * x) / qap;
    if (Math.abs(d) < tiny)
        d = tiny;
    d = 1 / d;
    let h = d;
    for (let m = 1; m < GAMMA_MAX_ITER; m++) {
        const m2 = 2 * m;
        let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (Math.abs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (Math.abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (Math.abs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (Math.abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        const del = d * c;
        h *= del;
        if (Math.abs(del - 1) < GAMMA_EPS)
            break;
    }
    return h;
}
/**
 * P(X ≥ k) for X ~ Binomial(n, p), extended to real n ≥ k ≥ 0 through
 * I_p(k, n − k + 1). Real arguments arise from counts divided by a dispersion factor.
 */
function binomialUpperTail(k, n, p) {
    if (!(k > 0))
        return 1;
    if (k > n)
        return 0;
    if (!(p > 0))
        return 0;
    if (p >= 1)
        return 1;
    return betaInc(p, k, n - k + 1);
}
/** P(X ≤ k) for X ~ Binomial(n, p), extended to real arguments: I_{1−p}(n − k, k + 1). */
function binomialLowerTail(k, n, p) {
    if (k < 0)
        return 0;
    if (k >= n)
        return 1;
    if (!(p > 0))
        return 1;
    if (p >= 1)
        return 0;
    return betaInc(1 - p, n - k, k + 1);
}
/**
 * Lag-1 autocorrelation of a series around `center`, on values winsorized at
 * ±3·scale so that one spike does not dominate; pairs with a missing value are skipped.
 */
function lag1Autocorrelation(xs, center, scale) {
    const w = (x) => {
        const d = (x - center) / scale;
        return d > 3 ? 3 : d < -3 ? -3 : d;
    };
    let num = 0;
    let den = 0;
    let n = 0;
    for (let i = 0; i < xs.length; i++) {
        const a = xs[i];
        if (a === null || a === undefined)
            continue;
        const da = w(a);
        den += da * da;
        n++;
        const b = xs[i + 1];
        if (b !== null && b !== undefined)
            num += da * w(b);
    }
    if (n < 3 || !(den > 0))
        return 0;
    return finiteOr(num / den, 0);
}

;// CONCATENATED MODULE: ./src/detect/rules/rule.ts
// What every rule family gives the tracker core.
/** The sides a direction judges. */
function sidesOf(direction) {
    return direction === 'either' ? ['increase', 'decrease'] : [direction];
}

;// CONCATENATED MODULE: ./src/detect/rules/level.ts
// Level rule (robust gauges): has the level moved? The median of the latest k
// candidate samples, in robust baseline sigmas, against how far the baseline's
// own medians of k consecutive samples wander.
//
// - Scale: 1.4826·MAD per side (semi-MAD above and below the median), so bursts
//   on one side do not widen the other side's limits and an "either" metric is
//   judged on each side with that side's own spread.
// - Windows trail the latest sample (k = 1, 3, 5, 8, 13, 20 by default): a
//   regression that starts late is not diluted by the quiet samples before it.
// - Autocorrelation is handled by the variance, not by switching the rule off:
//   the spread of a window median is the larger of the spread of the baseline's
//   own rolling medians of k samples (the series' real wandering, daily cycles
//   included) and the normal theory value 1.2533/√k inflated by the AR(1)
//   long-run variance factor.
// - A window fails when its z is above the threshold AND its median is worse
//   than the baseline median by the smallest change that matters
//   (minRelativeEffect, as a ratio, and minAbsoluteEffect), and beyond the
//   baseline's own envelope (the highest, or lowest, median of k consecutive
//   baseline samples): a level the old version itself held is not a regression.
// - The tracker core fails the metric when the rule holds for `consecutive`
//   looks in a row; windows start at k = 1 so a large step is held from its
//   first sample and decided on its third.



/** Candidate window sizes (trailing), capped by the policy's shiftWindow. */
const LEVEL_WINDOWS = [1, 3, 5, 8, 13, 20];
/** Robust z values beyond this are clipped when the baseline's autocorrelation is estimated. */
const CLIP = 3;
const ENVELOPE_HISTORY = 5000;
/** Robust z of a value: its distance from the baseline median in its own side's scale. */
function robustZ(x, m) {
    const d = x - m.center;
    return finiteOr(d >= 0 ? d / m.scaleUp : d / m.scaleDown, 0);
}
/** Long-run variance factor of a mean of k AR(1) samples: 1 + 2 Σ (1 − j/k) ρ^j. */
function longRunFactor(rho, k) {
    let f = 1;
    let p = 1;
    for (let j = 1; j < k; j++) {
        p *= rho;
        f += 2 * (1 - j / k) * p;
    }
    return f;
}
function windowSizes(pol) {
    const lo = Math.max(1, pol.shiftMinSamples);
    const ks = LEVEL_WINDOWS.filter((k) => k >= lo && k <= pol.shiftWindow);
    if (pol.shiftWindow > LEVEL_WINDOWS[LEVEL_WINDOWS.length - 1])
        ks.push(pol.shiftWindow);
    if (ks.length === 0)
        ks.push(Math.max(lo, Math.min(pol.shiftWindow, 3)));
    return ks;
}
/** Baseline side of the level rule. `ordered`: baseline levels in time order, null = not scored. */
function buildLevelModel(ordered, pol) {
    const xs = ordered.filter((x) => x !== null);
    const m = median(xs);
    const floor = Math.max(pol.scaleFloorAbsolute, pol.scaleFloorRelative * Math.abs(m), Number.MIN_VALUE);
    const dev = xs.map((x) => Math.abs(x - m));
    let scale = finiteOr(MAD_TO_SIGMA * median(dev), 0);
    let source = 'mad';
    if (!(scale > 0)) {
        scale = finiteOr(MEANAD_TO_SIGMA * (dev.reduce((a, b) => a + b, 0) / Math.max(1, dev.length)), 0);
        source = 'meanad';
    }
    if (!(scale >= floor)) {
        scale = floor;
        source = 'floor';
    }
    scale = finiteOr(scale, Number.MAX_VALUE);
    const side = (keep) => {
        const d = xs.filter(keep).map((x) => Math.abs(x - m));
        const nz = d.filter((v) => v > 0);
        // Half of a side's deviations exactly 0 (quantized or idle series): the side's mean deviation.
        let s = MAD_TO_SIGMA * median(d);
        if (!(s > 0) && nz.length)
            s = MEANAD_TO_SIGMA * (nz.reduce((a, b) => a + b, 0) / d.length);
        return finiteOr(Math.max(s, floor, scale * 0.5), Number.MAX_VALUE);
    };
    const scaleUp = side((x) => x >= m);
    const scaleDown = side((x) => x <= m);
    const model = { center: m, scaleUp, scaleDown };
    const us = ordered.map((x) => (x === null ? null : robustZ(x, model)));
    const rho0 = lag1Autocorrelation(us, 0, CLIP / 3);
    const rho = Math.min(0.95, Math.max(0, rho0 + (1 + 3 * Math.max(0, rho0)) / Math.max(1, xs.length)));
    // The baseline's own windows are taken over its latest ENVELOPE_HISTORY samples at most (cost O(n·k)).
    const zs = us.filter((u) => u !== null).slice(-ENVELOPE_HISTORY);
    const windows = windowSizes(pol);
    const envelopeUp = [];
    const envelopeDown = [];
    const rolling = [];
    const medianSpread = windows.map((k) => {
        const theory = (1.2533 / Math.sqrt(k)) * Math.sqrt(longRunFactor(rho, k));
        const meds = [];
        for (let i = 0; i + k <= zs.length; i++)
            meds.push(median(zs.slice(i, i + k)));
        rolling.push(meds);
        envelopeUp.push(meds.length ? Math.max(0, ...meds) : 0);
        envelopeDown.push(meds.length ? Math.min(0, ...meds) : 0);
        // The baseline median is an estimate too: its variance (normal theory,
        // AR(1) long-run factor over the whole baseline) adds to the window's.
        const own = (1.2533 ** 2 * longRunFactor(rho, zs.length)) / Math.max(1, zs.length);
        // How far the baseline's own k-sample medians wander from its median:
        // 1.4826·median |rolling median| (robust: a short regime in the baseline
        // does not set the scale for the rest), never below the normal theory.
        const wander = meds.length >= 3 ? MAD_TO_SIGMA * median(meds.map(Math.abs)) : 0;
        const window = Math.max(theory, wander);
        return Math.sqrt(window * window + own);
    });
    const exceedUp = [];
    const exceedDown = [];
    const windowCount = [];
    rolling.forEach((meds, w) => {
        const spread = medianSpread[w];
        let up = 0;
        let down = 0;
        for (const medZ of meds) {
            if (medZ / spread > pol.threshold && effectMatters(m + medZ * scaleUp, m, 'increase', pol))
                up++;
            if (-medZ / spread > pol.threshold && effectMatters(m + medZ * scaleDown, m, 'decrease', pol))
                down++;
        }
        exceedUp.push(up);
        exceedDown.push(down);
        windowCount.push(meds.length);
    });
    const zeros = xs.reduce((c, x) => (x === 0 ? c + 1 : c), 0);
    const idle = zeros * 2 > xs.length ? { busy: xs.length - zeros, n: xs.length } : null;
    return {
        center: m,
        scale,
        scaleUp,
        scaleDown,
        source,
        windows,
        medianSpread,
        envelopeUp,
        envelopeDown,
        exceedUp,
        exceedDown,
        windowCount,
        zs,
        rho,
        idle,
        effective: (xs.length * (1 - rho)) / (1 + rho),
        n: xs.length,
    };
}
/**
 * Mostly idle baselines: is the candidate (`busy` of `scored` samples non-zero) busy
 * significantly more often than the baseline (two-rate test at `alpha`)? Always true for a
 * baseline that is not mostly idle.
 */
function busierThanIdleBaseline(idle, busy, scored, alpha) {
    if (!idle)
        return true;
    return binomialUpperTail(busy, idle.busy + busy, scored / (idle.n + scored)) < alpha;
}
/** Is the change from m to x at least the smallest change that matters, on side `side`? */
function effectMatters(x, m, side, pol) {
    const d = side === 'increase' ? x - m : m - x;
    if (!(d > 0) || d < pol.minAbsoluteEffect)
        return false;
    const r = pol.minRelativeEffect;
    if (r <= 0)
        return true;
    if (m > 0)
        return side === 'increase' ? x >= m * (1 + r) : x * (1 + r) <= m;
    return d >= r * Math.abs(m);
}
/**
 * Burst-aware check: a run of `run` consecutive exceeding looks at a window whose
 * baseline exceeded on `exceeded` of its `windows` rolling windows. With a clean
 * baseline (no exceedance) it always holds; otherwise the run must be significantly
 * longer than the baseline's own rate of exceedance predicts (the two-rate test:
 * P(X ≥ run) for X ~ Binomial(run + exceeded, run / (run + windows)) below α).
 */
function exceedsBaselineRate(run, exceeded, windows, alpha) {
    if (exceeded <= 0)
        return { ok: true, p: 0 };
    const p = binomialUpperTail(run, run + exceeded, run / (run + windows));
    return { ok: p < alpha, p };
}
/**
 * How often a median of k baseline samples sits at least `level` (robust z,
 * side-signed) beyond the centre: q = share of baseline samples that far, the
 * window median is that far when more than half of its k samples are, and
 * clustered exceedances (bursts) count as fewer independent samples,
 * k·(1 − ρ)/(1 + ρ) with ρ the lag-1 autocorrelation of the exceedance indicator.
 * 0 when no baseline sample was that far.
 */
function windowMedianTail(baselineZ, k, level, side) {
    const ind = baselineZ.map((z) => ((side === 'increase' ? z : -z) >= level ? 1 : 0));
    const n = ind.length;
    const hits = ind.reduce((a, b) => a + b, 0);
    if (hits === 0 || n === 0)
        return 0;
    const q = hits / n;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
        const d = ind[i] - q;
        den += d * d;
        if (i + 1 < n)
            num += d * (ind[i + 1] - q);
    }
    const rho = den > 0 ? Math.min(0.95, Math.max(0, num / den)) : 0;
    const ke = Math.max(1, (k * (1 - rho)) / (1 + rho));
    return binomialUpperTail((ke + 1) / 2, ke, q);
}
function createLevelJudge(model, direction, pol) {
    const zs = [];
    const longest = model.windows[model.windows.length - 1];
    const sides = sidesOf(direction);
    const threshold = pol.threshold;
    const hold = Math.max(1, pol.consecutive);
    /** Current run of consecutive exceeding looks, per window and side. */
    const runs = { increase: model.windows.map(() => 0), decrease: model.windows.map(() => 0) };
    let busy = 0;
    let scored = 0;
    const activityChanged = () => busierThanIdleBaseline(model.idle, busy, scored, pol.poissonAlpha);
    /**
     * Persistence: how many of the samples the latest `hold` looks of a k-window
     * covered are themselves beyond the window's z threshold on that side. A level
     * is held by at least `hold` such samples (fewer at the very start of the
     * candidate), so one short spike, which two overlapping windows both see, is
     * not a level.
     */
    const persistent = (k, level, side) => {
        const span = Math.min(zs.length, k + hold - 1);
        let beyond = 0;
        for (let i = zs.length - span; i < zs.length; i++)
            if ((side === 'increase' ? zs[i] : -zs[i]) > level)
                beyond++;
        const need = Math.min(hold, span - Math.floor((k - 1) / 2));
        return { ok: beyond >= need, beyond, need, span };
    };
    /** Consecutive looks in which some window exceeded on each side (the hold of the level). */
    const held = { increase: 0, decrease: 0 };
    return {
        push(sample) {
            const u = robustZ(sample.level, model);
            scored++;
            if (sample.level !== 0)
                busy++;
            zs.push(u);
            if (zs.length > 2 * (longest + hold))
                zs.splice(0, zs.length - (longest + hold));
            const evaluated = [];
            const anyOnSide = { increase: false, decrease: false };
            for (let w = 0; w < model.windows.length; w++) {
                const k = model.windows[w];
                if (zs.length < k)
                    break;
                const medZ = median(zs.slice(zs.length - k));
                // The robust z is monotone in the value: the window median in the metric's unit is its image.
                const medX = finiteOr(model.center + (medZ >= 0 ? medZ * model.scaleUp : medZ * model.scaleDown), model.center);
                const spread = model.medianSpread[w];
                for (const side of sides) {
                    const signed = side === 'increase' ? medZ : -medZ;
                    const z = finiteOr(signed / spread, 0);
                    const exceeds = z > threshold && effectMatters(medX, model.center, side, pol);
                    const run = (runs[side][w] = exceeds ? runs[side][w] + 1 : 0);
                    const beyond = side === 'increase' ? medZ > model.envelopeUp[w] : medZ < model.envelopeDown[w];
                    const exceeded = side === 'increase' ? model.exceedUp[w] : model.exceedDown[w];
                    const rate = exceedsBaselineRate(run, exceeded, model.windowCount[w], pol.poissonAlpha);
                    const tail = exceeds && beyond ? windowMedianTail(model.zs, k, signed, side) : 0;
                    const candidate = exceeds && beyond && rate.ok && tail < pol.poissonAlpha && (side === 'decrease' || activityChanged());
                    if (candidate)
                        anyOnSide[side] = true;
                    const why = !exceeds
                        ? ''
                        : !beyond
                            ? "; within the baseline's own envelope"
                            : tail >= pol.poissonAlpha
                                ? `; the baseline's own samples put a ${k}-sample median this far with P ${fmt(tail)}`
                                : !rate.ok
                                    ? `; ${run} looks in a row vs ${exceeded} of the baseline's ${model.windowCount[w]} windows: P ${fmt(rate.p)}, not significant`
                                    : '';
                    evaluated.push({ w, k, side, medZ, medX, spread, z, candidate, why });
                }
            }
            for (const side of sides)
                held[side] = anyOnSide[side] ? held[side] + 1 : 0;
            // Explanations are built for the look that is returned only: formatting numbers for
            // every window and side was most of the cost of a long candidate.
            let best = null;
            for (const e of evaluated) {
                let why = e.why;
                let fired = false;
                if (e.candidate) {
                    const p = persistent(e.k, threshold * e.spread, e.side);
                    fired = held[e.side] >= hold && p.ok;
                    why =
                        held[e.side] < hold
                            ? `; held for ${held[e.side]} of ${hold} looks`
                            : !p.ok
                                ? `; only ${p.beyond} of the latest ${p.span} samples beyond, need ${p.need}`
                                : `; ${p.beyond} of the latest ${p.span} samples beyond`;
                }
                if (!best || (fired && !best.fired) || (fired === best.fired && e.z > best.e.z))
                    best = { e, fired, why };
            }
            if (best) {
                const { e, fired, why } = best;
                const detail = `${e.k === 1 ? 'the latest sample' : `median of the last ${e.k} samples`} ${fmt(e.medX)} vs baseline median ${fmt(model.center)} ` +
                    `(${fmt(e.medZ)} robust sigmas; the baseline's own ${e.k}-sample medians spread ${fmt(e.spread)}): z ${fmt(e.z)}, change ${pct(relChange(e.medX, model.center))}${why}`;
                const hit = fired
                    ? { rule: 'level-window', value: e.medX, center: model.center, scale: e.side === 'increase' ? model.scaleUp : model.scaleDown, z: e.z, detail, held: held[e.side] }
                    : null;
                return { z: e.z, value: e.medX, center: model.center, scale: model.scale, detail, hit };
            }
            return { z: 0, value: sample.level, center: model.center, scale: model.scale, detail: `${zs.length} of ${model.windows[0]} samples for the first window`, hit: null };
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/rules/classic.ts
// Classic rule (method 'classic', the textbook detector kept for comparison):
// z = (x − mean)/sd of the baseline, a breach when z in the bad direction is
// above the threshold; the metric fails after `consecutive` breaches in a row
// or `window.breaches` of the last `window.of` scored samples.




function buildClassicModel(xs, pol) {
    const m = mean(xs);
    const floor = Math.max(pol.scaleFloorAbsolute, pol.scaleFloorRelative * Math.abs(m), Number.MIN_VALUE);
    return { center: m, scale: finiteOr(Math.max(stdev(xs), floor), Number.MAX_VALUE) };
}
/** N consecutive breaches, or M of the last N scored samples. */
class BreachRuns {
    consecutive;
    window;
    run = 0;
    ring = [];
    ringBreaches = 0;
    constructor(consecutive, window) {
        this.consecutive = consecutive;
        this.window = window;
    }
    feed(breach) {
        this.run = breach ? this.run + 1 : 0;
        const w = this.window;
        if (w) {
            this.ring.push(breach);
            if (breach)
                this.ringBreaches++;
            if (this.ring.length > w.of && this.ring.shift())
                this.ringBreaches--;
        }
        if (this.run >= this.consecutive)
            return 'consecutive';
        if (w && this.ringBreaches >= w.breaches)
            return 'window';
        return null;
    }
}
function createClassicJudge(model, direction, pol) {
    const runs = new BreachRuns(pol.consecutive, pol.window ?? null);
    const sides = sidesOf(direction);
    return {
        push(s) {
            const x = s.level;
            const raw = finiteOr((x - model.center) / model.scale, 0);
            let z = -Infinity;
            let breach = false;
            for (const side of sides) {
                const zs = side === 'increase' ? raw : -raw;
                const b = zs > pol.threshold && effectMatters(x, model.center, side, pol);
                if (b || (!breach && zs > z))
                    z = zs;
                breach ||= b;
            }
            const fired = runs.feed(breach);
            const rule = fired === 'consecutive' && pol.consecutive === 1 ? 'classic-first-breach' : fired ? `classic-${fired}` : '';
            const detail = `value ${fmt(x)} vs baseline mean ${fmt(model.center)} (sd ${fmt(model.scale)}): z ${fmt(z)}, change ${pct(relChange(x, model.center))}` +
                (fired ? `; ${fired === 'consecutive' ? `${pol.consecutive} consecutive breaches` : `${pol.window.breaches} breaches in the last ${pol.window.of}`}, threshold z > ${fmt(pol.threshold)}` : '');
            return {
                z,
                value: x,
                center: model.center,
                scale: model.scale,
                detail,
                hit: fired ? { rule, value: x, center: model.center, scale: model.scale, z, detail } : null,
            };
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/rules/counts.ts
// Count rule: has the event rate changed? The conditional (exact) test for two
// Poisson rates, on the candidate's events since the deploy and over trailing
// windows of the latest samples, against the baseline's events and exposure
// (requests when totals are given, intervals otherwise).
//
// Given E = e_B + e_V events, e_V ~ Binomial(E, n_V/(n_B + n_V)) when the rates
// are equal. Counts are divided by the baseline's dispersion φ (quasi-Poisson:
// real error counts are burstier than Poisson). The test carries the baseline's
// own uncertainty and needs no pseudo-count: with e_B = 0 it is P = p₀^e_V, so
// "0 errors in 60 000 requests, then 5 in 20 000" gives P = 0.25⁵ ≈ 0.001.
// An estimated φ > 1 is itself uncertain: the counts are divided by φ·(t/z)²,
// the quasi-Poisson t on k − 1 degrees of freedom instead of a normal.
// Trailing windows catch errors that arrive late without the quiet samples
// since the deploy diluting them; each look is tested at α divided by the number
// of windows (Bonferroni).



/** Trailing windows of the count rule, besides "since the deploy". */
const COUNT_WINDOWS = [5, 10];
function buildCountModel(samples, usesTotals) {
    let events = 0;
    let exposure = 0;
    for (const s of samples) {
        events += s.events;
        exposure += s.exposure;
    }
    if (!(exposure > 0))
        return null;
    const rate = events / exposure;
    let phi = 1;
    if (rate > 0 && samples.length >= 2) {
        let chi2 = 0;
        for (const s of samples) {
            const e = s.exposure * rate;
            if (e > 0)
                chi2 += (s.events - e) ** 2 / e;
        }
        phi = Math.max(1, finiteOr(chi2 / (samples.length - 1), 1));
    }
    return {
        events: finiteOr(events, Number.MAX_VALUE),
        exposure: finiteOr(exposure, Number.MAX_VALUE),
        phi,
        phiDf: phi > 1 ? samples.length - 1 : 0,
        samples: samples.length,
        usesTotals,
    };
}
/**
 * (t_{1−α, df} / z_{1−α})²: how much wider a t quantile on df degrees of freedom
 * is than the normal one (Cornish–Fisher expansion of the t quantile). 1 when df is 0.
 */
function studentInflation(alpha, df) {
    if (!(df > 0))
        return 1;
    const z = normalQuantile(1 - alpha);
    if (!(z > 0))
        return 1;
    const t = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
    return (t / z) ** 2;
}
function createCountJudge(model, direction, pol) {
    const ev = [];
    const ex = [];
    const sides = sidesOf(direction);
    const looks = COUNT_WINDOWS.length + 1;
    const alpha = pol.poissonAlpha / looks / sides.length;
    // An estimated dispersion is itself uncertain (a χ² on k − 1 degrees of freedom,
    // right-skewed: it underestimates more often than not). As in a quasi-Poisson
    // test, the statistic is then a t on k − 1 df, not a normal: the counts are
    // divided by φ·(t/z)² so that the normal-theory tail at α matches the t tail.
    const phi = model.phi * studentInflation(alpha, model.phiDf);
    const { events: eB, exposure: nB } = model;
    const rateB = eB / nB;
    const unit = model.usesTotals ? 'requests' : 'intervals';
    function test(eV, nV, label) {
        const expected = finiteOr(nV * rateB, Number.MAX_VALUE);
        const p0 = nV / (nB + nV);
        const total = (eB + eV) / phi;
        const rateV = eV / nV;
        let best = null;
        for (const side of sides) {
            const p = side === 'increase' ? binomialUpperTail(eV / phi, total, p0) : binomialLowerTail(eV / phi, total, p0);
            const effect = side === 'increase' ? eV - expected : expected - eV;
            const r = Math.max(pol.minRelativeEffect, pol.countMinRelativeEffect);
            const relOk = r <= 0 || (side === 'increase' ? eB === 0 || rateV >= rateB * (1 + r) : rateV * (1 + r) <= rateB);
            const absOk = (side === 'increase' ? rateV - rateB : rateB - rateV) >= pol.minAbsoluteEffect;
            const fired = p < alpha && effect > 0 && effect >= pol.minCountEffect && relOk && absOk;
            const z = zFromUpperTail(p);
            const scale = Math.sqrt(phi * Math.max(expected, 1));
            const tail = side === 'increase' ? '≥' : '≤';
            const detail = `${fmt(eV)} events in ${fmt(nV)} ${unit} ${label} vs ${fmt(expected)} expected at the baseline rate ` +
                `(${fmt(eB)} in ${fmt(nB)} ${unit}${phi > 1 ? `, dispersion ${fmt(phi)}` : ''}): ` +
                `P(X ${tail} ${fmt(eV)}) = ${fmt(p)} vs α ${fmt(alpha)}, rate ${pct(relChange(rateV, rateB))}`;
            const look = {
                z,
                value: eV,
                center: expected,
                scale,
                detail,
                hit: fired ? { rule: 'count-window', value: eV, center: expected, scale, z, detail } : null,
            };
            if (!best || (look.hit && !best.hit) || (!!look.hit === !!best.hit && z > best.z))
                best = look;
        }
        return best;
    }
    let cumE = 0;
    let cumN = 0;
    return {
        push(s) {
            ev.push(s.events);
            ex.push(s.exposure);
            cumE = finiteOr(cumE + s.events, Number.MAX_VALUE);
            cumN = finiteOr(cumN + s.exposure, Number.MAX_VALUE);
            if (!(cumN > 0))
                return null;
            let best = test(cumE, cumN, 'since the deploy');
            for (const k of COUNT_WINDOWS) {
                if (ev.length <= k)
                    break; // a window as long as the candidate is the cumulative look
                let e = 0;
                let n = 0;
                for (let i = ev.length - k; i < ev.length; i++) {
                    e += ev[i];
                    n += ex[i];
                }
                if (!(n > 0))
                    continue;
                const look = test(e, n, `over the last ${k} samples`);
                if ((look.hit && !best.hit) || (!!look.hit === !!best.hit && look.z > best.z))
                    best = look;
            }
            return best;
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/rules/cusum.ts
// Sequential rule (robust gauges): a one-sided CUSUM on the robust z-values,
// for moderate shifts that persist (a 2σ step is small for any one window but
// adds up sample after sample).
//
//   S_t = max(0, S_{t−1} + min(u_t, CLIP)/σ_lr − κ),   fail when S_t > h
//
// u = robust z (per-side MAD scale, as the level rule), clipped so that one
// spike adds at most CLIP; σ_lr = √((1 + ρ)/(1 − ρ)) the long-run standard
// deviation of an AR(1) series with the baseline's lag-1 autocorrelation, so an
// autocorrelated series is not switched off but judged on its real variance.
// h is calibrated on the baseline itself: the same CUSUM run over the baseline
// must never have reached it (h = max(CUSUM_H_MIN, CUSUM_CALIBRATION × the baseline's
// own highest S)). The samples since S last left 0 must also be worse than the
// baseline median by the smallest change that matters (the median of the
// latest shiftWindow of them).




const cusum_CLIP = 3;
const KAPPA = 0.5;
/** Threshold floor: the classic h for κ = ½ is 4–5 (one false alarm in ~400 iid samples); real series need more. */
const CUSUM_H_MIN = 12;
/** The candidate's CUSUM must exceed this many times the highest value the baseline's own CUSUM reached. */
const CUSUM_CALIBRATION = 8;
function step(s, u, side, sigmaLr) {
    const v = side === 'increase' ? u : -u;
    return Math.max(0, s + Math.min(v, cusum_CLIP) / sigmaLr - KAPPA);
}
function buildCusumModel(ordered, level) {
    const rho = Math.min(level.rho, 0.9);
    const sigmaLr = Math.sqrt((1 + rho) / (1 - rho));
    const h = { increase: CUSUM_H_MIN, decrease: CUSUM_H_MIN };
    for (const side of ['increase', 'decrease']) {
        let s = 0;
        let top = 0;
        for (const x of ordered) {
            if (x === null)
                continue;
            s = step(s, robustZ(x, level), side, sigmaLr);
            top = Math.max(top, s);
        }
        h[side] = Math.max(CUSUM_H_MIN, CUSUM_CALIBRATION * top);
    }
    return { sigmaLr, h };
}
function createCusumJudge(model, level, direction, pol) {
    const sides = sidesOf(direction);
    const state = { increase: { s: 0, since: [] }, decrease: { s: 0, since: [] } };
    return {
        push(sample) {
            const u = robustZ(sample.level, level);
            let best = null;
            for (const side of sides) {
                const st = state[side];
                st.s = step(st.s, u, side, model.sigmaLr);
                if (st.s === 0)
                    st.since = [];
                else {
                    st.since.push(sample.level);
                    // the effect is judged on the latest shiftWindow samples of the run (bounded cost on long windows)
                    if (st.since.length > 2 * pol.shiftWindow)
                        st.since.splice(0, st.since.length - pol.shiftWindow);
                }
                const h = model.h[side];
                const z = finiteOr((st.s / h) * pol.threshold, 0); // on the threshold's scale: z > threshold ⇔ S > h
                const med = st.since.length ? median(st.since.slice(-pol.shiftWindow)) : sample.level;
                const fired = st.s > h && effectMatters(med, level.center, side, pol);
                const detail = `CUSUM of robust z (clipped at ${cusum_CLIP}, κ ${KAPPA}, long-run sd ${fmt(model.sigmaLr)}) ${fmt(st.s)} vs ${fmt(h)} calibrated on the baseline, ` +
                    `over ${st.since.length} samples of median ${fmt(med)} vs baseline median ${fmt(level.center)}, change ${pct(relChange(med, level.center))}`;
                const look = {
                    z,
                    value: med,
                    center: level.center,
                    scale: side === 'increase' ? level.scaleUp : level.scaleDown,
                    detail,
                    hit: fired ? { rule: 'cusum', value: med, center: level.center, scale: side === 'increase' ? level.scaleUp : level.scaleDown, z, detail } : null,
                };
                if (!best || (look.hit && !best.hit) || (!!look.hit === !!best.hit && z > best.z))
                    best = look;
            }
            return best;
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/rules/departure.ts
// Departure rule (robust gauges): has the new version left everything the old
// version ever did?
//
// The level rule divides a window median by how far the baseline's own medians
// wander, which is right for a level the old version could have reached by
// itself. On a smooth, strongly autocorrelated baseline (temperature, request
// rates on a plateau, a slow daily cycle) that wander is several sigmas, so a
// step of 8 robust sigmas scores z < 6 and passes. The old version's range says
// something the wander cannot: it never went there.
//
// A trailing window of k samples (k = 3, 5, 8, 13, 20) departs on a bad side when
//   1. every one of its k samples lies beyond the baseline's extreme (above its
//      highest sample, below its lowest);
//   2. its median is worse than the baseline median by the smallest change that
//      matters (minRelativeEffect, minAbsoluteEffect);
//   3. its median is at least departureThreshold robust sigmas (per-side MAD
//      scale, no wander term) from the baseline median, or beyond the extreme by
//      more than the baseline's whole range (max − min): a drop to zero from a
//      two-regime baseline whose MAD is as wide as its regimes.
// The metric fails when some window departs on `consecutive` looks in a row on
// the same side: with k ≥ 3 that is at least k + consecutive − 1 samples in a row
// outside the old version's range. Under independent samples the chance of one
// sample beyond the extreme of n is 1/(n + 1), of five in a row about (n + 1)^−5.




const DEPARTURE_WINDOWS = [3, 5, 8, 13, 20];
function buildDepartureModel(ordered, pol) {
    const xs = ordered.filter((x) => x !== null);
    const windows = DEPARTURE_WINDOWS.filter((k) => k <= pol.shiftWindow);
    if (!xs.length || !windows.length)
        return null;
    let highest = -Infinity;
    let lowest = Infinity;
    for (const x of xs) {
        if (x > highest)
            highest = x;
        if (x < lowest)
            lowest = x;
    }
    return { highest, lowest, windows };
}
function createDepartureJudge(model, level, direction, pol) {
    const sides = sidesOf(direction);
    const hold = Math.max(1, pol.consecutive);
    const longest = model.windows[model.windows.length - 1];
    const range = model.highest - model.lowest;
    const xs = [];
    const held = { increase: 0, decrease: 0 };
    const outside = (x, side) => (side === 'increase' ? x > model.highest : x < model.lowest);
    return {
        push(sample) {
            xs.push(sample.level);
            if (xs.length > 2 * longest)
                xs.splice(0, xs.length - longest);
            let best = null;
            for (const side of sides) {
                const extreme = side === 'increase' ? model.highest : model.lowest;
                let departing = null;
                let closest = null;
                for (const k of model.windows) {
                    if (xs.length < k)
                        break;
                    const win = xs.slice(xs.length - k);
                    if (!win.every((x) => outside(x, side)))
                        break; // a longer window holds this one's samples too
                    const med = median(win);
                    const u = robustZ(med, level);
                    const z = finiteOr(side === 'increase' ? u : -u, 0);
                    const far = Math.abs(med - extreme) > range;
                    const look = { k, med, z, far };
                    if (!closest || z > closest.z)
                        closest = look;
                    if ((z > pol.departureThreshold || far) && effectMatters(med, level.center, side, pol))
                        departing = look;
                }
                held[side] = departing ? held[side] + 1 : 0;
                const shown = departing ?? closest;
                if (!shown)
                    continue;
                const fired = departing !== null && held[side] >= hold;
                const beyond = side === 'increase' ? `above its highest ${fmt(model.highest)}` : `below its lowest ${fmt(model.lowest)}`;
                const detail = `the last ${shown.k} samples all lie outside the old version's range (${beyond}); their median ${fmt(shown.med)} vs baseline median ${fmt(level.center)}: ` +
                    `${fmt(shown.z)} robust sigmas${shown.far ? ', beyond the extreme by more than the whole range' : ''}, change ${pct(relChange(shown.med, level.center))}` +
                    (departing ? `; held for ${held[side]} of ${hold} looks` : '');
                const scale = side === 'increase' ? level.scaleUp : level.scaleDown;
                const look = {
                    z: shown.z,
                    value: shown.med,
                    center: level.center,
                    scale,
                    detail,
                    hit: fired ? { rule: 'departure', value: shown.med, center: level.center, scale, z: shown.z, detail, held: held[side] } : null,
                };
                if (!best || (look.hit && !best.hit) || (!!look.hit === !!best.hit && look.z > best.z))
                    best = look;
            }
            return best;
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/rules/envelope.ts
// Envelope rule (robust gauges with a baseline of ENVELOPE_MIN_BASELINE samples
// or more): has the level left everything the old version held for as long?
//
// For each window size k (3, 5, 8, 13, 20), the baseline's own envelope is the
// highest (lowest) median of k consecutive baseline samples, in robust sigmas.
// A trailing window of the latest k candidate samples exceeds on a bad side when
//   1. its median lies beyond that envelope by more than the margin,
//      envelopeMargin · √(60 / n) robust sigmas (n valid baseline samples: a
//      short baseline shows less of the series' range, so its envelope is
//      widened; 2.8σ at 30 samples, 2σ at 60, 1.4σ at 120 by default);
//   2. its median is worse than the baseline median by the smallest change that
//      matters (minRelativeEffect, minAbsoluteEffect);
//   3. for a mostly idle baseline (more than half of it exactly 0), the share of
//      busy candidate samples is significantly higher (as in the level rule);
//   4. when the baseline has bursts on that side (runs of samples beyond 3
//      robust sigmas, the longest L samples), k ≥ 2(L + 2) + 1: a burst up to two
//      samples longer than the old version's longest cannot move the median.
// The metric fails when some window exceeds on `consecutive` looks in a row on
// one side.
//
// Why the envelope and not the window median's z: on the real series of the
// training half, how far a window median lies beyond the old version's own
// windows separates injected shifts from natural wandering far better than the
// same distance divided by how much those windows wander (at 2 % false
// rollbacks, 86 % against 62 % of the 3–6σ shifts for an oracle that knows the
// onset; docs/detector.md). Daily cycles, trends and plateaus all set their own
// envelope; bursts shorter than k/2 samples do not move a k-sample median.




const ENVELOPE_WINDOWS = [3, 5, 8, 13, 20];
/** Fewer valid baseline samples than this: too few windows for an envelope; the level rule judges instead. */
const ENVELOPE_MIN_BASELINE = 30;
/** Baseline size at which the margin is envelopeMargin itself. */
const REFERENCE_BASELINE = 60;
/** A baseline sample this many robust sigmas out is part of a burst. */
const BURST_SIGMAS = 3;
/**
 * How many samples longer than the baseline's longest burst a candidate burst may be before a
 * window can call it a level: a baseline of 30–60 samples shows only part of a bursty series'
 * bursts (the synthetic bursty family has bursts of 1–4 samples; its baselines' longest is often 1–2).
 */
const BURST_SLACK = 2;
/** Does the envelope rule judge a baseline of n valid samples? */
function envelopeApplies(n, pol) {
    return pol.envelopeMargin > 0 && n >= ENVELOPE_MIN_BASELINE && pol.shiftWindow >= ENVELOPE_WINDOWS[0];
}
function buildEnvelopeModel(level, pol) {
    if (!envelopeApplies(level.n, pol))
        return null;
    // One scale for both sides (the whole baseline's MAD): with the per-side scales of the level
    // rule the training half lost 2 points of ≥ 6σ recall and 4 of 3–6σ for one false rollback less.
    const zs = level.zs.map((u) => (envelope_valueOf(u, level) - level.center) / level.scale);
    const windows = ENVELOPE_WINDOWS.filter((k) => k <= pol.shiftWindow && k <= zs.length);
    if (!windows.length)
        return null;
    const up = [];
    const down = [];
    for (const k of windows) {
        let hi = -Infinity;
        let lo = Infinity;
        for (let i = 0; i + k <= zs.length; i++) {
            const m = median(zs.slice(i, i + k));
            if (m > hi)
                hi = m;
            if (m < lo)
                lo = m;
        }
        up.push(hi);
        down.push(lo);
    }
    const burst = (sign) => {
        let longest = 0;
        let run = 0;
        for (const z of zs) {
            run = sign * z > BURST_SIGMAS ? run + 1 : 0;
            if (run > longest)
                longest = run;
        }
        return longest > 0 ? 2 * (longest + BURST_SLACK) + 1 : 0;
    };
    return { windows, up, down, margin: pol.envelopeMargin * Math.sqrt(REFERENCE_BASELINE / level.n), shortestUp: burst(1), shortestDown: burst(-1) };
}
function createEnvelopeJudge(model, level, direction, pol) {
    const sides = sidesOf(direction);
    const hold = Math.max(1, pol.consecutive);
    const longest = model.windows[model.windows.length - 1];
    const zs = [];
    const held = { increase: 0, decrease: 0 };
    let busy = 0;
    let scored = 0;
    const activityChanged = () => busierThanIdleBaseline(level.idle, busy, scored, pol.poissonAlpha);
    return {
        push(sample) {
            zs.push(finiteOr((sample.level - level.center) / level.scale, 0));
            scored++;
            if (sample.level !== 0)
                busy++;
            if (zs.length > 2 * longest)
                zs.splice(0, zs.length - longest);
            let best = null;
            for (const side of sides) {
                let exceedsOnSide = false;
                for (let w = 0; w < model.windows.length; w++) {
                    const k = model.windows[w];
                    if (zs.length < k)
                        break;
                    if (k < (side === 'increase' ? model.shortestUp : model.shortestDown))
                        continue;
                    const medZ = median(zs.slice(zs.length - k));
                    const signed = side === 'increase' ? medZ : -medZ;
                    const envelope = side === 'increase' ? model.up[w] : -model.down[w];
                    const excess = signed - envelope;
                    const medX = valueOfWhole(medZ, level);
                    const exceeds = excess > model.margin && effectMatters(medX, level.center, side, pol) && (side === 'decrease' || activityChanged());
                    if (exceeds)
                        exceedsOnSide = true;
                    if (!best || (exceeds && !best.exceeds) || (exceeds === best.exceeds && excess > best.excess))
                        best = { side, k, medZ, excess, exceeds };
                }
                held[side] = exceedsOnSide ? held[side] + 1 : 0;
            }
            if (!best)
                return null;
            const { side, k, medZ, excess, exceeds } = best;
            const medX = valueOfWhole(medZ, level);
            const z = finiteOr((excess / model.margin) * pol.threshold, 0);
            const fired = exceeds && held[side] >= hold;
            const envelopeX = valueOfWhole(side === 'increase' ? model.up[model.windows.indexOf(k)] : model.down[model.windows.indexOf(k)], level);
            const detail = `median of the last ${k} samples ${fmt(medX)} vs baseline median ${fmt(level.center)}, ` +
                `${fmt(excess)} robust sigmas beyond the old version's own ${k}-sample medians (${side === 'increase' ? 'highest' : 'lowest'} ${fmt(envelopeX)}), ` +
                `margin ${fmt(model.margin)}; change ${pct(relChange(medX, level.center))}` +
                (exceeds && !fired ? `; held for ${held[side]} of ${hold} looks` : '');
            return {
                z,
                value: medX,
                center: level.center,
                scale: level.scale,
                detail,
                hit: fired ? { rule: 'envelope-window', value: medX, center: level.center, scale: level.scale, z, detail, held: held[side] } : null,
            };
        },
    };
}
/** The value of a robust z in the metric's unit (per-side scale). */
function envelope_valueOf(z, level) {
    return finiteOr(level.center + (z >= 0 ? z * level.scaleUp : z * level.scaleDown), level.center);
}
function valueOfWhole(z, level) {
    return finiteOr(level.center + z * level.scale, level.center);
}

;// CONCATENATED MODULE: ./src/detect/rules/spread.ts
// Spread rule (robust gauges): same median, wider swings. The typical size of
// the candidate's sample-to-sample changes over a trailing window against the
// baseline's windows of the same size.
//
// Successive differences, not deviations from the median: a level step inside
// the window or a slow wander (daily cycle) barely moves them, so the rule
// answers "is it noisier?", not "has it moved?" (the level rule's job).
// Spread of a window of k differences = median |Δu| (u = robust z). Its z is
// taken on a log scale against the baseline's own rolling windows of k
// differences (their mean and standard deviation, the latter floored by the
// normal-theory value 1.2/√k), and the spread must also have grown at least
// ×SPREAD_MIN_RATIO: the smallest change in spread that matters.
//
// Wider swings show on both sides of the median. A burst (a spiky or mostly idle
// series jumping up and back) also makes large successive differences, but on
// one side only, and it is the level rule's business. So the window must also
// hold at least a SPREAD_TWO_SIDED_SHARE of its samples beyond SPREAD_TAIL robust
// sigmas on each side of the baseline median (one sample in ten: for three times
// the swings of a normal series that is about one in five per side, for the
// baseline one in 160).



const SPREAD_WINDOWS = [8, 16];
/** The window's typical change must be at least this many times the baseline's. */
const SPREAD_MIN_RATIO = 2;
/** Share of the window's samples that must lie beyond ±SPREAD_TAIL robust sigmas on each side. */
const SPREAD_TWO_SIDED_SHARE = 0.1;
const SPREAD_TAIL = 2.5;
function buildSpreadModel(ordered, level) {
    const us = ordered.filter((x) => x !== null).map((x) => robustZ(x, level));
    const diffs = [];
    for (let i = 1; i < us.length; i++)
        diffs.push(Math.abs(us[i] - us[i - 1]));
    if (diffs.length < SPREAD_WINDOWS[0] + 2)
        return null;
    const typical = median(diffs);
    const meanDiff = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    const eps = Math.max(0.1 * (typical > 0 ? typical : meanDiff), 0.05);
    const windows = [];
    const mu = [];
    const tau = [];
    for (const k of SPREAD_WINDOWS) {
        if (diffs.length < k + 2)
            break;
        const logs = [];
        for (let i = 0; i + k <= diffs.length; i++)
            logs.push(Math.log(median(diffs.slice(i, i + k)) + eps));
        const m = logs.reduce((a, b) => a + b, 0) / logs.length;
        const sd = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / logs.length);
        windows.push(k);
        mu.push(m);
        tau.push(Math.max(sd, 1.2 / Math.sqrt(k)));
    }
    return { windows, mu, tau, typical, eps };
}
function createSpreadJudge(model, level, pol) {
    const diffs = [];
    const us = [];
    const longest = model.windows[model.windows.length - 1] ?? 0;
    let prev = null;
    return {
        push(s) {
            const u = robustZ(s.level, level);
            us.push(u);
            if (prev !== null)
                diffs.push(Math.abs(u - prev));
            prev = u;
            if (diffs.length > 2 * longest) {
                diffs.splice(0, diffs.length - longest);
                us.splice(0, us.length - longest - 1);
            }
            let best = null;
            for (let w = 0; w < model.windows.length; w++) {
                const k = model.windows[w];
                if (diffs.length < k)
                    break;
                const spread = median(diffs.slice(diffs.length - k));
                const z = finiteOr((Math.log(spread + model.eps) - model.mu[w]) / model.tau[w], 0);
                const ratio = (spread + model.eps) / Math.exp(model.mu[w]);
                // the k differences span k + 1 samples
                const span = us.slice(us.length - k - 1);
                const above = span.filter((v) => v > SPREAD_TAIL).length;
                const below = span.filter((v) => v < -SPREAD_TAIL).length;
                const twoSided = Math.min(above, below) >= SPREAD_TWO_SIDED_SHARE * span.length;
                const fired = z > pol.spreadThreshold && ratio >= SPREAD_MIN_RATIO && twoSided;
                if (!best || (fired && !best.fired) || (fired === best.fired && z > best.z))
                    best = { w, k, spread, z, ratio, above, below, n: span.length, twoSided, fired };
            }
            if (!best)
                return null;
            const { w, k, spread, z, ratio, above, below, n, twoSided, fired } = best;
            const typical = Math.exp(model.mu[w]) - model.eps;
            const detail = `typical change between consecutive samples over the last ${k} ${fmt(spread)} robust sigmas vs ${fmt(typical)} in the baseline's windows ` +
                `(×${fmt(ratio)}, log-scale spread ${fmt(model.tau[w])}): z ${fmt(z)}; ${above} of ${n} samples beyond +${SPREAD_TAIL} and ${below} beyond −${SPREAD_TAIL} robust sigmas` +
                (twoSided ? '' : ', not wider on both sides');
            return {
                z,
                value: spread,
                center: typical,
                scale: model.tau[w],
                detail,
                hit: fired ? { rule: 'spread-window', value: spread, center: typical, scale: model.tau[w], z, detail } : null,
            };
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/tracker.ts
// The per-metric tracker (the core): takes candidate samples one by one, sorts
// them into scored / missing / without traffic, hands the scored ones to the
// rule families and keeps the verdict pending → fail | pass | inconclusive.
//
// Rule families (one module each, src/detect/rules/):
//   cusum   robust gauges: sequential test on robust z, threshold calibrated on the baseline
//   envelope robust gauges, baselines of 30+ samples: trailing-window medians beyond the baseline's own (policy.envelopeMargin)
//   level   robust gauges: trailing-window medians in sigmas of the baseline's own window wander
//           (with the envelope rule on, only the windows shorter than its own)
//   departure robust gauges, shorter baselines: every sample of a trailing window outside the old range (policy.departureThreshold)
//   spread  robust gauges: same median, wider swings (policy.spreadRule)
//   counts  count metrics: two-rate test since the deploy and over trailing windows
//   classic method 'classic': mean/sd z, N consecutive or M of N
// plus the absolute `limit` guard, judged here.
//
// State = f(baseline so far, candidate so far). When the baseline grows (a
// concurrent baseline: old hosts sampled in the same interval) the baseline
// model is rebuilt and the candidate replayed; a failure is sticky.











/**
 * Robust gauges: with fewer valid baseline samples than this the baseline's
 * median and spread are noisy; the live window warns about it (see docs/detector.md).
 */
const SHORT_BASELINE = 18;
function sanitize(s) {
    const v = s && typeof s === 'object' ? s.value : null;
    const t = s && typeof s === 'object' ? s.total : null;
    return {
        value: typeof v === 'number' && Number.isFinite(v) ? v : null,
        total: typeof t === 'number' && Number.isFinite(t) && t >= 0 ? t : null,
    };
}
function createMetricTracker(spec, policy) {
    const pol = { ...policy, ...(spec.policy ?? {}) };
    if (pol.window === undefined || pol.window === null)
        delete pol.window;
    const bad = (0,detect_policy/* checkPolicy */.hM)(pol);
    if (bad)
        throw new Error(`metric ${spec.name}: invalid policy: ${bad}`);
    const name = String(spec.name);
    const direction = spec.direction;
    const isCount = spec.kind === 'count';
    const limit = typeof spec.limit === 'number' && Number.isFinite(spec.limit) ? spec.limit : undefined;
    const limitCount = Math.max(1, Math.floor(spec.limitCount ?? 1) || 1);
    const baseline = [];
    const candidate = [];
    let usesTotals = false;
    let model = { kind: 'none', why: 'baseline', okCount: 0 };
    let dirty = true;
    let looks = [];
    let runs = [];
    let worstZ = null;
    let lastLook = null;
    let nOk = 0;
    let nMissing = 0;
    let nIdle = 0;
    let limitRun = 0;
    let verdict = 'pending';
    let decidedAt = null;
    let reason = 'waiting for candidate samples';
    let explain = { value: null, median: 0, scale: 0, z: null, rule: 'none', index: null };
    let finished = false;
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
    /** The level judged: the ratio events/total for counts with totals. */
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
        if (ok.length < pol.minBaselineSamples) {
            const idle = baseline.filter((o) => stateOf(o) === 'notraffic').length;
            const why = idle > 0 && ok.length + idle >= pol.minBaselineSamples ? 'traffic' : 'baseline';
            return { kind: 'none', why, okCount: ok.length };
        }
        if (pol.method === 'classic') {
            const cm = buildClassicModel(ok.map(levelOf), pol);
            return { kind: 'ready', okCount: ok.length, center: cm.center, scale: cm.scale, judges: [{ family: 'classic', judge: createClassicJudge(cm, direction, pol), confirm: 1 }], level: null };
        }
        if (isCount) {
            const cm = buildCountModel(ok.map((o) => ({ events: o.value, exposure: exposureOf(o) })), usesTotals);
            if (!cm)
                return { kind: 'none', why: 'traffic', okCount: ok.length };
            return { kind: 'ready', okCount: ok.length, center: cm.events / cm.exposure, scale: 0, judges: [{ family: 'count', judge: createCountJudge(cm, direction, pol), confirm: 1 }], level: null };
        }
        const ordered = baseline.map((o) => (stateOf(o) === 'ok' ? levelOf(o) : null));
        // With a long enough baseline the envelope rule judges windows of ENVELOPE_WINDOWS[0]
        // samples and more, and the level rule only the shorter ones (a large step is still decided
        // on its third sample, and a window of one or two samples is judged at all). With a short
        // baseline the envelope rests on too few windows: the level and departure rules judge.
        const envelope = envelopeApplies(ok.length, pol);
        const lm = buildLevelModel(ordered, envelope ? { ...pol, shiftWindow: Math.min(pol.shiftWindow, ENVELOPE_WINDOWS[0] - 1) } : pol);
        const judges = [];
        if (!envelope || pol.shiftMinSamples < ENVELOPE_WINDOWS[0])
            judges.push({ family: 'level', judge: createLevelJudge(lm, direction, pol), confirm: 1 });
        const em = envelope ? buildEnvelopeModel(lm, pol) : null;
        if (em)
            judges.push({ family: 'envelope', judge: createEnvelopeJudge(em, lm, direction, pol), confirm: 1 });
        judges.push({ family: 'cusum', judge: createCusumJudge(buildCusumModel(ordered, lm), lm, direction, pol), confirm: 1 });
        const dm = !envelope && pol.departureThreshold > 0 ? buildDepartureModel(ordered, pol) : null;
        if (dm)
            judges.push({ family: 'departure', judge: createDepartureJudge(dm, lm, direction, pol), confirm: 1 });
        if (pol.spreadRule) {
            const sm = buildSpreadModel(ordered, lm);
            if (sm && sm.windows.length)
                judges.push({ family: 'spread', judge: createSpreadJudge(sm, lm, pol), confirm: pol.consecutive });
        }
        return { kind: 'ready', okCount: ok.length, center: lm.center, scale: lm.scale, judges, level: lm };
    }
    function fail(at, index, hit, confirm) {
        verdict = 'fail';
        decidedAt = at;
        explain = { value: hit.value, median: hit.center, scale: hit.scale, z: hit.z, rule: hit.rule, index };
        const looks = hit.held ?? confirm;
        const held = looks > 1 ? ` (held for ${looks} consecutive samples)` : '';
        reason = `${hit.rule}${held}, threshold ${pol.method === 'robust' && isCount ? `α ${fmt(pol.poissonAlpha)}` : `z > ${fmt(pol.threshold)}`}; at sample ${index}: ${hit.detail}`;
    }
    /** Feed candidate sample i to the rule families; returns true when the metric failed. */
    function evaluate(i, now) {
        const o = candidate[i];
        const st = stateOf(o);
        if (st === 'ok')
            nOk++;
        else if (st === 'missing')
            nMissing++;
        else
            nIdle++;
        if (st !== 'ok' || model.kind !== 'ready')
            return false;
        const sample = { level: levelOf(o), events: isCount ? o.value : 0, exposure: isCount ? exposureOf(o) : 1 };
        const js = model.judges;
        for (let j = 0; j < js.length; j++) {
            const look = js[j].judge.push(sample, i);
            looks[j] = look;
            if (!look)
                continue;
            if (worstZ === null || look.z > worstZ)
                worstZ = look.z;
            if (j === 0 || look.hit || !lastLook)
                lastLook = { index: i, look };
            runs[j] = look.hit ? (runs[j] ?? 0) + 1 : 0;
            if (look.hit && runs[j] >= js[j].confirm) {
                fail(now, i, look.hit, js[j].confirm);
                return true;
            }
        }
        return false;
    }
    function rescore(now) {
        usesTotals = isCount && (baseline.some((o) => o.total !== null) || candidate.some((o) => o.total !== null));
        model = buildModel();
        dirty = false;
        looks = [];
        runs = [];
        worstZ = null;
        lastLook = null;
        nOk = 0;
        nMissing = 0;
        nIdle = 0;
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
        verdict = 'fail';
        decidedAt = i;
        explain = {
            value: x,
            median: model.kind === 'ready' ? model.center : 0,
            scale: model.kind === 'ready' ? model.scale : 0,
            z: lastLook?.index === i ? lastLook.look.z : null,
            rule: 'limit',
            index: i,
        };
        reason = `absolute guard: ${limitCount > 1 ? `${limitCount} values in a row` : 'value'} ${direction === 'decrease' ? 'below' : 'above'} limit ${fmt(limit)}${isCount && usesTotals ? ' (ratio events/total)' : ''}; at sample ${i}: value ${fmt(x)}`;
        return true;
    }
    function pendingReason() {
        const parts = [];
        if (model.kind === 'none') {
            parts.push(model.why === 'baseline'
                ? `baseline has ${model.okCount} valid samples, need ${pol.minBaselineSamples}: candidate samples not scored yet`
                : 'no traffic in the baseline: candidate samples not scored yet');
        }
        else if (lastLook) {
            parts.push(`sample ${lastLook.index}: ${lastLook.look.detail}`);
            const held = runs.map((r, j) => (r > 0 && model.kind === 'ready' ? `${model.judges[j].family} rule beyond its threshold for ${r} of ${model.judges[j].confirm} samples` : '')).filter(Boolean);
            parts.push(...held);
        }
        if (nMissing > 0)
            parts.push(`${nMissing} of ${candidate.length} samples missing`);
        return parts.length ? parts.join('; ') : 'waiting for candidate samples';
    }
    function currentExplain(rule) {
        const l = lastLook?.look;
        return {
            value: l?.value ?? null,
            median: finiteOr(model.kind === 'ready' ? (l?.center ?? model.center) : 0, 0),
            scale: finiteOr(model.kind === 'ready' ? (l?.scale ?? model.scale) : 0, 0),
            z: l?.z ?? null,
            rule,
            index: lastLook?.index ?? null,
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
        let rule = null;
        let why = '';
        if (model.kind === 'none' && model.why === 'baseline') {
            rule = 'inconclusive-baseline';
            why = `too few baseline samples: ${model.okCount} valid of ${baseline.length}, need ${pol.minBaselineSamples}`;
        }
        else if (model.kind === 'none') {
            rule = 'inconclusive-traffic';
            why = `no traffic in the baseline: ${model.okCount} of ${baseline.length} samples had traffic, need ${pol.minBaselineSamples}`;
        }
        else if (n === 0) {
            rule = 'inconclusive-candidate';
            why = 'no candidate samples';
        }
        else if (nOk === 0 && nIdle > 0) {
            rule = 'inconclusive-traffic';
            why = `no traffic in the candidate window (${nIdle} of ${n} samples had total 0${nMissing ? `, ${nMissing} missing` : ''})`;
        }
        else if (nMissing / n > pol.maxMissingFraction) {
            rule = 'inconclusive-missing';
            why = `${nMissing} of ${n} candidate samples missing (more than ${fmt(pol.maxMissingFraction * 100)} %)`;
        }
        else if (nOk < pol.minCandidateSamples) {
            rule = 'inconclusive-candidate';
            why = `too few candidate samples: ${nOk} valid of ${n}, need ${pol.minCandidateSamples}`;
        }
        if (rule) {
            verdict = 'inconclusive';
            explain = currentExplain(rule);
            reason = why;
            return;
        }
        verdict = 'pass';
        explain = currentExplain('none');
        const skipped = nMissing + nIdle;
        reason =
            `no rule fired over ${nOk} scored samples` +
                (worstZ !== null ? ` (worst z ${fmt(worstZ)})` : '') +
                (skipped ? `; ${nMissing ? `${nMissing} missing` : ''}${nMissing && nIdle ? ', ' : ''}${nIdle ? `${nIdle} without traffic` : ''} not counted` : '');
    }
    return {
        addBaseline(samples) {
            if (finished || !Array.isArray(samples))
                return;
            for (const s of samples)
                baseline.push(sanitize(s));
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
                if (verdict === 'fail')
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
                if (verdict === 'fail')
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


/***/ })

};
;