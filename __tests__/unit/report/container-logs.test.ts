/**
 * The failing container's last log lines in the text output and the job summary: shown where an
 * on-call engineer looks first, and never able to inject workflow commands or break the markdown.
 */
import { describe, it, expect } from '@jest/globals';
import { renderSummary } from '../../../src/report/summary';
import { logLines, renderText } from '../../../src/report/text';
import { rolledBackReport } from './fixtures';

const failedGate = (logs: string) =>
  rolledBackReport({
    outcome: 'failed',
    reason: 'web-1: v42 failed its health gate: HTTP 500',
    verification: null,
    hosts: [{ name: 'web-1', address: '10.0.0.1', previous: 'v41', final: 'v41', result: 'restored', healthy: true, detail: 'v42 failed its health gate', retained: [], steps: [], logs }],
  });

const hostile = ['starting on :8080', '::error::pwned', 'config ```oops``` </details><script>x</script>', '\u001b[31mpanic: no DATABASE_URL\u001b[0m'].join('\n');

describe("the failing container's log in the report", () => {
  it('text output: the lines under the host, without workflow commands or colour codes', () => {
    const text = renderText(failedGate(hostile));
    expect(text).toMatch(/last lines of the failing container's log:\n\s+\| starting on :8080\n/);
    expect(text).toContain('panic: no DATABASE_URL');
    expect(text).not.toMatch(/^::error::/m);
    expect(text).not.toContain('\u001b');
  });

  it('job summary: a <details> block whose fence and tags app output cannot close', () => {
    const md = renderSummary(failedGate(hostile), { chart: false });
    const block = /<details><summary>web-1: last lines of the failing container's log<\/summary>\n\n(`{4,})text\n([^]*?)\n\1\n\n<\/details>/.exec(md);
    expect(block).not.toBeNull();
    expect(block![2]).toContain('config ```oops``` </details><script>x</script>');
    expect(md.match(/<\/details>/g)).toHaveLength(2); // the block's own and the one inside the fenced log
    expect(md).not.toMatch(/^::error::/m);
  });

  it('no logs: no block', () => {
    expect(renderSummary(failedGate(''), { chart: false })).not.toContain('<details>');
    expect(renderText(failedGate(''))).not.toContain("failing container's log");
  });

  it('keeps the last 20 non-empty lines, each cut at 300 characters', () => {
    const lines = logLines([...Array.from({ length: 30 }, (_, i) => `line ${i}`), '', 'x'.repeat(400)].join('\r\n'));
    expect(lines).toHaveLength(20);
    expect(lines[0]).toBe('line 11');
    expect(lines.at(-1)).toBe(`${'x'.repeat(300)}…`);
  });
});
