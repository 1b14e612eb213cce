import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { classifyReleases, parseInspect, prunePlan, releasesToPrune, timeKey, type ContainerInfo } from '../../../src/targets/ssh/inspect';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = readFileSync(join(here, '../../fixtures/core/docker-inspect.json'), 'utf8');

function info(over: Partial<ContainerInfo>): ContainerInfo {
  return {
    id: over.version ?? 'x',
    name: `demo-${over.version ?? 'x'}`,
    version: 'v0',
    digest: '',
    image: '',
    deployedAt: '',
    running: false,
    status: 'exited',
    health: 'none',
    startedAt: '2024-01-01T00:00:00Z',
    finishedAt: '2024-01-01T00:00:00Z',
    restartCount: 0,
    oomKilled: false,
    exitCode: 0,
    healthCheck: null,
    ...over,
  };
}

describe('parseInspect', () => {
  it('reads a realistic docker inspect answer', () => {
    const list = parseInspect(FIXTURE);
    expect(list).toHaveLength(3);
    const [v1, v3, v2] = list;
    expect(v1).toEqual({
      id: 'a'.repeat(64),
      name: 'demo-v1',
      version: 'v1',
      digest: 'sha256:' + '1'.repeat(64),
      image: 'ghcr.io/acme/demo@sha256:' + '1'.repeat(64),
      deployedAt: '2024-05-01T10:00:00.5Z',
      running: false,
      status: 'exited',
      health: 'none',
      startedAt: '2024-05-01T10:00:00.5Z',
      finishedAt: '2024-05-01T11:00:01.1Z',
      restartCount: 0,
      oomKilled: false,
      exitCode: 0,
      healthCheck: null,
      specHash: '',
    });
    expect(v3).toMatchObject({ name: 'demo-v3', version: 'v3', running: true, status: 'running', health: 'healthy', restartCount: 1, finishedAt: '0001-01-01T00:00:00Z' });
    expect(v2).toMatchObject({ name: 'demo-v2', running: false, exitCode: 137, oomKilled: true });
  });

  it('reads the container spec hash label; a malformed one means the container is not one rollwatch wrote', () => {
    const withSpec = (spec: string) => JSON.stringify((JSON.parse(FIXTURE) as { Config: { Labels: Record<string, string> } }[]).map((e) => ({ ...e, Config: { ...e.Config, Labels: { ...e.Config.Labels, 'rollwatch.spec': spec } } })));
    expect(parseInspect(withSpec(`sha256:${'c'.repeat(64)}`)).map((c) => c.specHash)).toEqual([`sha256:${'c'.repeat(64)}`, `sha256:${'c'.repeat(64)}`, `sha256:${'c'.repeat(64)}`]);
    const ignored: string[] = [];
    expect(parseInspect(withSpec('$(reboot)'), (why) => ignored.push(why))).toEqual([]);
    expect(ignored[0]).toMatch(/label rollwatch\.spec "\$\(reboot\)": expected a digest/);
  });

  it('an empty list is no containers', () => {
    expect(parseInspect('[]')).toEqual([]);
    expect(parseInspect('[]\n')).toEqual([]);
  });

  it('containers without rollwatch labels (Labels: null) fall back to Config.Image and empty fields', () => {
    const [c] = parseInspect(JSON.stringify([{ Id: 'z', Name: '/other', State: { Status: 'created', Running: false }, Config: { Labels: null, Image: 'nginx:1.25' } }]));
    expect(c).toMatchObject({ name: 'other', version: '', digest: '', image: 'nginx:1.25', deployedAt: '', running: false, status: 'created', startedAt: '0001-01-01T00:00:00Z', restartCount: 0, exitCode: 0 });
  });

  it('health: healthy / unhealthy / starting are kept, anything else (or no HEALTHCHECK) is "none"', () => {
    const mk = (h?: string) => JSON.stringify([{ State: { Running: true, ...(h === undefined ? {} : { Health: { Status: h } }) } }]);
    expect(parseInspect(mk('healthy'))[0].health).toBe('healthy');
    expect(parseInspect(mk('unhealthy'))[0].health).toBe('unhealthy');
    expect(parseInspect(mk('starting'))[0].health).toBe('starting');
    expect(parseInspect(mk('weird'))[0].health).toBe('none');
    expect(parseInspect(mk())[0].health).toBe('none');
  });

  it('only Running === true is running (a "restarting" loop is not)', () => {
    const [c] = parseInspect(JSON.stringify([{ State: { Status: 'restarting', Running: false, Restarting: true } }]));
    expect(c.running).toBe(false);
    expect(c.status).toBe('restarting');
    expect(parseInspect(JSON.stringify([{}]))[0]).toMatchObject({ status: 'unknown', running: false, health: 'none', id: '', name: '' });
  });

  it('refuses output that is not a JSON list', () => {
    expect(() => parseInspect('{"Id":"x"}')).toThrow(/did not return a list/);
    expect(() => parseInspect('Error: No such object')).toThrow();
  });
});

