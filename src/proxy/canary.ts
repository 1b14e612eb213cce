import { inputError } from '../errors';
import { weightsProblem } from '../config/proxy';

/** One step of a traffic canary on one host: the share (percent) each release gets. */
export interface CanaryStep {
  old: number;
  new: number;
}

/**
 * The per-host sequence of weights for `proxy.weights` (percentages for the new release):
 * [10, 50, 100] → old 90/new 10, old 50/new 50, old 0/new 100. Without weights, one step
 * that moves all traffic at once. The verification window runs at each step.
 */
export function canarySteps(weights: readonly number[] = [100]): CanaryStep[] {
  const problem = weightsProblem(weights);
  if (problem) throw inputError('proxy.weights', problem);
  return weights.map((w) => ({ old: 100 - w, new: w }));
}
