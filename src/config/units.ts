/**
 * Durations and byte sizes as users write them in a config: Go's duration syntax ("1m30s",
 * "500ms", "2h") and Docker's memory units ("512m", "1.5g", "512MB"). Pure: no I/O.
 */

export const DURATION_FORM =
  'a duration such as "500ms", "30s", "2m" or a number of seconds; units ms, s, m and h, combined Go-style as in "1m30s" or "1h15m"';

const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const NUMBER = '[0-9]+(?:\\.[0-9]+)?';
/** One number with an optional unit, blanks allowed around it (the form accepted before Go-style). */
const SINGLE = new RegExp(`^\\s*(${NUMBER})\\s*(ms|s|m|h)?\\s*$`);
/** Go's form: one or more number+unit parts with no blanks, e.g. "1h2m3.5s". */
const COMPOUND = new RegExp(`^(?:${NUMBER}(?:ms|s|m|h))+$`);
const COMPOUND_PART = new RegExp(`(${NUMBER})(ms|s|m|h)`, 'g');

/**
 * Milliseconds of a duration: a number (seconds), "30" (seconds), "500ms", "1.5s", "2m", "1h",
 * or Go-style "1m30s". Null when the text is not a duration. Not rounded: callers bound and round.
 */
export function parseDuration(raw: number | string): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw * 1000 : null;
  const single = SINGLE.exec(raw);
  if (single) return Number(single[1]) * DURATION_UNIT_MS[single[2] ?? 's'];
  if (!COMPOUND.test(raw)) return null;
  let ms = 0;
  for (const [, n, unit] of raw.matchAll(COMPOUND_PART)) ms += Number(n) * DURATION_UNIT_MS[unit];
  return ms;
}

/** A whole number of milliseconds as the shortest Go-style duration: 90_500 → "1m30.5s", 0 → "0s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const rest = ms % 60_000;
  let out = (h ? `${h}h` : '') + (m ? `${m}m` : '');
  if (rest) out += rest % 1000 === 0 || ms >= 1000 ? `${rest / 1000}s` : `${rest}ms`;
  return out;
}

export const BYTES_FORM =
  'a size in bytes or with Docker\'s units b, k, m, g, t (powers of 1024; "kb", "mib", "MB" … mean the same), e.g. "512m", "1.5g", "512MB" or 1073741824';

const BYTE_UNIT: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const SIZE = /^([0-9]+(?:\.[0-9]+)?)(?:([kmgt])(?:i?b)?|(b))?$/i;

/**
 * Bytes of a size as Docker reads `--memory` (go-units RAMInBytes: binary multiples, fractions
 * of a unit rounded down): 1024, "1024", "512b", "1024k", "512m", "512MB", "512MiB", "1.5g". Null when
 * the text is not a size or the number is not a safe integer.
 */
export function parseBytes(raw: number | string): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : null;
  const m = SIZE.exec(raw);
  // a fraction of a byte is a typo, not a size (Docker would round "1.5" down to 1 byte)
  if (!m || (m[2] === undefined && m[1].includes('.'))) return null;
  const bytes = Math.floor(Number(m[1]) * BYTE_UNIT[(m[2] ?? '').toLowerCase()]);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** A byte count in the largest unit that keeps it whole: 536870912 → "512m", 1000 → "1000b". */
export function formatBytes(bytes: number): string {
  for (const unit of ['t', 'g', 'm', 'k'] as const) {
    if (bytes >= BYTE_UNIT[unit] && bytes % BYTE_UNIT[unit] === 0) return `${bytes / BYTE_UNIT[unit]}${unit}`;
  }
  return `${bytes}b`;
}
