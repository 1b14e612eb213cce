import type { Config } from '../config/types';
import { orchestratedTarget } from './orchestrated';
import { sshTarget } from './ssh-target';
import { SwarmOrchestrator } from './swarm/orchestrator';
import type { Target } from './target';

/** The target the config names (`target: ssh` by default). */
export function targetFor(config: Config): Target {
  switch (config.target) {
    case 'swarm':
      return orchestratedTarget('swarm', config, (ctx) => new SwarmOrchestrator(ctx.config, ctx.log));
    default:
      return sshTarget(config);
  }
}
