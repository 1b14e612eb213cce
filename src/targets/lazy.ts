import type { Config } from '../config/types';
import type { Target } from '../engine/target';

/**
 * The target for a config, loaded on first use: the targets pull in the SSH and Docker clients,
 * most of the start-up time, which --help, schema, analyze and input errors do not need.
 */
export async function loadTarget(config: Config): Promise<Target> {
  const { targetFor } = await import('./index');
  return targetFor(config);
}
