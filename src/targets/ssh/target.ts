import type { RunContext } from '../../engine/context';
import type { Observation, Target } from '../../engine/target';
import { errorMessage } from '../../errors';
import type { VerificationReport } from '../../report/model';
import { settleLimit } from '../../util/clock';
import { execOn, historyOf, logsOf, recordOn, withFleet } from './day2';
import { sshSession, watchedNode } from './deploy';
import { Fleet } from './fleet';
import { waitHealthy } from './health';
import { plan } from './plan';
import { rollback } from './rollback';
import { lockCommand, status } from './status';

/** Containers on a list of hosts, rolled out by rollwatch itself over SSH. */
export const sshTarget: Target = {
  kind: 'ssh',
  session: sshSession,
  observe,
  rollback,
  status,
  plan,
  lock: lockCommand,
  record: (ctx, entry) => withFleet(ctx, (fleet) => recordOn(fleet.members, entry)),
  history: (ctx, limit) => withFleet(ctx, (fleet) => historyOf(fleet.members, ctx.config.app, limit)),
  logs: (ctx, options, onLine) => withFleet(ctx, (fleet) => logsOf(ctx, fleet, options, onLine)),
  exec: (ctx, options, onLine) => withFleet(ctx, (fleet) => execOn(ctx, fleet, options, onLine)),
};

type Heal = NonNullable<VerificationReport['heal']>;

/** Restarts unhealthy containers that run the expected release (bounded), for `verify` with heal: restart. */
async function heal(ctx: RunContext, fleet: Fleet): Promise<Heal> {
  const out: Heal = [];
  const quick = { ...ctx.config, health: { ...ctx.config.health, timeoutMs: 0 } };
  await settleLimit(fleet.members, 16, async (m) => {
    const r = await m.agent.releases();
    if (!r.current) return;
    if ((await waitHealthy(m.agent, r.current.name, quick, ctx.clock)).healthy) return;
    let attempts = 0;
    let healthy = false;
    while (!healthy && attempts < ctx.config.verify.healAttempts) {
      attempts++;
      ctx.log.warn(`${m.host.name}: ${r.current.name} is unhealthy; restarting it (attempt ${attempts})`);
      await m.agent.restart(r.current.name, Math.ceil(ctx.config.container.stopTimeoutMs / 1000)).catch((e) => ctx.log.error(errorMessage(e)));
      healthy = (await waitHealthy(m.agent, r.current.name, ctx.config, ctx.clock, ctx.signal)).healthy;
    }
    out.push({ host: m.host.name, attempts, healthy });
  });
  return out;
}

async function observe(ctx: RunContext): Promise<Observation> {
  const fleet = new Fleet(ctx);
  try {
    await fleet.preflight({ lock: false, version: null });
    const healed = ctx.config.verify.enabled && ctx.config.verify.heal === 'restart' ? await heal(ctx, fleet) : [];
    const releases = await Promise.all(fleet.members.map((m) => m.agent.releases()));
    return {
      description: fleet.describe(),
      version: releases.find((r) => r.current)?.current?.version ?? null,
      nodes: fleet.members.map(watchedNode),
      rows: fleet.members.map((m, i) => {
        const h = healed.find((x) => x.host === m.host.name);
        return { name: m.host.name, address: m.host.address, previous: null, final: releases[i].current?.version ?? null, result: 'ok', healthy: h?.healthy ?? null, detail: h ? `restarted ${h.attempts}×` : '', retained: releases[i].retained.map((c) => c.version), steps: [] };
      }),
      heal: healed,
      warnings: fleet.warnings,
      close: () => fleet.close(),
    };
  } catch (err) {
    fleet.close();
    throw err;
  }
}
