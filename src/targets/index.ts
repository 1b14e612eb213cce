import type { Config } from '../config/types';
import type { Target } from '../engine/target';
import { orchestratorTarget } from './orchestrator';
import { sshTarget } from './ssh/target';
import { SwarmOrchestrator } from './swarm/orchestrator';

/** The target the config names (`target: ssh` by default). */
export function targetFor(config: Config): Target {
  switch (config.target) {
    case 'swarm':
      return orchestratorTarget('swarm', config, (ctx) => new SwarmOrchestrator(ctx.config, ctx.log));
    default:
      return sshTarget;
  }
}
