// Detector policy: defaults, the classic preset, the zod schema of partial
// overrides (config files and `analyze`), and how layers of overrides merge.

import { z } from 'zod';
import type { DetectorPolicy } from './types';

/**
 * Defaults of the robust detector. The rationale for every number is in
 * docs/detector.md ("Defaults and why"); in short they are chosen to keep false
 * rollbacks rare on autocorrelated, heavy-tailed series whose level differs a
 * little between baseline and candidate, while a ×2 step is caught within a few
 * samples.
 */
export const DEFAULT_POLICY: DetectorPolicy = Object.freeze({
  method: 'robust',
  threshold: 6,
  minAbsoluteEffect: 0,
  minRelativeEffect: 0.1,
  consecutive: 3,
  window: Object.freeze({ breaches: 4, of: 6 }),
  minBaselineSamples: 10,
  minCandidateSamples: 5,
  poissonAlpha: 0.01,
  minCountEffect: 3,
  onInconclusive: 'keep',
  scaleFloorAbsolute: 1e-9,
  scaleFloorRelative: 0.01,
  maxMissingFraction: 0.5,
  shiftMinSamples: 1,
  shiftWindow: 20,
  quantileGate: 0.9,
  baselineCalibration: true,
  tailScale: true,
  spreadRule: true,
  spreadThreshold: 3,
  departureThreshold: 5,
  envelopeMargin: 2,
  countMinRelativeEffect: 0.5,
}) as DetectorPolicy;

/**
 * The textbook detector, for comparison: z = (x − mean)/sd, |z| > 3 in the bad
 * direction, the first breach fails, no effect-size gates. Used as the base when
 * a partial policy selects `method: 'classic'`.
 */
export const CLASSIC_POLICY: DetectorPolicy = Object.freeze({
  ...DEFAULT_POLICY,
  method: 'classic',
  threshold: 3,
  minAbsoluteEffect: 0,
  minRelativeEffect: 0,
  consecutive: 1,
  window: undefined,
  scaleFloorRelative: 0,
  shiftMinSamples: 0,
  quantileGate: 0.5,
  baselineCalibration: false,
  tailScale: false,
  spreadRule: false,
  spreadThreshold: 3,
  departureThreshold: 0,
  envelopeMargin: 0,
  countMinRelativeEffect: 0,
}) as DetectorPolicy;

/** A partial policy as written in a config file or an `analyze` line. `window: null` switches the M-of-N rule off. */
export type PolicyOverrides = Partial<Omit<DetectorPolicy, 'window'>> & {
  window?: { breaches: number; of: number } | null;
};

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
  'shiftMinSamples',
  'shiftWindow',
  'quantileGate',
  'baselineCalibration',
  'tailScale',
  'spreadRule',
  'spreadThreshold',
  'departureThreshold',
  'envelopeMargin',
  'countMinRelativeEffect',
] as const;

/** A number schema whose every failure message is `form`. */
function num(form: string, o: { int?: boolean; min?: number; gt?: number; max?: number; lt?: number } = {}) {
  let s = z.number({ error: form });
  if (o.int) s = s.int({ error: form });
  if (o.min !== undefined) s = s.min(o.min, { error: form });
  if (o.gt !== undefined) s = s.gt(o.gt, { error: form });
  if (o.max !== undefined) s = s.max(o.max, { error: form });
  if (o.lt !== undefined) s = s.lt(o.lt, { error: form });
  return s;
}

function strictObject<T extends z.core.$ZodLooseShape>(shape: T, form: string) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `one of the keys ${keys} (unknown key rejected)` : form),
  });
}

const windowSchema = strictObject(
  {
    breaches: num('an integer from 1 to 1000', { int: true, min: 1, max: 1000 }),
    of: num('an integer from 1 to 1000', { int: true, min: 1, max: 1000 }),
  },
  'an object {"breaches": M, "of": N} with 1 ≤ M ≤ N ≤ 1000, or null to switch the rule off',
).refine((w) => w.breaches <= w.of, {
  error: 'an object {"breaches": M, "of": N} with M ≤ N',
  path: ['breaches'],
});

