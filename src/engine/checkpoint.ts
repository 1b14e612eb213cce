/**
 * The checkpoint a run leaves for its post step, and the rules under which a post step may act
 * on one. Pure: parsing and ownership checks, no I/O.
 */
import { z } from 'zod';
import type { Config } from '../config/types';
import { checkValue, type RuleName } from '../config/values';

export type CheckpointPhase = 'preflight' | 'rollout' | 'verify' | 'rollback' | 'done';

/** What a post step needs to finish a run that was cut off. */
export interface Checkpoint {
  runId: string;
  app: string;
  /** What the run was doing: a deploy is undone by removing the new release, a rollback by stopping the target it was returning to. */
  command: 'deploy' | 'rollback';
  /** deploy: the new version; rollback: the version it was returning to. */
  version: string | null;
  phase: CheckpointPhase;
  /** host name → container that ran before this run touched it (null: none). Accumulates every touched host. */
  touched: Record<string, string | null>;
  lockedHosts: string[];
}

const valid = (rule: RuleName) => (v: string) => checkValue(rule, v) === null;
/** A host is named by its name, or by its address when the config gives none. */
const hostKey = z.string().refine((v) => valid('hostName')(v) || valid('hostAddress')(v), 'a host name or address');

const checkpointSchema = z
  .object({
    runId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'a run id: letters, digits, ".", "_" or "-"'),
    app: z.string().refine(valid('app'), 'an app name'),
    command: z.enum(['deploy', 'rollback']),
    version: z.string().refine(valid('version'), 'a version').nullable(),
    phase: z.enum(['preflight', 'rollout', 'verify', 'rollback', 'done']),
    touched: z.record(hostKey, z.string().max(200).nullable()),
    lockedHosts: z.array(hostKey).max(1000),
  })
  .strict();

export type ParsedCheckpoint = { kind: 'none' } | { kind: 'ok'; checkpoint: Checkpoint } | { kind: 'corrupt'; reason: string };

/** Reads a saved checkpoint; anything but a well-formed one is `corrupt` with the reason. */
export function parseCheckpoint(raw: string): ParsedCheckpoint {
  if (!raw.trim()) return { kind: 'none' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { kind: 'corrupt', reason: `not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const r = checkpointSchema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    return { kind: 'corrupt', reason: `${first.path.join('.') || '(top level)'}: ${first.message}` };
  }
  return { kind: 'ok', checkpoint: r.data };
}

/** Whether the checkpoint describes a run cut off with work to finish. */
export const needsRecovery = (c: Checkpoint): boolean => c.phase !== 'done' && (Object.keys(c.touched).length > 0 || c.lockedHosts.length > 0);

/**
 * Why a post step must not act on this checkpoint under this config (empty: it may). It acts
 * only on state it can prove is its own: the same app, hosts the config names, and containers
 * named as this app names its releases.
 */
export function ownershipProblems(c: Checkpoint, config: Config): string[] {
  const problems: string[] = [];
  if (c.app !== config.app) problems.push(`it belongs to app "${c.app}", this step deploys "${config.app}"`);
  const known = new Set(config.hosts.map((h) => h.name));
  const unknown = [...new Set([...Object.keys(c.touched), ...c.lockedHosts])].filter((h) => !known.has(h));
  if (unknown.length) problems.push(`it names host(s) not in the config: ${unknown.join(', ')}`);
  const prefix = `${config.app}-`;
  const foreign = Object.entries(c.touched).filter(([, name]) => name !== null && !(name.startsWith(prefix) && checkValue('version', name.slice(prefix.length)) === null));
  if (foreign.length) problems.push(`it names container(s) that are not releases of ${config.app}: ${foreign.map(([h, n]) => `${h}: ${n}`).join(', ')}`);
  return problems;
}
