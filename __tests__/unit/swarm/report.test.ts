import { describe, it, expect } from '@jest/globals';
import { renderSummary } from '../../../src/report/summary';
import { renderText } from '../../../src/report/text';
import { rolledBackReport } from '../report/fixtures';

describe('report of an orchestrated target', () => {
  const target = { kind: 'swarm', description: 'swarm service web via manager h1 (10.213.0.11)' };

  it('the summary has one Target line, and is otherwise the same as for ssh', () => {
    const ssh = renderSummary(rolledBackReport(), { chart: false });
    const swarm = renderSummary(rolledBackReport({ target }), { chart: false });
    expect(ssh).not.toMatch(/Target:/);
    const added = swarm.split('\n').filter((l, i, all) => !ssh.split('\n').includes(l) || all.indexOf(l) !== i);
    expect(added.filter((l) => l !== '')).toEqual(['Target: swarm service web via manager h1 (10.213.0.11)']);
  });

  it('the CLI lines name the target', () => {
    expect(renderText(rolledBackReport({ target }))).toContain('\n  target: swarm service web via manager h1 (10.213.0.11)\n');
    expect(renderText(rolledBackReport())).not.toMatch(/target:/);
  });
});
