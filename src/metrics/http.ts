import type { AxiosInstance } from 'axios';

export interface HttpResult {
  ok: boolean;
  status: number | null;
  ms: number;
  error: string | null;
}

/** A probe or health answer larger than this is cut off and counts as failed. */
export const MAX_PROBE_RESPONSE_BYTES = 1 << 20;

let client: Promise<AxiosInstance> | null = null;

/**
 * The HTTP client of health checks and probes, loaded on first use (axios is a large share of
 * start-up; a deploy loads it while its SSH handshakes wait on the hosts, see Fleet.preflight).
 */
export function httpClient(): Promise<AxiosInstance> {
  client ??= import('axios').then(({ default: axios }) =>
    axios.create({
      proxy: false,
      maxRedirects: 0,
      maxContentLength: MAX_PROBE_RESPONSE_BYTES,
      responseType: 'text',
      transformResponse: (d) => d,
      validateStatus: () => true,
      headers: { 'User-Agent': 'rollwatch' },
    }),
  );
  return client;
}

/**
 * A deadline for one whole request (connect, headers and body), optionally tied to a caller's
 * signal. axios's `timeout` is a socket idle timeout: a peer that drips a byte now and then
 * would keep the request open for ever. AbortSignal.any registers no listener on the caller's
 * signal, so many requests under one caller signal do not pile up listeners on it.
 */
export function requestDeadline(timeoutMs: number, signal?: AbortSignal): { signal: AbortSignal; expired: () => boolean } {
  const deadline = AbortSignal.timeout(timeoutMs);
  return { signal: signal ? AbortSignal.any([signal, deadline]) : deadline, expired: () => deadline.aborted };
}

/** Why a request failed, in words a user can act on. */
export function requestError(err: unknown, timeoutMs: number, expired: boolean): string {
  if (expired) return `no complete answer within ${timeoutMs} ms`;
  const e = err as { code?: string; message?: string };
  if (/maxContentLength/.test(e.message ?? '')) return `answer larger than the ${Math.round(MAX_PROBE_RESPONSE_BYTES / 1024)} KiB limit`;
  return e.code ?? e.message ?? 'request failed';
}

/** One GET; never throws. 2xx counts as ok; anything else, resets and timeouts do not. */
export async function httpGet(url: string, timeoutMs: number, signal?: AbortSignal): Promise<HttpResult> {
  const http = await httpClient();
  const started = performance.now();
  const deadline = requestDeadline(timeoutMs, signal);
  try {
    const res = await http.get(url, { signal: deadline.signal });
    const ms = performance.now() - started;
    return { ok: res.status >= 200 && res.status < 300, status: res.status, ms, error: res.status >= 300 ? `HTTP ${res.status}` : null };
  } catch (err) {
    return { ok: false, status: null, ms: performance.now() - started, error: requestError(err, timeoutMs, deadline.expired()) };
  }
}

export function hostUrl(scheme: string, address: string, port: number, path: string): string {
  const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return `${scheme}://${host}:${port}${path}`;
}

