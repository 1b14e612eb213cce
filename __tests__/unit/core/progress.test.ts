import { describe, it, expect } from '@jest/globals';
import { Readable, PassThrough } from 'node:stream';
import fc from 'fast-check';
import { parseProgressChunk, readProgress, summarizeProgress, type ProgressEvent } from '../../../src/docker/progress';

const DIGEST = 'sha256:' + 'e'.repeat(64);

/** A push stream as the Docker engine sends it: the error comes after "Pushed" lines and HTTP 200. */
const PUSH_FAILED = [
  { status: 'The push refers to repository [ghcr.io/acme/web]' },
  { status: 'Preparing', progressDetail: {}, id: 'a1b2c3' },
  { status: 'Pushed', progressDetail: {}, id: 'a1b2c3' },
  { errorDetail: { message: 'denied: permission_denied: write_package' }, error: 'denied: permission_denied: write_package' },
];

const BUILD_OK = [
  { stream: 'Step 1/2 : FROM alpine\n' },
  { stream: ' ---> 1234\n' },
  { aux: { ID: 'sha256:' + 'f'.repeat(64) } },
  { stream: 'Successfully built 1234\n' },
];

const PUSH_OK = [{ status: 'Pushed', id: 'a1' }, { status: `v1: digest: ${DIGEST} size: 1234` }, { progressDetail: {}, aux: { Tag: 'v1', Digest: DIGEST, Size: 1234 } }];

const ndjson = (events: object[], eol = '\r\n') => events.map((e) => JSON.stringify(e) + eol).join('');

describe('summarizeProgress', () => {
  it('an error event anywhere fails the stream, with the detail message', () => {
    const s = summarizeProgress(PUSH_FAILED as ProgressEvent[]);
    expect(s.errors).toEqual(['denied: permission_denied: write_package']);
    expect(s.lines).toContain('Pushed');
  });

  it('an error first, or in the middle, is still found', () => {
    expect(summarizeProgress([{ error: 'boom' }, ...BUILD_OK]).errors).toEqual(['boom']);
    expect(summarizeProgress([...BUILD_OK.slice(0, 2), { errorDetail: { message: ' The command returned a non-zero code: 1 \n' } }, ...BUILD_OK.slice(2)]).errors).toEqual(['The command returned a non-zero code: 1']);
  });

  it('errorDetail.message is preferred over error; either alone counts', () => {
    expect(summarizeProgress([{ error: 'short', errorDetail: { message: 'detailed' } }]).errors).toEqual(['detailed']);
    expect(summarizeProgress([{ errorDetail: { message: 'only detail' } }]).errors).toEqual(['only detail']);
    expect(summarizeProgress([{ error: 'only error', errorDetail: {} }]).errors).toEqual(['only error']);
  });

  it('a successful build: image id from aux.ID, no errors, trimmed text lines', () => {
    const s = summarizeProgress(BUILD_OK);
    expect(s.errors).toEqual([]);
    expect(s.imageId).toBe('sha256:' + 'f'.repeat(64));
    expect(s.digest).toBeNull();
    expect(s.lines).toEqual(['Step 1/2 : FROM alpine', '---> 1234', 'Successfully built 1234']);
  });

  it('a successful push: digest from aux.Digest', () => {
    const s = summarizeProgress(PUSH_OK);
    expect(s.digest).toBe(DIGEST);
    expect(s.errors).toEqual([]);
  });

  it('an empty stream has nothing', () => {
    expect(summarizeProgress([])).toEqual({ errors: [], digest: null, imageId: null, lines: [] });
  });
});

