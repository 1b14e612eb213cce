/**
 * Misbehaving network peers for the tests: real HTTP servers on 127.0.0.1 that drip their
 * answer, never end it, redirect elsewhere, or answer late.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocal } from '../../fixtures/http';

export type Behaviour = 'drip' | 'endless' | { redirectTo: string } | { delayMs: number } | 'ok';

export interface Peer {
  url: string;
  /** Requests received, as "METHOD path" with the authorization header when present. */
  requests: { line: string; authorization?: string }[];
  close(): Promise<void>;
}

export async function startPeer(behaviour: Behaviour): Promise<Peer> {
  const requests: Peer['requests'] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push({ line: `${req.method} ${req.url}`, authorization: req.headers.authorization });
    req.resume();
    if (behaviour === 'drip') {
      // A valid, never-finished answer: one byte every 100 ms keeps every idle timer happy.
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => res.write(' '), 100);
      timers.add(t);
      res.on('close', () => (clearInterval(t), timers.delete(t)));
    } else if (behaviour === 'endless') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', pump);
      pump();
    } else if (behaviour === 'ok') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"success","data":{"resultType":"vector","result":[]},"id":1}');
    } else if ('redirectTo' in behaviour) {
      res.writeHead(307, { location: behaviour.redirectTo + (req.url ?? '/') });
      res.end();
    } else {
      const t = setTimeout(() => res.end('ok'), behaviour.delayMs);
      timers.add(t);
    }
  });
  const local = await listenLocal(server, () => {
    for (const t of timers) clearTimeout(t), clearInterval(t);
  });
  return { ...local, requests };
}

/** Milliseconds `fn` takes. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}
