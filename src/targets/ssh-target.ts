import type { Config } from '../config/types';
import { deploy } from '../engine/deploy';
import { plan } from '../engine/plan';
import { rollback } from '../engine/rollback';
import { lockCommand, status } from '../engine/status';
import { watcher } from '../engine/watch';
import type { Target } from './target';

/** The SSH target: the existing host-by-host engine, unchanged, behind the Target interface. */
export function sshTarget(config: Config): Target {
  const watch = watcher(config);
  return {
    kind: 'ssh',
    deploy: (ctx, o) => deploy(ctx, { version: o.version, forceBuild: o.forceBuild, verify: watch?.verify, baseline: watch?.baseline }),
    rollback: (ctx, version) => rollback(ctx, version),
    status: (ctx) => status(ctx),
    verify: (ctx) => (watch ? watch.verifyDeployed(ctx) : status(ctx)),
    plan: (ctx, version) => plan(ctx, version),
    lock: (ctx, action) => lockCommand(ctx, action),
  };
}
