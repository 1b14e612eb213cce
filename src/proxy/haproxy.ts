import { RollwatchError } from '../errors';
import { checkValue } from '../config/values';

/**
 * HAProxy's runtime API (the admin `stats socket`), two server slots per backend: one serves
 * the current release, the other takes the next one (blue/green). A switch points the idle slot
 * at the new release's port and makes it ready, then drains the old slot, whose address stays:
 * switching back is `ready` on the old slot and `maint` on the new one, no container started.
 * Pure: the commands are text for the SSH side to send (remote.ts), the state is parsed here.
 */

export type AdminState = 'ready' | 'drain' | 'maint';
export type OpState = 'stopped' | 'starting' | 'running' | 'stopping';

export interface ServerState {
  backend: string;
  server: string;
  address: string;
  port: number;
  opState: OpState;
  admin: AdminState;
  /** The weight set at run time (`set weight`), 0–256. */
  weight: number;
}

export interface Backend {
  backend: string;
  /** The two slots, in config order. */
  servers: readonly [string, string];
}

function name(value: string, field: string): string {
  const problem = checkValue('proxyName', value);
  if (problem) throw new RollwatchError('input', problem, field);
  return value;
}
function address(value: string): string {
  const problem = checkValue('ipAddress', value);
  if (problem) throw new RollwatchError('input', problem, 'proxy.address');
  return value;
}
const target = (b: string, s: string) => `${name(b, 'proxy.haproxy.backend')}/${name(s, 'proxy.haproxy.servers')}`;

export const setAddr = (backend: string, server: string, addr: string, port: number): string => {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RollwatchError('internal', `${port} is not a port number`);
  return `set server ${target(backend, server)} addr ${address(addr)} port ${port}`;
};
export const setState = (backend: string, server: string, state: AdminState): string => `set server ${target(backend, server)} state ${state}`;
export const setWeight = (backend: string, server: string, weight: number): string => {
  if (!Number.isInteger(weight) || weight < 0 || weight > 256) throw new RollwatchError('internal', `HAProxy weight ${weight} is not a whole number from 0 to 256`);
  return `set weight ${target(backend, server)} ${weight}`;
};
export const showServersState = (backend?: string): string => (backend ? `show servers state ${name(backend, 'proxy.haproxy.backend')}` : 'show servers state');

/**
 * What is wrong with the reply to one runtime command, or null. Successful `set` commands
 * answer nothing, except `set server … addr`, which says what changed.
 */
