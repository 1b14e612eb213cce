/**
 * The JSON Schema editors use: every field has a description (shown on hover), every description
 * belongs to a field that exists, and the examples carry the yaml-language-server modeline.
 */
import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { configJsonSchema } from '../../../src/config/json-schema';
import { FIELD_DESCRIPTIONS, POLICY_DESCRIPTIONS, SOURCE_DESCRIPTIONS, schemaProperties } from '../../../src/config/descriptions';
import { SCHEMA_MODELINE, SCHEMA_URL } from '../../../src/config/starter';

const schema = configJsonSchema();
const properties = schemaProperties(schema);

describe('the generated JSON Schema', () => {
  it('walks every field (the walk itself reaches lists, maps, unions and the detector policy)', () => {
    const paths = properties.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['app', 'hosts[].fingerprint', 'container.env.*.fromEnv', 'ssh.privateKey.fromEnv', 'verify.metrics.*.policy.window.of', 'verify.prometheus.queries[].policy.threshold', 'notify[].url.fromFile']));
    expect(paths.length).toBeGreaterThan(200);
  });

  it('has a description on every field', () => {
    const missing = properties.filter((p) => typeof p.node.description !== 'string' || (p.node.description as string).length < 10).map((p) => p.path);
    expect(missing).toEqual([]);
  });

  it('describes no field that does not exist (no stale entries)', () => {
    const paths = new Set(properties.map((p) => p.path));
    expect(Object.keys(FIELD_DESCRIPTIONS).filter((k) => !paths.has(k))).toEqual([]);
    const policyFields = new Set(properties.map((p) => /\.policy\.(.+)$/.exec(p.path)?.[1]).filter(Boolean));
    expect(Object.keys(POLICY_DESCRIPTIONS).filter((k) => !policyFields.has(k))).toEqual([]);
    for (const k of Object.keys(SOURCE_DESCRIPTIONS)) expect(paths.has(`registry.password.${k}`)).toBe(true);
  });

  it('a field used in several places gets the description of each place', () => {
    const at = (path: string) => properties.find((p) => p.path === path)!.node.description;
    expect(at('verify.policy')).toMatch(/for every metric/);
    expect(at('verify.metrics.*.policy')).toMatch(/for this metric/);
    expect(at('ssh.privateKey.fromEnv')).toBe(at('grafana.token.fromEnv'));
    expect(at('container.env.*.fromEnv')).toMatch(/holds the value/);
  });

  it('duration and size fields say which forms they take', () => {
    const at = (path: string) => properties.find((p) => p.path === path)!.node.description as string;
    for (const f of ['ssh.connectTimeout', 'verify.window', 'swarm.monitor', 'notify[].timeout']) expect(at(f)).toContain('"1m30s"');
    expect(at('container.memory')).toMatch(/"1\.5g"/);
  });
});

describe('the yaml-language-server modeline', () => {
  it('points at the schema of this release line', () => {
    expect(SCHEMA_MODELINE).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`);
    expect(SCHEMA_URL).toMatch(/^https:\/\/raw\.githubusercontent\.com\/rollwatch\/rollwatch\/v[0-9]+\/schema\/rollwatch\.schema\.json$/);
  });

  it('is the first line of the example config', () => {
    expect(readFileSync('examples/rollwatch.yml', 'utf8').split('\n')[0]).toBe(SCHEMA_MODELINE);
  });
});
