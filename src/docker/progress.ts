import { StringDecoder } from 'node:string_decoder';

/**
 * Docker's build and push endpoints answer 200 and then report failures inside the JSON
 * progress stream. This reads the whole stream and turns any error event into a failure.
 */
export interface ProgressEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string; Tag?: string; Digest?: string; Size?: number };
}

export interface ProgressSummary {
  errors: string[];
  digest: string | null;
  imageId: string | null;
  lines: string[];
}

export function summarizeProgress(events: ProgressEvent[]): ProgressSummary {
  const summary: ProgressSummary = { errors: [], digest: null, imageId: null, lines: [] };
  for (const e of events) {
    if (e.error || e.errorDetail?.message) summary.errors.push((e.errorDetail?.message ?? e.error ?? '').trim());
    if (e.aux?.Digest) summary.digest = e.aux.Digest;
    if (e.aux?.ID) summary.imageId = e.aux.ID;
    const text = (e.stream ?? e.status ?? '').trim();
    if (text) summary.lines.push(text);
  }
  return summary;
}

/** Splits newline-delimited JSON; a line that is not JSON becomes an error event. */
export function parseProgressChunk(buffer: string): { events: ProgressEvent[]; rest: string } {
  const events: ProgressEvent[] = [];
  let rest = buffer;
  let nl: number;
  while ((nl = rest.indexOf('\n')) >= 0) {
    const line = rest.slice(0, nl).trim();
    rest = rest.slice(nl + 1);
    if (!line) continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) events.push(parsed as ProgressEvent);
      else events.push({ error: `unexpected progress line from the Docker engine: ${line.slice(0, 200)}` });
    } catch {
      events.push({ error: `unreadable progress line from the Docker engine: ${line.slice(0, 200)}` });
    }
  }
  return { events, rest };
}

export function readProgress(stream: NodeJS.ReadableStream, onEvent: (e: ProgressEvent) => void = () => {}): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    const all: ProgressEvent[] = [];
    const decoder = new StringDecoder('utf8');
    let buf = '';
    stream.on('data', (chunk: Buffer | string) => {
      const { events, rest } = parseProgressChunk(buf + (typeof chunk === 'string' ? chunk : decoder.write(chunk)));
      buf = rest;
      for (const e of events) {
        all.push(e);
        onEvent(e);
      }
    });
    stream.on('error', reject);
    stream.on('end', () => {
      const { events } = parseProgressChunk(buf + decoder.end() + '\n');
      for (const e of events) {
        all.push(e);
        onEvent(e);
      }
      resolve(all);
    });
  });
}
