import type { ProxySettings } from '../../config/proxy';
import { RollwatchError } from '../../errors';
import { parseUpstreams, upstreamsGet, upstreamsPatch } from '../../proxy/caddy';
import { parseServersState, planRetire, planSwitch, planSwitchBack, replyProblem, serving, setState, showServersState, slotsOf, type Backend, type ServerState } from '../../proxy/haproxy';
import { parseUpstream, renderUpstream, servingPorts, type UpstreamTarget } from '../../proxy/nginx';
import { parseListeningPorts, planPorts } from '../../proxy/ports';
import { caddyRequest, haproxyRun, haproxySaveState, nginxApply, splitReplies } from '../../proxy/remote';
import type { RemoteShell } from './connection';
import type { ContainerInfo } from './inspect';
import { sh, Shell } from './shell';

/** What the proxy of one host sends traffic to now. */
export interface UpstreamState {
  /** The port taking traffic (null: the proxy names none, e.g. no upstream file yet). */
  serving: number | null;
  /** A port the proxy still names without sending it traffic: the warm standby (nginx `down`, HAProxy drained slot). */
  standby: number | null;
}

/**
 * The reverse proxy on one host, driven over the host's SSH connection: its admin socket or
 * API never leaves the host. Every switch is also on disk (nginx: the upstream file; HAProxy:
 * the server-state file; Caddy: its autosave), so a proxy restart keeps the current upstream.
 */
export interface ProxyDriver {
  /** Before anything is touched: the proxy answers and its config test passes; what it serves now. */
  check(): Promise<UpstreamState>;
  read(): Promise<UpstreamState>;
  /** All traffic to `port`; `standby` stays named without traffic (switching back needs no lookup). */
  switchTo(port: number, standby: number | null): Promise<void>;
  /** After the drain: only `port` is left in the upstream. */
  retire(port: number): Promise<void>;
}

const HAPROXY_SLOT_WAIT_MS = 5_000;

async function must(shell: RemoteShell, command: Shell, what: string, kind: 'preflight' | 'deploy', field?: string): Promise<string> {
  const r = await shell.run(command, { timeoutMs: 30_000 });
  if (r.code !== 0) {
    const out = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
    throw new RollwatchError(kind, `${shell.host.name}: ${what} failed (exit ${r.code})${out ? `: ${out}` : ''}`, field);
  }
  return r.stdout;
}

function nginxDriver(shell: RemoteShell, app: string, s: ProxySettings & { kind: 'nginx' }): ProxyDriver {
  const n = s.nginx;
  const file = { app, upstream: n.upstream, address: s.address };
  const read = async (kind: 'preflight' | 'deploy'): Promise<UpstreamState> => {
    const text = await must(shell, Shell.raw(`if [ -e ${sh(n.upstreamFile)} ]; then ${sh('cat', '--', n.upstreamFile)}; fi`), `reading ${n.upstreamFile}`, kind, 'proxy.nginx.upstreamFile');
    if (text.trim() === '') return { serving: null, standby: null };
    const servers = parseUpstream(text, n.upstream);
    if (!servers) throw new RollwatchError(kind, `${shell.host.name}: ${n.upstreamFile} has no "upstream ${n.upstream} { … }" block`, 'proxy.nginx.upstream', 'the file is rollwatch\'s: remove it (rollwatch writes it at the switch) or name the upstream it holds');
    return { serving: servingPorts(servers)[0] ?? null, standby: servers.find((x) => x.down)?.port ?? null };
  };
  const apply = (targets: UpstreamTarget[]) => must(shell, nginxApply(n.upstreamFile, renderUpstream(file, targets), n.test, n.reload), `switching nginx (${n.upstreamFile}, ${n.test.join(' ')}, ${n.reload.join(' ')})`, 'deploy');
  return {
    async check() {
      await must(shell, sh(...n.test), `the nginx config test (${n.test.join(' ')})`, 'preflight', 'proxy.nginx.test');
      return read('preflight');
    },
    read: () => read('deploy'),
    async switchTo(port, standby) {
      await apply([{ port, weight: 100 }, ...(standby !== null && standby !== port ? [{ port: standby, weight: 0 }] : [])]);
    },
    async retire(port) {
      await apply([{ port, weight: 100 }]);
    },
  };
}

