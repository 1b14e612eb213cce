// Number formatting shared by the rule explanations.

export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(4)));
}

export function pct(r: number): string {
  if (!Number.isFinite(r)) return r > 0 ? '+∞ %' : '−∞ %';
  const v = Number((r * 100).toPrecision(3));
  return `${v >= 0 ? '+' : ''}${v} %`;
}

/** Relative change of x against m (±∞ when m is 0 and x is not). */
export function relChange(x: number, m: number): number {
  if (m !== 0) return (x - m) / Math.abs(m);
  return x === m ? 0 : x > m ? Infinity : -Infinity;
}
