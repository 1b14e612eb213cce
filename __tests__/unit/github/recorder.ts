import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocal } from '../../fixtures/http';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export type Handler = (req: Recorded) => { status: number; body?: unknown } | undefined;

/** A real HTTP server on 127.0.0.1 (random port) that records every request and answers via `handler`. */
export async function startRecorder(handler: Handler): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // keep the raw text
      }
      const rec: Recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(rec);
      const answer = handler(rec) ?? { status: 404, body: { message: 'Not Found' } };
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  return { ...(await listenLocal(server)), requests };
}

/** A fake GitHub REST API: deployments get id 42, statuses ids 1, 2, … */
export function githubApi(overrides: Partial<{ deployment: { status: number; body: unknown }; status: { status: number; body: unknown } }> = {}): Handler {
  let statusId = 0;
  return (req) => {
    if (req.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/deployments$/.test(req.path)) {
      return overrides.deployment ?? { status: 201, body: { id: 42, sha: (req.body as { ref: string }).ref, environment: (req.body as { environment: string }).environment } };
    }
    if (req.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/deployments\/\d+\/statuses$/.test(req.path)) {
      return overrides.status ?? { status: 201, body: { id: ++statusId, state: (req.body as { state: string }).state } };
    }
    if (req.method === 'POST' && req.path === '/api/annotations') return { status: 200, body: { id: 7, message: 'Annotation added' } };
    return undefined;
  };
}