function haproxyDriver(shell: RemoteShell, s: ProxySettings & { kind: 'haproxy' }): ProxyDriver {
  const h = s.haproxy;
  const backend: Backend = { backend: h.backend, servers: h.servers };
  const run = async (commands: string[], kind: 'preflight' | 'deploy'): Promise<string[]> => {
    const out = await must(shell, haproxyRun(h.socket, commands), `the HAProxy runtime API (${h.socket})`, kind, 'proxy.haproxy.socket');
    return splitReplies(out, commands.length).map((reply, i) => {
      if (reply === null) throw new RollwatchError(kind, `${shell.host.name}: no answer from the HAProxy admin socket ${h.socket} to "${commands[i]}" (is HAProxy running, with "stats socket ${h.socket} level admin", and socat installed?)`, 'proxy.haproxy.socket');
      const problem = replyProblem(commands[i], reply);
      if (problem) throw new RollwatchError(kind, `${shell.host.name}: ${problem}`, /backend/i.test(reply) ? 'proxy.haproxy.backend' : undefined);
      return reply;
    });
  };
  const states = async (kind: 'preflight' | 'deploy'): Promise<ServerState[]> => parseServersState((await run([showServersState(h.backend)], kind))[0]);
  const upstream = (list: ServerState[]): UpstreamState => {
    const slots = slotsOf(list, backend);
    return { serving: slots.serving[0]?.port ?? null, standby: slots.slots.find((x) => x.admin === 'drain')?.port ?? null };
  };
  const save = () => must(shell, haproxySaveState(h.socket, h.stateFile), `saving HAProxy's server state to ${h.stateFile}`, 'deploy', 'proxy.haproxy.stateFile');
  return {
    async check() {
      return upstream(await states('preflight'));
    },
    read: async () => upstream(await states('deploy')),
    async switchTo(port, standby) {
      const list = await states('deploy');
      const { slots } = slotsOf(list, backend);
      // switching back: the slot that already points at the port takes the traffic again, no address change
      const holder = slots.find((x) => x.port === port && x.address === s.address);
      if (holder) {
        const other = slots.find((x) => x !== holder)!;
        const back = planSwitchBack(h.backend, holder.server, other.server);
        await run([...back.enter, ...(standby !== null && other.port === standby ? [setState(h.backend, other.server, 'drain')] : back.leave)], 'deploy');
      } else {
        const plan = planSwitch(backend, list, s.address, port);
        await run(plan.enter, 'deploy');
        const until = Date.now() + HAPROXY_SLOT_WAIT_MS;
        for (;;) {
          const slot = (await states('deploy')).find((x) => x.backend === h.backend && x.server === plan.newSlot);
          if (slot && serving(slot)) break;
          if (Date.now() > until) throw new RollwatchError('deploy', `${shell.host.name}: HAProxy slot ${h.backend}/${plan.newSlot} did not come up within ${HAPROXY_SLOT_WAIT_MS / 1000} s (state ${slot?.admin}, ${slot?.opState})`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await run(plan.leave, 'deploy');
      }
      await save();
    },
    async retire(port) {
      const { slots } = slotsOf(await states('deploy'), backend);
      const others = slots.filter((x) => !(x.port === port && x.address === s.address) && x.admin !== 'maint');
      if (others.length > 0) await run(others.flatMap((x) => planRetire(h.backend, x.server)), 'deploy');
      await save();
    },
  };
}

function caddyDriver(shell: RemoteShell, s: ProxySettings & { kind: 'caddy' }): ProxyDriver {
  const target = { socket: s.caddy.socket, adminUrl: s.caddy.adminUrl };
  const field = s.caddy.socket ? 'proxy.caddy.socket' : 'proxy.caddy.adminUrl';
  const read = async (kind: 'preflight' | 'deploy'): Promise<UpstreamState> => {
    const ports = parseUpstreams(await must(shell, caddyRequest(target, upstreamsGet(s.caddy.id)), `asking Caddy's admin API for the upstreams of "${s.caddy.id}"`, kind, field));
    return { serving: ports[0] ?? null, standby: null };
  };
  return {
    check: () => read('preflight'),
    read: () => read('deploy'),
    async switchTo(port) {
      await must(shell, caddyRequest(target, upstreamsPatch(s.caddy.id, s.address, port)), `switching Caddy's upstreams of "${s.caddy.id}"`, 'deploy', field);
    },
    async retire() {},
  };
}

export function proxyDriver(shell: RemoteShell, app: string, s: ProxySettings): ProxyDriver {
  switch (s.kind) {
    case 'nginx':
      return nginxDriver(shell, app, s);
    case 'haproxy':
      return haproxyDriver(shell, s);
    case 'caddy':
      return caddyDriver(shell, s);
  }
}

/**
 * The port for a new release: the lowest of proxy.ports that nothing listens on (`ss -ltnH` on
 * the host) and no container of the app (running or retained, so a rollback can start it
 * again on its own port) was given.
 */
export async function freePort(shell: RemoteShell, s: ProxySettings, containers: readonly (ContainerInfo | null)[], kind: 'preflight' | 'deploy'): Promise<number> {
  const listening = parseListeningPorts(await must(shell, sh('ss', '-ltnH'), 'listing listening ports (ss -ltnH)', kind, 'proxy.ports'));
  const given = containers.flatMap((c) => (c?.proxyPort !== undefined ? [c.proxyPort] : []));
  try {
    return planPorts(s.ports, [...listening, ...given]);
  } catch (err) {
    if (err instanceof RollwatchError && err.field) throw new RollwatchError(err.kind, `${shell.host.name}: ${err.message.slice(err.field.length + 2)}`, err.field, err.hint);
    throw err;
  }
}

/** The port a release listens on: recorded at deploy, else the proxy's word for it, else its health check's port. */
export function releasePort(c: ContainerInfo | null, upstream: number | null): number | null {
  return c?.proxyPort ?? upstream ?? c?.healthCheck?.port ?? null;
}