describe('parseProgressChunk', () => {
  it('returns complete lines as events and keeps the partial tail', () => {
    const text = ndjson(BUILD_OK, '\n');
    const cut = text.length - 10;
    const first = parseProgressChunk(text.slice(0, cut));
    expect(first.events).toEqual(BUILD_OK.slice(0, 3));
    expect(first.rest).toBe(text.slice(0, cut).split('\n').pop());
    const second = parseProgressChunk(first.rest + text.slice(cut));
    expect(second.events).toEqual(BUILD_OK.slice(3));
    expect(second.rest).toBe('');
  });

  it('CRLF line ends and blank lines are fine', () => {
    expect(parseProgressChunk('{"status":"a"}\r\n\r\n\n{"status":"b"}\r\n').events).toEqual([{ status: 'a' }, { status: 'b' }]);
  });

  it('a line that is not JSON becomes an error event quoting it (cut at 200 characters)', () => {
    const junk = '<html>502 Bad Gateway</html>' + 'x'.repeat(500);
    const { events } = parseProgressChunk(`{"status":"ok"}\n${junk}\n`);
    expect(events[0]).toEqual({ status: 'ok' });
    expect(events[1].error).toBe(`unreadable progress line from the Docker engine: ${junk.slice(0, 200)}`);
    expect(summarizeProgress(events).errors).toHaveLength(1);
  });

  it('a JSON line that is not an event object (null, a number, a list) is an error, not a crash', () => {
    for (const line of ['null', '42', '"text"', '[1,2]']) {
      const { events } = parseProgressChunk(`${line}\n`);
      let summary: ReturnType<typeof summarizeProgress> | null = null;
      expect(() => {
        summary = summarizeProgress(events);
      }).not.toThrow();
      expect([line, summary!.errors.length]).toEqual([line, 1]);
    }
  });

  it('property: however the stream is cut into chunks, the events are the same', () => {
    const events = [...BUILD_OK, ...PUSH_OK, { status: 'ünïcødé ✓ 日本語' }, ...PUSH_FAILED];
    const text = ndjson(events);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), text.length];
        let buf = '';
        const got: ProgressEvent[] = [];
        for (let i = 1; i < points.length; i++) {
          const r = parseProgressChunk(buf + text.slice(points[i - 1], points[i]));
          buf = r.rest;
          got.push(...r.events);
        }
        expect(buf).toBe('');
        expect(got).toEqual(events);
      }),
      { numRuns: 200 },
    );
  });
});

describe('readProgress on a real Readable stream', () => {
  it('collects every event across chunk borders and calls onEvent for each', async () => {
    const text = ndjson([...BUILD_OK, ...PUSH_FAILED]);
    const chunks = [text.slice(0, 7), text.slice(7, 60), text.slice(60, 61), text.slice(61)].map((s) => Buffer.from(s));
    const seen: ProgressEvent[] = [];
    const events = await readProgress(Readable.from(chunks), (e) => seen.push(e));
    expect(events).toEqual([...BUILD_OK, ...PUSH_FAILED]);
    expect(seen).toEqual(events);
    expect(summarizeProgress(events).errors).toEqual(['denied: permission_denied: write_package']);
  });

  it('a last line without a newline is still read', async () => {
    const events = await readProgress(Readable.from(['{"status":"a"}\n{"error":"boom"}']));
    expect(events).toEqual([{ status: 'a' }, { error: 'boom' }]);
  });

  it('onEvent sees the last line too, even without a final newline', async () => {
    const seen: ProgressEvent[] = [];
    const events = await readProgress(Readable.from(['{"status":"a"}\n{"error":"boom"}']), (e) => seen.push(e));
    expect(seen).toEqual(events);
  });

  it('a multi-byte UTF-8 character split between two chunks is decoded intact', async () => {
    const text = JSON.stringify({ stream: 'Step 1/1 : RUN echo “héllo” 日本\n' }) + '\n';
    const bytes = Buffer.from(text, 'utf8');
    const split = bytes.indexOf(Buffer.from('日', 'utf8')) + 1; // inside the 3-byte character
    const events = await readProgress(Readable.from([bytes.subarray(0, split), bytes.subarray(split)]));
    expect(events).toEqual([{ stream: 'Step 1/1 : RUN echo “héllo” 日本\n' }]);
  });

  it('a stream error rejects', async () => {
    const s = new PassThrough();
    const p = readProgress(s);
    s.write('{"status":"a"}\n');
    s.destroy(new Error('socket hang up'));
    await expect(p).rejects.toThrow('socket hang up');
  });

  it('an empty stream gives no events', async () => {
    await expect(readProgress(Readable.from([]))).resolves.toEqual([]);
  });
});
