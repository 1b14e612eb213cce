/** Pure summaries of what the probe and the host readers saw in one interval. */

export interface RequestOutcome {
  ok: boolean;
  ms: number;
}

export interface ProbeInterval {
  requests: number;
  errors: number;
  /** null when there were no successful requests to time. */
  p50: number | null;
  p95: number | null;
  errorRatio: number | null;
  healthChecks: number;
  healthFailures: number;
}

export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Latency percentiles cover every request, failed ones included (a timeout is slow too). */
export function summarizeRequests(outcomes: readonly RequestOutcome[], health: readonly boolean[] = []): ProbeInterval {
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

export interface CpuTimes {
  busy: number;
  total: number;
}

/** The aggregate "cpu" line of /proc/stat; iowait counts as idle. */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) return null;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return null;
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
  const idleAll = idle + iowait;
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idleAll, total };
}

/** Busy share (0..1) between two readings; null when the counters did not move. */
export function cpuUsage(before: CpuTimes, after: CpuTimes): number | null {
  const dt = after.total - before.total;
  if (dt <= 0) return null;
  return Math.min(1, Math.max(0, (after.busy - before.busy) / dt));
}

/** Used memory share from /proc/meminfo (MemTotal − MemAvailable). */
export function parseMeminfo(text: string): number | null {
  const get = (k: string) => {
    const m = new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  const total = get('MemTotal');
  const avail = get('MemAvailable');
  if (!total || avail === null) return null;
  return (total - avail) / total;
}
