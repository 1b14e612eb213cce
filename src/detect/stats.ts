// Pure numeric helpers for the detector. No I/O, no clock, no randomness.
//
// Everything here is written to stay finite on hostile input: medians of huge
// values do not overflow, tails never return NaN, z-scores are clamped.

/** Largest |z| the detector ever reports. Beyond this the number carries no information. */
export const Z_CAP = 1e12;

/** Clamp a number into [-cap, cap] and map NaN to `fallback`. */
export function finiteOr(x: number, fallback: number, cap = Number.MAX_VALUE): number {
  if (Number.isNaN(x)) return fallback;
  if (x > cap) return cap;
  if (x < -cap) return -cap;
  return x;
}

export function clampZ(z: number): number {
  return finiteOr(z, 0, Z_CAP);
}

/** Median of a non-empty array (the array is not modified). Overflow-safe. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = Float64Array.from(xs).sort();
  const h = s.length >> 1;
  if (s.length % 2 === 1) return s[h]!;
  // a/2 + b/2 instead of (a+b)/2: no overflow for values near ±MAX_VALUE.
  return s[h - 1]! / 2 + s[h]! / 2;
}

/** Quantile q ∈ [0, 1] of an ascending sorted array (linear interpolation between order statistics). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a === b ? a : a + (h - lo) * (b - a);
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  // Divide while summing so that sums of huge values stay finite.
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += (xs[i]! - m) / (i + 1);
  return m;
}

/** Sample standard deviation (n − 1). 0 for fewer than two values. */
export function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  // Welford's algorithm, numerically stable.
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const d = x - m;
    m += d / (i + 1);
    m2 += d * (x - m);
  }
  const v = m2 / (xs.length - 1);
  return Number.isFinite(v) ? Math.sqrt(v) : Number.MAX_VALUE;
}

/** Median absolute deviation around `center` (unscaled). */
export function mad(xs: readonly number[], center: number): number {
  return median(xs.map((x) => Math.abs(x - center)));
}

export function meanAbsDev(xs: readonly number[], center: number): number {
  return mean(xs.map((x) => Math.abs(x - center)));
}

/** Consistency factor: 1.4826·MAD estimates σ for normal data. */
export const MAD_TO_SIGMA = 1.4826;
/** Consistency factor: 1.2533·mean|x − m| (= √(π/2)) estimates σ for normal data. */
export const MEANAD_TO_SIGMA = 1.2533;

export interface RobustScale {
  median: number;
  scale: number;
  /** Which estimator produced the scale. */
  source: 'mad' | 'meanad' | 'floor';
}

/**
 * Robust location and scale of a baseline:
 * m = median, s = 1.4826·MAD; if MAD = 0 then s = 1.2533·mean|b − m|;
 * always s ≥ max(floorAbs, floorRel·|m|) so a constant baseline gives a finite z.
 */
export function robustScale(xs: readonly number[], floorAbs: number, floorRel: number): RobustScale {
  const m = median(xs);
  const madv = mad(xs, m);
  let s = finiteOr(MAD_TO_SIGMA * madv, 0);
  let source: RobustScale['source'] = 'mad';
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
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const xx = x - 1;
  let a = LANCZOS_C[0]!;
  const t = xx + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS_G + 2; i++) a += LANCZOS_C[i]! / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

const GAMMA_EPS = 1e-15;
const GAMMA_MAX_ITER = 10_000;

/** Regularized lower incomplete gamma P(a, x), a > 0, x ≥ 0. */
export function gammaP(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return gammaSeries(a, x);
  return 1 - gammaContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed without cancellation. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return 1 - gammaSeries(a, x);
  return gammaContinuedFraction(a, x);
}

function gammaSeries(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < GAMMA_MAX_ITER; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * GAMMA_EPS) break;
  }
  const r = sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  return Math.min(1, Math.max(0, r));
}

function gammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < GAMMA_MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < GAMMA_EPS) break;
  }
  const r = Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  return Math.min(1, Math.max(0, r));
}

/**
 * Upper tail of a Poisson law, P(X ≥ k | λ), extended to real k through the
 * incomplete gamma function (P(X ≥ k) = P(k, λ) for integer k ≥ 1). Used with
 * counts divided by an over-dispersion factor, which are not integers.
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (!(k > 0)) return 1;
  if (!(lambda > 0)) return 0;
  return gammaP(k, lambda);
}

/** Lower tail P(X ≤ k | λ) = Q(k + 1, λ), extended to real k ≥ 0. */
export function poissonLowerTail(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (!(lambda > 0)) return 1;
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
export function normalQuantile(p: number): number {
  if (!(p > 0)) return -Infinity;
  if (!(p < 1)) return Infinity;
  const plow = 0.02425;
  let x: number;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  } else if (p <= 1 - plow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  return x;
}

/**
 * The z whose one-sided normal tail equals p: z = Φ⁻¹(1 − p). For p that
 * underflows to 0 it uses the asymptotic z ≈ √(−2 ln p) on log p.
 */
export function zFromUpperTail(p: number, logP?: number): number {
  if (p > 1e-300) return clampZ(-normalQuantile(Math.min(p, 1 - 1e-16)));
  const lp = logP ?? Math.log(Math.max(p, Number.MIN_VALUE));
  return clampZ(Math.sqrt(Math.max(0, -2 * lp)));
}

// ---------------------------------------------------------------------------
// Regularized incomplete beta I_x(a, b) (continued fraction, modified Lentz),
// for the conditional binomial test that compares two Poisson rates.

/** ln B(a, b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1. */
export function betaInc(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  // The continued fraction converges fast for x < (a + 1)/(a + b + 2); otherwise use the symmetry.
  if (x < (a + 1) / (a + b + 2)) return clamp01((Math.exp(lnFront) * betaContinuedFraction(x, a, b)) / a);
  return clamp01(1 - (Math.exp(lnFront) * betaContinuedFraction(1 - x, b, a)) / b);
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < GAMMA_MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < GAMMA_EPS) break;
  }
  return h;
}

/**
 * P(X ≥ k) for X ~ Binomial(n, p), extended to real n ≥ k ≥ 0 through
 * I_p(k, n − k + 1). Real arguments arise from counts divided by a dispersion factor.
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (!(k > 0)) return 1;
  if (k > n) return 0;
  if (!(p > 0)) return 0;
  if (p >= 1) return 1;
  return betaInc(p, k, n - k + 1);
}

/** P(X ≤ k) for X ~ Binomial(n, p), extended to real arguments: I_{1−p}(n − k, k + 1). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (!(p > 0)) return 1;
  if (p >= 1) return 0;
  return betaInc(1 - p, n - k, k + 1);
}

/**
 * Lag-1 autocorrelation of a series around `center`, on values winsorized at
 * ±3·scale so that one spike does not dominate; pairs with a missing value are skipped.
 */
export function lag1Autocorrelation(xs: ReadonlyArray<number | null>, center: number, scale: number): number {
  const w = (x: number) => {
    const d = (x - center) / scale;
    return d > 3 ? 3 : d < -3 ? -3 : d;
  };
  let num = 0;
  let den = 0;
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    const a = xs[i];
    if (a === null || a === undefined) continue;
    const da = w(a);
    den += da * da;
    n++;
    const b = xs[i + 1];
    if (b !== null && b !== undefined) num += da * w(b);
  }
  if (n < 3 || !(den > 0)) return 0;
  return finiteOr(num / den, 0);
}

