/**
 * Go-style durations ("1m30s") and Docker's memory units ("1.5g", "512MB") in config values:
 * the parsers alone (with properties over many values), then through the loader, where every
 * duration field and the memory limit take them and a bad value names its field and the form.
 */
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { formatBytes, formatDuration, parseBytes, parseDuration } from '../../../src/config/units';
import { buildConfig } from '../../../src/config/load';
import { buildServiceSpec } from '../../../src/targets/swarm/spec';
import { createContainerRequest } from '../../../src/targets/ssh/engine-spec';
import { configErrorOf, fakeSources, minimalRaw, setPath } from '../../fixtures/core/config';

describe('parseDuration', () => {
  it.each([
    ['1m30s', 90_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['1h15m', 4_500_000],
    ['1h2m3.5s', 3_723_500],
    ['1m500ms', 60_500],
    ['1.5h', 5_400_000],
    ['0s', 0],
    // the forms accepted before Go-style
    [' 45 s ', 45_000],
    ['30', 30_000],
    [30, 30_000],
    [0.25, 250],
  ])('%p → %p ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['1m 30s', '1d', '30sec', 'm30s', '1m30', '-1m', '1e3', '', '1.s', '1ms2', Infinity, NaN])('%p is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('round trip: every whole number of milliseconds written Go-style reads back as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 24 * 3_600_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });

  it('adding a part never shortens a duration (monotonic in each part)', () => {
    const part = fc.tuple(fc.integer({ min: 0, max: 500 }), fc.constantFrom('h', 'm', 's', 'ms'));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), part, (parts, extra) => {
        const text = parts.map(([n, u]) => `${n}${u}`).join('');
        expect(parseDuration(text + `${extra[0]}${extra[1]}`)).toBeGreaterThanOrEqual(parseDuration(text)!);
      }),
    );
  });
});

describe('parseBytes (Docker --memory units, powers of 1024)', () => {
  it.each([
    ['1.5g', 1.5 * 1024 ** 3],
    ['512MB', 512 * 1024 ** 2],
    ['512m', 512 * 1024 ** 2],
    ['512MiB', 512 * 1024 ** 2],
    ['1024k', 1024 ** 2],
    ['1kb', 1024],
    ['2T', 2 * 1024 ** 4],
    ['6291456', 6_291_456],
    ['100b', 100],
    [1_073_741_824, 1_073_741_824],
    // go-units rounds fractions of a byte down
    ['1.0001k', 1024],
  ])('%p → %p bytes', (text, bytes) => {
    expect(parseBytes(text)).toBe(bytes);
  });

  it.each(['1 GB', '1gig', 'g', '-1m', '1.5', '1e9', '1m b', '', 1.5, -1, 2 ** 60])('%p is not a size', (text) => {
    expect(parseBytes(text)).toBeNull();
  });

  it('round trip: a byte count written with the largest whole unit reads back as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (bytes) => {
        expect(parseBytes(formatBytes(bytes))).toBe(bytes);
      }),
    );
  });

  it('monotonic: a bigger number in the same unit is never fewer bytes, and each unit is 1024 of the one below', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom('k', 'm', 'g', 'kb', 'MiB'), (a, b, unit) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const text = (n: number) => `${n.toFixed(3)}${unit}`;
        expect(parseBytes(text(hi))!).toBeGreaterThanOrEqual(parseBytes(text(lo))!);
      }),
    );
    expect(parseBytes('1g')).toBe(1024 * parseBytes('1m')!);
    expect(parseBytes('1t')).toBe(1024 * parseBytes('1g')!);
  });
});

