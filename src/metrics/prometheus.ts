import type { AxiosInstance } from 'axios';
import { requestDeadline } from './http';
import { redactUserinfo } from '../util/urls';

export interface PromSettings {
  url: string;
  timeoutMs: number;
  bearerToken?: string;
}

export type PromValue = { value: number | null; error: string | null };

/** Fills {{host}}, {{instance}}, {{version}}, {{app}} (values are label-escaped). */
export function renderQuery(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in vars ? vars[k].replace(/\\/g, '\\\\').replace(/"/g, '\\"') : m));
}

interface PromResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: Array<{ value?: [number, string]; values?: Array<[number, string]> }> };
}

function toNumber(s: string | undefined): number | null {
  if (s === undefined) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** Sums the series of a vector result; empty or NaN-only results are "no data", never 0. */
export function valueOfInstant(body: PromResponse): PromValue {
  if (body.status !== 'success') return { value: null, error: body.error ?? 'query failed' };
  const d = body.data;
  if (!d) return { value: null, error: 'response without data' };
  if (d.resultType === 'scalar') {
    const v = toNumber((d.result as unknown as [number, string])[1]);
    return { value: v, error: null };
  }
  const values = d.result.map((r) => toNumber(r.value?.[1])).filter((v): v is number => v !== null);
  if (values.length === 0) return { value: null, error: null };
  return { value: values.reduce((a, b) => a + b, 0), error: null };
}

/** query_range as one value per step (series summed per timestamp); gaps are null. */
export function valuesOfRange(body: PromResponse, start: number, end: number, stepSec: number): PromValue[] {
  const n = Math.max(0, Math.floor((end - start) / stepSec) + 1);
  if (body.status !== 'success' || !body.data) return Array.from({ length: n }, () => ({ value: null, error: body.error ?? 'query failed' }));
  const sums = new Map<number, number>();
  for (const series of body.data.result) {
    for (const [t, s] of series.values ?? []) {
      const v = toNumber(s);
      if (v === null) continue;
      const i = Math.round((t - start) / stepSec);
      sums.set(i, (sums.get(i) ?? 0) + v);
    }
  }
  return Array.from({ length: n }, (_, i) => ({ value: sums.has(i) ? sums.get(i)! : null, error: null }));
}

/** A query answer larger than this is refused (a runaway query, or not Prometheus at all). */
export const MAX_PROMETHEUS_RESPONSE_BYTES = 16 << 20;

export class PrometheusClient {
  /** Made on first query: axios loads only when Prometheus is asked. */
  private http: Promise<AxiosInstance> | null = null;
  constructor(private readonly s: PromSettings) {}

  private client(): Promise<AxiosInstance> {
    const s = this.s;
    this.http ??= import('axios').then(({ default: axios }) => axios.create({
      baseURL: s.url,
      proxy: false,
      // the bearer token (or the URL's user:password) must not follow a redirect elsewhere
      maxRedirects: 0,
      maxContentLength: MAX_PROMETHEUS_RESPONSE_BYTES,
      validateStatus: () => true,
      headers: s.bearerToken ? { Authorization: `Bearer ${s.bearerToken}` } : {},
    }));
    return this.http;
  }

  private async get(path: string, params: Record<string, string>): Promise<PromResponse> {
    const http = await this.client();
    const deadline = requestDeadline(this.s.timeoutMs);
    try {
      const res = await http.get(path, { params, signal: deadline.signal });
      if (typeof res.data === 'object' && res.data && 'status' in res.data) return res.data as PromResponse;
      if (res.status >= 300 && res.status < 400) return { status: 'error', error: `HTTP ${res.status} from Prometheus: redirects are not followed (credentials stay with prometheus.url); set prometheus.url to the final address` };
      return { status: 'error', error: `HTTP ${res.status} from Prometheus` };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      if (deadline.expired()) return { status: 'error', error: `Prometheus gave no complete answer within ${this.s.timeoutMs} ms (prometheus.timeout)` };
      if (/maxContentLength/.test(e.message ?? '')) return { status: 'error', error: `Prometheus answer larger than ${MAX_PROMETHEUS_RESPONSE_BYTES >> 20} MiB: refused` };
      return { status: 'error', error: redactUserinfo(`Prometheus unreachable: ${e.code ?? e.message}`) };
    }
  }

  async instant(query: string, atSec?: number): Promise<PromValue> {
    const params: Record<string, string> = { query };
    if (atSec !== undefined) params.time = atSec.toFixed(3);
    return valueOfInstant(await this.get('/api/v1/query', params));
  }

  async range(query: string, startSec: number, endSec: number, stepSec: number): Promise<PromValue[]> {
    const body = await this.get('/api/v1/query_range', { query, start: startSec.toFixed(3), end: endSec.toFixed(3), step: `${stepSec}` });
    return valuesOfRange(body, startSec, endSec, stepSec);
  }
}