describe('timeKey and the trailing-zero fraction trap', () => {
  it('pads the fraction so lexical order is time order', () => {
    expect(timeKey('2024-05-01T11:00:01.1Z')).toBe('2024-05-01T11:00:01.100000000Z');
    expect(timeKey('2024-05-01T11:00:01.12Z')).toBe('2024-05-01T11:00:01.120000000Z');
    expect(timeKey('2024-05-01T11:00:01Z')).toBe('2024-05-01T11:00:01.000000000Z');
    expect(timeKey('2024-05-01T11:00:01.123456789Z') > timeKey('2024-05-01T11:00:01.12345678Z')).toBe(true);
    expect(timeKey('2024-05-01T11:00:01.1Z') < timeKey('2024-05-01T11:00:01.12Z')).toBe(true);
    // plain string order would get this one wrong
    expect('2024-05-01T11:00:01.1Z' < '2024-05-01T11:00:01.12Z').toBe(false);
  });

  it('classifyReleases puts v2 (stopped at .12) before v1 (stopped at .1)', () => {
    const r = classifyReleases(parseInspect(FIXTURE));
    expect(r.current?.version).toBe('v3');
    expect(r.extraRunning).toEqual([]);
    expect(r.retained.map((c) => c.version)).toEqual(['v2', 'v1']);
  });

  it('the zero time of a never-stopped container sorts last', () => {
    const r = classifyReleases([info({ version: 'never', finishedAt: '0001-01-01T00:00:00Z' }), info({ version: 'old', finishedAt: '2020-01-01T00:00:00Z' })]);
    expect(r.retained.map((c) => c.version)).toEqual(['old', 'never']);
  });

  it('several running: the most recently started is current, the others are extraRunning', () => {
    const r = classifyReleases([
      info({ version: 'a', running: true, startedAt: '2024-05-01T10:00:00.9Z' }),
      info({ version: 'b', running: true, startedAt: '2024-05-01T10:00:00.10Z' }),
      info({ version: 'c', running: true, startedAt: '2024-05-01T10:00:00.95Z' }),
    ]);
    expect(r.current?.version).toBe('c');
    expect(r.extraRunning.map((x) => x.version)).toEqual(['a', 'b']);
    expect(classifyReleases([]).current).toBeNull();
  });

  it('property: retained order equals the order of the real instants (nanosecond precision)', () => {
    const instant = fc.record({ sec: fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }), nanos: fc.integer({ min: 0, max: 999_999_999 }) });
    const dockerTime = ({ sec, nanos }: { sec: number; nanos: number }) => {
      const base = new Date(sec * 1000).toISOString().slice(0, 19);
      const frac = String(nanos).padStart(9, '0').replace(/0+$/, '');
      return `${base}${frac ? '.' + frac : ''}Z`;
    };
    fc.assert(
      fc.property(fc.uniqueArray(instant, { minLength: 2, maxLength: 8, selector: (i) => `${i.sec}.${i.nanos}` }), (instants) => {
        const containers = instants.map((t, i) => info({ version: `v${i}`, finishedAt: dockerTime(t) }));
        const expected = instants
          .map((t, i) => ({ v: `v${i}`, key: BigInt(t.sec) * 1_000_000_000n + BigInt(t.nanos) }))
          .sort((a, b) => (a.key === b.key ? 0 : a.key > b.key ? -1 : 1))
          .map((x) => x.v);
        expect(classifyReleases(containers).retained.map((c) => c.version)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('releasesToPrune', () => {
  const at = (s: number) => `2024-05-01T10:00:${String(s).padStart(2, '0')}Z`;

  it('keeps the `retain` most recently stopped distinct versions, prunes the rest', () => {
    const r = classifyReleases([
      info({ version: 'v5', running: true }),
      info({ version: 'v4', finishedAt: at(50) }),
      info({ version: 'v3', finishedAt: at(40) }),
      info({ version: 'v2', finishedAt: at(30) }),
      info({ version: 'v1', finishedAt: at(20) }),
    ]);
    expect(releasesToPrune(r, 2).map((c) => c.version)).toEqual(['v2', 'v1']);
    expect(releasesToPrune(r, 4)).toEqual([]);
    expect(releasesToPrune(r, 10)).toEqual([]);
  });

  it('an older copy of a kept version and a stopped copy of the running version are pruned', () => {
    const r = classifyReleases([
      info({ id: 'run', version: 'v3', running: true }),
      info({ id: 'v3-old', version: 'v3', finishedAt: at(55) }),
      info({ id: 'v2-new', version: 'v2', finishedAt: at(50) }),
      info({ id: 'v2-old', version: 'v2', finishedAt: at(40) }),
      info({ id: 'v1', version: 'v1', finishedAt: at(30) }),
    ]);
    expect(releasesToPrune(r, 2).map((c) => c.id)).toEqual(['v3-old', 'v2-old']);
  });

  it('with no running release all distinct stopped versions count', () => {
    const r = classifyReleases([info({ version: 'v2', finishedAt: at(2) }), info({ version: 'v1', finishedAt: at(1) })]);
    expect(r.current).toBeNull();
    expect(releasesToPrune(r, 1).map((c) => c.version)).toEqual(['v1']);
  });

  it('the trap again: with retain 1, v2 (.12) is kept and v1 (.1) pruned', () => {
    const pruned = releasesToPrune(classifyReleases(parseInspect(FIXTURE)), 1);
    expect(pruned.map((c) => c.name)).toEqual(['demo-v1']);
  });

  it('property: never prunes a running container; keeps exactly min(retain, distinct other versions), the newest of each', () => {
    const container = fc.record({
      version: fc.constantFrom('v1', 'v2', 'v3', 'v4', 'v5'),
      running: fc.boolean(),
      second: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(fc.array(container, { maxLength: 12 }), fc.integer({ min: 1, max: 6 }), (specs, retain) => {
        const all = specs.map((s, i) => info({ id: `c${i}`, version: s.version, running: s.running, startedAt: at(s.second), finishedAt: at(s.second) }));
        const r = classifyReleases(all);
        const pruned = releasesToPrune(r, retain);
        const prunedIds = new Set(pruned.map((c) => c.id));
        expect(pruned.every((c) => !c.running)).toBe(true);
        expect(r.current === null || !prunedIds.has(r.current.id)).toBe(true);
        const kept = r.retained.filter((c) => !prunedIds.has(c.id));
        const keptVersions = kept.map((c) => c.version);
        expect(new Set(keptVersions).size).toBe(keptVersions.length);
        expect(keptVersions).not.toContain(r.current?.version);
        const distinctOthers = new Set(r.retained.map((c) => c.version).filter((v) => v !== r.current?.version));
        expect(kept.length).toBe(Math.min(retain, distinctOthers.size));
        // every kept container is at least as recent as any pruned one of a version that was not kept
        for (const k of kept) {
          for (const p of pruned) {
            if (!keptVersions.includes(p.version) && p.version !== r.current?.version) expect(timeKey(k.finishedAt) >= timeKey(p.finishedAt)).toBe(true);
          }
        }
        // nothing is lost or duplicated
        expect(pruned.length + kept.length).toBe(r.retained.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('prunePlan', () => {
  const at = (s: number) => `2024-05-01T10:00:${String(s).padStart(2, '0')}Z`;

  it('removes the pruned containers, the env files of versions nothing kept runs, and images nothing kept uses', () => {
    const r = classifyReleases([
      info({ id: 'run', version: 'v3', image: 'img@3', running: true }),
      info({ id: 'v3-old', version: 'v3', image: 'img@3-old', finishedAt: at(55) }),
      info({ id: 'v2', version: 'v2', image: 'img@2', finishedAt: at(50) }),
      info({ id: 'v1', version: 'v1', image: 'img@2', finishedAt: at(40) }),
      info({ id: 'v0', version: 'v0', image: 'img@0', finishedAt: at(30) }),
    ]);
    const plan = prunePlan(r, 1);
    expect(plan.containers.map((c) => c.id)).toEqual(['v3-old', 'v1', 'v0']);
    // img@2 is still used by the kept v2
    expect(plan.unusedImages).toEqual(['img@3-old', 'img@0']);
  });

  it('nothing to prune: an empty plan', () => {
    const r = classifyReleases([info({ version: 'v2', running: true }), info({ version: 'v1', finishedAt: at(1) })]);
    expect(prunePlan(r, 1)).toEqual({ containers: [], unusedImages: [] });
  });
});
