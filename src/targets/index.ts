import type { Config } from '../config/types';
import type { Target } from '../engine/target';

/**
 * The target the config names (`target: ssh` by default), its code loaded on demand: a deploy
 * over SSH does not compile the Swarm adapter (nor the image builder it brings), and the other way round.
 */
export async function targetFor(config: Config): Promise<Target> {
  switch (config.target) {
    case 'swarm': {
      const [{ orchestratorTarget }, { SwarmOrchestrator }] = await Promise.all([import('./orchestrator'), import('./swarm/orchestrator')]);
      return orchestratorTarget('swarm', config, (ctx) => new SwarmOrchestrator(ctx.config, ctx.log));
    }
    default:
      return (await import('./ssh/target')).sshTarget;
  }
}