export function replyProblem(command: string, reply: string): string | null {
  const text = reply.trim();
  if (text === '' || /^(IP changed from|no need to change the addr)/.test(text)) return null;
  if (command.startsWith('show servers state') && /^1\n#/.test(text)) return null;
  return `HAProxy refused "${command}": ${text.split('\n')[0]}`;
}

const OP: Record<string, OpState> = { '0': 'stopped', '1': 'starting', '2': 'running', '3': 'stopping' };
// srv_admin_state bits (include/haproxy/server-t.h): forced, inherited, resolution and hostname
// maintenance; forced and inherited drain. 0x04 ("disabled" in the config) stays set after
// `state ready` and does not stop traffic by itself.
const MAINT_BITS = 0x01 | 0x02 | 0x20 | 0x40;
const DRAIN_BITS = 0x08 | 0x10;

/** The servers in the output of `show servers state [backend]` (format version 1, also the state file). */
export function parseServersState(text: string): ServerState[] {
  const lines = text.split('\n');
  const version = lines.findIndex((l) => l.trim() !== '');
  if (version < 0 || lines[version].trim() !== '1') throw new RollwatchError('deploy', `not a HAProxy server state (version 1) dump: ${JSON.stringify(text.slice(0, 80))}`);
  const header = lines.find((l) => l.startsWith('# be_id'));
  if (!header) throw new RollwatchError('deploy', 'HAProxy server state without its "# be_id …" header line');
  const cols = header.slice(2).trim().split(/\s+/);
  const at = (k: string) => {
    const i = cols.indexOf(k);
    if (i < 0) throw new RollwatchError('deploy', `HAProxy server state without column ${k}`);
    return i;
  };
  const idx = { be: at('be_name'), srv: at('srv_name'), addr: at('srv_addr'), op: at('srv_op_state'), adm: at('srv_admin_state'), w: at('srv_uweight'), port: at('srv_port') };
  const out: ServerState[] = [];
  for (const line of lines.slice(version + 1)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const f = line.trim().split(/\s+/);
    const adm = Number(f[idx.adm]);
    out.push({
      backend: f[idx.be],
      server: f[idx.srv],
      address: f[idx.addr],
      port: Number(f[idx.port]),
      opState: OP[f[idx.op]] ?? 'stopped',
      admin: adm & MAINT_BITS ? 'maint' : adm & DRAIN_BITS ? 'drain' : 'ready',
      weight: Number(f[idx.w]),
    });
  }
  return out;
}

/** Whether a slot gets new requests: ready, running, with a weight. */
export const serving = (s: ServerState): boolean => s.admin === 'ready' && s.opState === 'running' && s.weight > 0;

export interface Slots {
  /** The two slots of the backend as HAProxy reports them, in the order of `servers`. */
  slots: [ServerState, ServerState];
  /** Slots that get traffic (two during a canary step). */
  serving: ServerState[];
  /** The slot the next release goes to: the one that serves nothing; null while both serve. */
  idle: ServerState | null;
}

/** Reads the two slots of `backend` from a parsed state; refuses a backend without them. */
export function slotsOf(states: readonly ServerState[], b: Backend): Slots {
  const find = (server: string) => {
    const s = states.find((x) => x.backend === b.backend && x.server === server);
    if (!s) throw new RollwatchError('preflight', `HAProxy has no server ${b.backend}/${server}: the backend needs two server slots, e.g. "server ${b.servers[0]} 127.0.0.1:8080" and "server ${b.servers[1]} 127.0.0.1:8080 disabled"`, 'proxy.haproxy.servers');
    return s;
  };
  const slots: [ServerState, ServerState] = [find(b.servers[0]), find(b.servers[1])];
  const on = slots.filter(serving);
  return { slots, serving: on, idle: on.length === 2 ? null : (slots.find((s) => !serving(s)) ?? null) };
}

export interface SwitchPlan {
  /** The slot the new release goes to, and the one the old release keeps (warm). */
  newSlot: string;
  oldSlot: string | null;
  /** Run first: point the idle slot at the new port with its weight, make it ready. */
  enter: string[];
  /** Run once the new slot is `running` (with health checks HAProxy may first say `starting`): the old slot's share. */
  leave: string[];
}

/**
 * Moves `share` percent of traffic (100: all) to a new release on `port`, in the idle slot. At
 * 100 the old slot is drained (no new requests, its address kept for switching back); below,
 * both slots are ready with weights share and 100 − share.
 */
export function planSwitch(b: Backend, states: readonly ServerState[], addr: string, port: number, share = 100): SwitchPlan {
  const s = slotsOf(states, b);
  if (!s.idle) throw new RollwatchError('deploy', `both slots of HAProxy backend ${b.backend} serve traffic (${s.serving.map((x) => `${x.server} → :${x.port}`).join(', ')}): a canary step was left half done; switch back or finish it first`);
  const old = s.slots.find((x) => x !== s.idle && serving(x)) ?? null;
  return {
    newSlot: s.idle.server,
    oldSlot: old?.server ?? null,
    enter: [setAddr(b.backend, s.idle.server, addr, port), setState(b.backend, s.idle.server, 'ready'), setWeight(b.backend, s.idle.server, share)],
    leave: old ? planShare(b.backend, old.server, s.idle.server, share) : [],
  };
}

/**
 * One canary step once both releases are in their slots: the new release gets `share` percent.
 * A slot leaves drain (`state ready`) BEFORE its weight is set: HAProxy 2.6.12 keeps a weight set
 * during drain in its table but its round robin then never picks the server (seen in the lab:
 * weights 90/10 reported, 100 % of 600 requests on one side).
 */
export function planShare(backend: string, oldSlot: string, newSlot: string, share: number): string[] {
  if (!Number.isInteger(share) || share < 1 || share > 100) throw new RollwatchError('internal', `traffic share ${share} is not a whole percentage from 1 to 100`);
  if (share === 100) return [setWeight(backend, newSlot, 100), setState(backend, oldSlot, 'drain')];
  return [setState(backend, oldSlot, 'ready'), setWeight(backend, oldSlot, 100 - share), setWeight(backend, newSlot, share)];
}

/**
 * Back to the old release (regression): the old slot ready at full weight first, then the new
 * slot out of rotation. Both steps are instant: the old release never stopped.
 */
export function planSwitchBack(backend: string, oldSlot: string, newSlot: string): { enter: string[]; leave: string[] } {
  return { enter: [setState(backend, oldSlot, 'ready'), setWeight(backend, oldSlot, 100)], leave: [setState(backend, newSlot, 'maint')] };
}

/** After the drain time on a pass: the old slot out of rotation (then its container stops). */
export const planRetire = (backend: string, oldSlot: string): string[] => [setState(backend, oldSlot, 'maint')];

/**
 * The state-file text HAProxy loads at start (`load-server-state-from-file global`): the dump
 * of `show servers state` for every backend, checked to be one (a bad file is ignored by
 * HAProxy, which would then start from its config: the old upstream).
 */
export function stateFileText(dump: string): string {
  parseServersState(dump);
  return dump.replace(/\n*$/, '\n');
}
