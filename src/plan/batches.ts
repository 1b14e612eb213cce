import { inputError } from '../errors';

/** Splits hosts into rollout batches. `batchSize` is a count or "N%" of the fleet (rounded up). */
export function planBatches<T>(hosts: readonly T[], batchSize: number | string, canary = false): T[][] {
  if (hosts.length === 0) return [];
  let size: number;
  if (typeof batchSize === 'number') {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw inputError('rollout.batchSize', `expected a whole number of hosts from 1 up, or a percentage like "25%", got ${batchSize}`);
    size = batchSize;
  }
  else {
    const m = /^([0-9]{1,3})%$/.exec(batchSize);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 100) throw inputError('rollout.batchSize', `expected a count or a percentage like "25%", got ${JSON.stringify(batchSize)}`);
    size = Math.ceil((hosts.length * Number(m[1])) / 100);
  }
  size = Math.max(1, Math.min(size, hosts.length));
  const batches: T[][] = [];
  for (let i = 0; i < hosts.length; i += size) batches.push(hosts.slice(i, i + size));
  // A canary must leave old hosts behind to compare with: a single full batch is split.
  if (canary && batches.length === 1 && hosts.length > 1) return [hosts.slice(0, 1), hosts.slice(1)];
  return batches;
}
