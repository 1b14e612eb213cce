import { RollwatchError } from '../errors';
import { checkValue } from '../config/values';

/**
 * Caddy 2.6's admin API: the reverse_proxy handler tagged `"@id": ID` gets its upstreams
 * replaced. No weights before Caddy 2.7, so traffic moves all at once. Caddy autosaves every
 * API change (autosave.json), which `caddy run --resume` loads after a restart.
 */
export interface AdminRequest {
  method: 'GET' | 'PATCH';
  /** Path on the admin API, e.g. /id/web/upstreams. */
  path: string;
  body?: string;
}

function id(value: string): string {
  const problem = checkValue('proxyName', value);
  if (problem) throw new RollwatchError('input', problem, 'proxy.caddy.id');
  return value;
}
const dial = (address: string, port: number) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

/** Points the handler's upstreams at one port (PATCH replaces the existing list). */
export function upstreamsPatch(handlerId: string, address: string, port: number): AdminRequest {
  const problem = checkValue('ipAddress', address);
  if (problem) throw new RollwatchError('input', problem, 'proxy.address');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RollwatchError('internal', `${port} is not a port number`);
  return { method: 'PATCH', path: `/id/${id(handlerId)}/upstreams`, body: JSON.stringify([{ dial: dial(address, port) }]) };
}

export const upstreamsGet = (handlerId: string): AdminRequest => ({ method: 'GET', path: `/id/${id(handlerId)}/upstreams` });

/** The ports the handler's upstreams dial, from the GET answer. */
export function parseUpstreams(json: string): number[] {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    throw new RollwatchError('deploy', `Caddy's admin API answered something that is not JSON: ${JSON.stringify(json.slice(0, 80))}`);
  }
  if (!Array.isArray(v)) throw new RollwatchError('deploy', `Caddy's admin API answered ${JSON.stringify(json.slice(0, 80))}, expected a list of upstreams`);
  return v.map((u) => {
    const m = /:([0-9]{1,5})$/.exec(String((u as { dial?: unknown })?.dial ?? ''));
    if (!m) throw new RollwatchError('deploy', `Caddy upstream without a port: ${JSON.stringify(u)}`);
    return Number(m[1]);
  });
}
