import { z } from 'zod';
import { BYTES_FORM, DURATION_FORM, formatBytes, parseBytes, parseDuration } from './units';
import { RULES, fits, type RuleName } from './values';

/** A string accepted by one of the shared value rules (values.ts). */
export const ruled = (name: RuleName) =>
  z.string({ error: `expected a string: ${RULES[name].form}` }).superRefine((value, ctx) => {
    const r = RULES[name];
    if (value.length === 0) ctx.addIssue({ code: 'custom', message: `must not be empty: expected ${r.form}` });
    else if (value.length > r.maxLength)
      ctx.addIssue({ code: 'custom', message: `is ${value.length} characters long, at most ${r.maxLength} allowed: expected ${r.form}` });
    else if (!fits(r, value)) ctx.addIssue({ code: 'custom', message: `expected ${r.form}, got ${JSON.stringify(value.slice(0, 80))}` });
  });

/** A duration field (see units.ts for the forms), parsed to whole milliseconds within [min, max]. */
export const duration = (max = 24 * 3_600_000, min = 0) =>
  z.union([z.number(), z.string()], { error: `expected ${DURATION_FORM}` }).transform((raw, ctx) => {
    const ms = parseDuration(raw);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `expected ${DURATION_FORM}, got ${JSON.stringify(typeof raw === 'string' ? raw.slice(0, 40) : raw)}` });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({ code: 'custom', message: `expected ${DURATION_FORM} between ${min / 1000}s and ${max / 1000}s` });
      return z.NEVER;
    }
    return Math.round(ms);
  });

/**
 * A size field in Docker's units, parsed to a byte count within [min, max]. The bounds are
 * named in the message in the same units, e.g. "at least 6m".
 */
export const byteSize = (what: string, min: number, max: number) =>
  z.union([z.number(), z.string()], { error: `expected ${what}: ${BYTES_FORM}` }).transform((raw, ctx) => {
    const bytes = parseBytes(raw);
    if (bytes === null) {
      ctx.addIssue({ code: 'custom', message: `expected ${what}: ${BYTES_FORM}, got ${JSON.stringify(typeof raw === 'string' ? raw.slice(0, 40) : raw)}` });
      return z.NEVER;
    }
    if (bytes < min || bytes > max) {
      ctx.addIssue({ code: 'custom', message: `expected ${what} from ${formatBytes(min)} to ${formatBytes(max)} (${BYTES_FORM}), got ${bytes} bytes` });
      return z.NEVER;
    }
    return bytes;
  });
