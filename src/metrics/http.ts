import http from 'node:http';
import https from 'node:https';

export interface HttpResult {
  ok: boolean;
  status: number | null;
  ms: number;
  error: string | null;
}

/** A probe or health answer larger than this is cut off and counts as failed. */
export const MAX_PROBE_RESPONSE_BYTES = 1 << 20;

class AnswerTooLarge extends Error {}

/**
 * One GET with Node's own client: no proxy, no redirect followed (a 3xx is its status), the
 * whole answer read but not kept, cut off past MAX_PROBE_RESPONSE_BYTES. Resolves with the
 * status once the answer has ended. Node's client, not axios: health checks run in every
 * deploy, and axios (with the fetch it sets up) is a large share of a deploy's start-up.
 */
function getStatus(url: string, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const client = u.protocol === 'https:' ? https : http;
    // A connection of its own (agent: false): a kept-alive one could lead to a container that has since been replaced.
    const req = client.get(u, { headers: { 'User-Agent': 'rollwatch' }, signal, agent: false }, (res) => {
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_PROBE_RESPONSE_BYTES) {
          reject(new AnswerTooLarge());
          res.destroy();
        }
      });
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
      res.on('close', () => reject(new Error('the answer was cut off')));
    });
    req.on('error', reject);
  });
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
  if (err instanceof AnswerTooLarge || /maxContentLength/.test(e.message ?? '')) return `answer larger than the ${Math.round(MAX_PROBE_RESPONSE_BYTES / 1024)} KiB limit`;
  return e.code ?? e.message ?? 'request failed';
}

/** One GET; never throws. 2xx counts as ok; anything else, resets and timeouts do not. */
export async function httpGet(url: string, timeoutMs: number, signal?: AbortSignal): Promise<HttpResult> {
  const started = performance.now();
  const deadline = requestDeadline(timeoutMs, signal);
  try {
    const status = await getStatus(url, deadline.signal);
    const ms = performance.now() - started;
    return { ok: status >= 200 && status < 300, status, ms, error: status >= 300 ? `HTTP ${status}` : null };
  } catch (err) {
    return { ok: false, status: null, ms: performance.now() - started, error: requestError(err, timeoutMs, deadline.expired()) };
  }
}

export function hostUrl(scheme: string, address: string, port: number, path: string): string {
  const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return `${scheme}://${host}:${port}${path}`;
}