describe('the loader: every duration field takes Go-style durations', () => {
  it.each([
    ['ssh.connectTimeout', '1m30s', (c: any) => c.ssh.connectTimeoutMs],
    ['ssh.commandTimeout', '1h30m', (c: any) => c.ssh.commandTimeoutMs],
    ['container.stopTimeout', '1m5s', (c: any) => c.container.stopTimeoutMs],
    ['health.timeout', '2m30s', (c: any) => c.health.timeoutMs],
    ['health.interval', '1s500ms', (c: any) => c.health.intervalMs],
    ['rollout.lockTimeout', '1h2m', (c: any) => c.rollout.lockTimeoutMs],
    ['verify.window', '2m30s', (c: any) => c.verify.window],
    ['verify.probe.timeout', '1s250ms', (c: any) => c.verify.probe.timeout],
    ['swarm.monitor', '1m30s', (c: any) => c.swarm.monitorMs],
    ['swarm.updateTimeout', '1h', (c: any) => c.swarm.updateTimeoutMs],
  ])('%s: %p', (field, text, read) => {
    const raw = setPath(field.startsWith('swarm') ? { ...minimalRaw(), target: 'swarm', container: { port: 80 } } : minimalRaw(), field, text);
    expect(read(buildConfig(raw, fakeSources()))).toBe(parseDuration(text));
  });

  it('a bad duration names the field, the accepted forms and the value', () => {
    expect(configErrorOf(setPath(minimalRaw(), 'verify.baseline', '1m 30s'))).toMatch(
      /^verify\.baseline: expected a duration such as "500ms", "30s", "2m" or a number of seconds; units ms, s, m and h, combined Go-style as in "1m30s" or "1h15m", got "1m 30s"$/m,
    );
    expect(configErrorOf(setPath({ ...minimalRaw(), target: 'swarm' }, 'swarm.delay', '2d'))).toMatch(/^swarm\.delay: expected a duration .*"1m30s".*got "2d"$/m);
  });

  it('a Go-style duration over the field\'s maximum names the bounds', () => {
    expect(configErrorOf(setPath(minimalRaw(), 'ssh.connectTimeout', '10m0s1ms'))).toMatch(/^ssh\.connectTimeout: expected a duration .* between 0\.1s and 600s$/m);
  });
});

describe('the loader: container.memory takes Docker\'s units and hands on bytes', () => {
  it.each([
    ['1.5g', 1_610_612_736],
    ['512MB', 536_870_912],
    ['512m', 536_870_912],
    ['6144k', 6_291_456],
    [6_291_456, 6_291_456],
  ])('%p → %p bytes', (text, bytes) => {
    const c = buildConfig(setPath(minimalRaw(), 'container.memory', text), fakeSources());
    expect(c.container.memory).toBe(String(bytes));
  });

  it('the container create request gets the byte count', () => {
    const c = buildConfig(setPath(minimalRaw(), 'container.memory', '1.5g'), fakeSources());
    const { body } = createContainerRequest({
      app: 'web', version: 'v1', digest: 'sha256:' + 'a'.repeat(64), imageRef: 'ghcr.io/acme/web:v1', deployedAt: '2026-01-01T00:00:00Z', runId: 'r1',
      ports: [], volumes: [], labels: {}, restart: 'no', stopTimeoutSec: 10, memory: c.container.memory, env: [],
    });
    expect(body.HostConfig?.Memory).toBe(1_610_612_736);
  });

  it('a swarm service gets the same limit in MemoryBytes, fractions included (once silently dropped)', () => {
    const c = buildConfig({ ...minimalRaw(), target: 'swarm', container: { port: 80, memory: '1.5g' } }, fakeSources());
    const release = { version: 'v2', imageRef: `ghcr.io/acme/web@sha256:${'a'.repeat(64)}`, digest: `sha256:${'a'.repeat(64)}` };
    const spec = buildServiceSpec(c, c.swarm!, release, { runId: 'r', deployedAt: '2026-01-01T00:00:00Z' });
    expect(spec.TaskTemplate.Resources?.Limits?.MemoryBytes).toBe(1_610_612_736);
  });

  it('a bad size names the field and the accepted form; Docker\'s 6 MiB minimum is checked before any host', () => {
    expect(configErrorOf(setPath(minimalRaw(), 'container.memory', '1 GB'))).toMatch(/^container\.memory: expected a memory limit: a size in bytes or with Docker's units .*"1\.5g".*, got "1 GB"$/m);
    expect(configErrorOf(setPath(minimalRaw(), 'container.memory', '4m'))).toMatch(/^container\.memory: expected a memory limit from 6m to 1t .*, got 4194304 bytes$/m);
  });
});