const policyShape = {
  method: z.enum(['robust', 'classic'], { error: '"robust" or "classic"' }).optional(),
  threshold: num('a number > 0 and ≤ 1000000 (z threshold)', { gt: 0, max: 1e6 }).optional(),
  minAbsoluteEffect: num('a finite number ≥ 0 (in the metric unit)', { min: 0 }).optional(),
  minRelativeEffect: num('a number from 0 to 1000 (0.25 = 25 %)', { min: 0, max: 1000 }).optional(),
  consecutive: num('an integer from 1 to 1000', { int: true, min: 1, max: 1000 }).optional(),
  window: windowSchema.nullable().optional(),
  minBaselineSamples: num('an integer from 1 to 100000', { int: true, min: 1, max: 100_000 }).optional(),
  minCandidateSamples: num('an integer from 1 to 100000', { int: true, min: 1, max: 100_000 }).optional(),
  poissonAlpha: num('a number > 0 and < 0.5 (e.g. 0.001)', { gt: 0, lt: 0.5 }).optional(),
  minCountEffect: num('a finite number ≥ 0 (events)', { min: 0 }).optional(),
  onInconclusive: z.enum(['keep', 'rollback'], { error: '"keep" or "rollback"' }).optional(),
  scaleFloorAbsolute: num('a finite number ≥ 0 (in the metric unit)', { min: 0 }).optional(),
  scaleFloorRelative: num('a number from 0 to 1000', { min: 0, max: 1000 }).optional(),
  maxMissingFraction: num('a number from 0 to 1', { min: 0, max: 1 }).optional(),
  shiftMinSamples: num('an integer from 0 (off) to 1000', { int: true, min: 0, max: 1000 }).optional(),
  shiftWindow: num('an integer from 1 to 1000', { int: true, min: 1, max: 1000 }).optional(),
  quantileGate: num('a number from 0.5 (off) to 1 (e.g. 0.9)', { min: 0.5, max: 1 }).optional(),
  baselineCalibration: z.boolean({ error: 'true or false' }).optional(),
  tailScale: z.boolean({ error: 'true or false' }).optional(),
  spreadRule: z.boolean({ error: 'true or false' }).optional(),
  spreadThreshold: num('a number > 0 and ≤ 1000000 (z on the log scale)', { gt: 0, max: 1e6 }).optional(),
  departureThreshold: num('a number from 0 (off) to 1000000 (robust sigmas)', { min: 0, max: 1e6 }).optional(),
  envelopeMargin: num('a number from 0 (off) to 1000000 (robust sigmas)', { min: 0, max: 1e6 }).optional(),
  countMinRelativeEffect: num('a number from 0 to 1000 (0.5 = 50 %)', { min: 0, max: 1000 }).optional(),
} satisfies Record<(typeof POLICY_KEYS)[number], z.ZodType>;

/**
 * zod 4 schema of a PARTIAL policy. Unknown keys are rejected; every message
 * states the accepted form. Parse output type: {@link PolicyOverrides}.
 */
export const detectorPolicySchema: z.ZodType<PolicyOverrides> = strictObject(
  policyShape,
  `an object with some of the keys ${POLICY_KEYS.join(', ')}`,
) as unknown as z.ZodType<PolicyOverrides>;

/**
 * Merge layers of overrides over the defaults, later layers winning. When the
 * merged `method` is 'classic' the base is {@link CLASSIC_POLICY} (textbook
 * z-score, first breach fails) so `{"method": "classic"}` alone means the
 * textbook detector; fields set explicitly in a layer still win.
 */
export function resolvePolicy(...layers: Array<PolicyOverrides | Partial<DetectorPolicy> | undefined | null>): DetectorPolicy {
  let method: DetectorPolicy['method'] = DEFAULT_POLICY.method;
  for (const l of layers) if (l?.method) method = l.method;
  const out: DetectorPolicy = { ...(method === 'classic' ? CLASSIC_POLICY : DEFAULT_POLICY) };
  for (const l of layers) {
    if (!l) continue;
    for (const k of POLICY_KEYS) {
      if (!(k in l)) continue;
      const v = (l as Record<string, unknown>)[k];
      if (v === undefined) continue;
      if (k === 'window') {
        out.window = v === null ? undefined : { ...(v as { breaches: number; of: number }) };
      } else {
        (out as unknown as Record<string, unknown>)[k] = v;
      }
    }
  }
  if (out.window === undefined) delete out.window;
  return out;
}

/** Validate a full policy; returns a message naming the first bad field, or null when valid. */
export function checkPolicy(p: DetectorPolicy): string | null {
  const r = detectorPolicySchema.safeParse(p);
  if (r.success) return null;
  return formatZodError(r.error, 'policy');
}

/** "field a.b[2]: accepted form …" for the first issue (and a count of the others). */
export function formatZodError(err: z.ZodError, root?: string): string {
  const issues = err.issues;
  const first = issues[0];
  if (!first) return 'invalid input';
  let path = first.path;
  const form = first.message;
  if (first.code === 'unrecognized_keys') {
    const keys = (first as { keys?: string[] }).keys ?? [];
    path = [...path, ...(keys.length ? [keys[0]!] : [])];
  }
  const where = formatPath(root ? [root, ...path] : path);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return `field ${where || '(line)'}: accepted form ${form}${more}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s ? `.${String(p)}` : String(p);
  }
  return s;
}
