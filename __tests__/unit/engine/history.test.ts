/**
 * The deploy history kept on the hosts (src/engine/history.ts): what a run leaves, how a host's
 * file is read back (nothing it did not write is trusted), and the merge across hosts.
 */
import { describe, it, expect } from '@jest/globals';
import { historyEntry, mergeHistory, parseHistory, type HistoryEntry } from '../../../src/engine/history';
import { parseServiceLogLine } from '../../../src/targets/orchestrator';
import { checkValue } from '../../../src/config/values';
import { rolledBackReport } from '../report/fixtures';

const who = { actor: 'octocat', commit: 'c0ffee12', runUrl: 'https://github.com/acme/shop/actions/runs/77' };

describe('historyEntry', () => {
  it('a deploy leaves who, what, the outcome, the first line of the reason and the timings', () => {
    const r = rolledBackReport({ reason: 'verification fail: probe.latency_p95 regressed\nmore detail' });
    const e = historyEntry(r, who)!;
    expect(e).toMatchObject({ command: 'deploy', app: 'shop-api', version: 'v42', previousVersion: 'v41', outcome: 'rolled-back', reason: 'verification fail: probe.latency_p95 regressed', actor: 'octocat', commit: 'c0ffee12', runId: r.runId, runUrl: who.runUrl });
    expect(e.recoveryMs).toBe(r.timings.recoveryMs);
  });

  it('read-only commands leave nothing; a long reason is cut', () => {
    expect(historyEntry(rolledBackReport({ command: 'status' }), who)).toBeNull();
    expect(historyEntry(rolledBackReport({ reason: 'x'.repeat(1000) }), who)!.reason).toHaveLength(301);
  });
});

describe('parseHistory and mergeHistory', () => {
  const line = (over: Partial<HistoryEntry>) => JSON.stringify({ ...historyEntry(rolledBackReport(), who)!, ...over });

  it('keeps the entries rollwatch wrote and counts the rest (cut lines, edits, foreign JSON)', () => {
    const content = [line({ runId: 'a', at: '2026-12-07T05:00:00Z' }), '{"at": "2026-12-07T05:01:00Z", "command": "deploy"', '{"hello":"world"}', 'not json', line({ runId: 'b', command: 'rollback', at: '2026-12-07T06:00:00Z' }), ''].join('\n');
    const { entries, skipped } = parseHistory(content);
    expect(entries.map((e) => e.runId)).toEqual(['a', 'b']);
    expect(skipped).toBe(3);
  });

  it('a run recorded on several hosts appears once with its hosts; newest first', () => {
    const a = parseHistory(line({ runId: 'a', at: '2026-12-07T05:00:00Z' })).entries;
    const b = parseHistory(line({ runId: 'b', at: '2026-12-07T06:00:00Z' })).entries;
    const merged = mergeHistory([
      { host: 'h1', entries: [...a, ...b] },
      { host: 'h2', entries: [...a] },
    ]);
    expect(merged.map((e) => [e.runId, e.hosts])).toEqual([
      ['b', ['h1']],
      ['a', ['h1', 'h2']],
    ]);
  });
});

describe('logs: --since and swarm service log lines', () => {
  it('--since takes a duration or an RFC 3339 time, nothing a shell could misread', () => {
    for (const ok of ['10m', '2h', '1h30m', '45s', '2026-12-07T05:00:00Z']) expect(checkValue('logSince', ok)).toBeNull();
    for (const bad of ['10 minutes', '$(reboot)', '-1m', 'yesterday', '2026-13-45T99:00:00Z']) expect(checkValue('logSince', bad)).not.toBeNull();
  });

  it('reads the node from a service log line, with the timestamp before or after the task', () => {
    expect(parseServiceLogLine('web.1.abc123@h2    | GET / 200')).toEqual({ node: 'h2', line: 'GET / 200' });
    expect(parseServiceLogLine('2026-12-07T05:00:00.123456789Z web.2.def@h3 | started')).toEqual({ node: 'h3', line: '2026-12-07T05:00:00.123456789Z started' });
    expect(parseServiceLogLine('error from daemon in stream')).toBeNull();
  });
});
