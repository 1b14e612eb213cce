import axios from 'axios';

export interface HttpResult {
  ok: boolean;
  status: number | null;
  ms: number;
  error: string | null;
}

const client = axios.create({
  proxy: false,
  maxRedirects: 0,
  responseType: 'text',
  transformResponse: (d) => d,
  validateStatus: () => true,
  headers: { 'User-Agent': 'rollwatch' },
});

/** One GET; never throws. 2xx counts as ok; anything else, resets and timeouts do not. */
export async function httpGet(url: string, timeoutMs: number, signal?: AbortSignal): Promise<HttpResult> {
  const started = performance.now();
  try {
    const res = await client.get(url, { timeout: timeoutMs, signal });
    const ms = performance.now() - started;
    return { ok: res.status >= 200 && res.status < 300, status: res.status, ms, error: res.status >= 300 ? `HTTP ${res.status}` : null };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { ok: false, status: null, ms: performance.now() - started, error: e.code ?? e.message ?? 'request failed' };
  }
}

export function hostUrl(scheme: string, address: string, port: number, path: string): string {
  const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return `${scheme}://${host}:${port}${path}`;
}
