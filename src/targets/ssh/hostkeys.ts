import { createHash, createHmac } from 'node:crypto';

/** Host key checking, pure: fingerprints, known_hosts matching, and the decision. */

export interface OfferedKey {
  type: string;
  fingerprint: string;
}

export function describeKey(blob: Buffer): OfferedKey {
  let type = 'unknown';
  if (blob.length >= 4) {
    const len = blob.readUInt32BE(0);
    if (len > 0 && len < 64 && blob.length >= 4 + len) type = blob.subarray(4, 4 + len).toString('latin1');
  }
  return { type, fingerprint: fingerprintOf(blob) };
}

export function fingerprintOf(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

export interface KnownKey {
  type: string;
  blob: Buffer;
  /** Where the key comes from, as a mismatch message names it; known_hosts when absent. */
  source?: string;
}

function hostPatterns(rawAddress: string, port: number): string[] {
  const address = rawAddress.toLowerCase();
  return port === 22 ? [address, `[${address}]:22`] : [`[${address}]:${port}`];
}

function matchesHashed(entry: string, candidates: string[]): boolean {
  const m = /^\|1\|([^|]+)\|(.+)$/.exec(entry);
  if (!m) return false;
  const salt = Buffer.from(m[1], 'base64');
  return candidates.some((c) => createHmac('sha1', salt).update(c).digest('base64') === m[2]);
}

/** Keys that a known_hosts text lists for this host (plain or hashed entries; no wildcards). */
export function knownKeysFor(knownHosts: string, address: string, port: number): KnownKey[] {
  const candidates = hostPatterns(address, port);
  const keys: KnownKey[] = [];
  for (const rawLine of knownHosts.split('\n')) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    if (parts[0].startsWith('@')) continue; // @revoked / @cert-authority are not supported as pins
    if (parts.length < 3) continue;
    const [hosts, type, b64] = parts;
    const hit = hosts.split(',').some((h) => candidates.includes(h.toLowerCase()) || matchesHashed(h, candidates));
    if (hit) keys.push({ type, blob: Buffer.from(b64, 'base64') });
  }
  return keys;
}

export type HostKeyDecision =
  | { accept: true; offered: OfferedKey; trustedOnFirstUse: boolean }
  | { accept: false; offered: OfferedKey; reason: string };

export interface HostKeyPolicy {
  hostLabel: string;
  fingerprint?: string;
  known: KnownKey[];
  mode: 'strict' | 'accept-new';
  /** How to pin an unknown key, as the refusal says it. */
  pinHint?: string;
}

export function decideHostKey(blob: Buffer, policy: HostKeyPolicy): HostKeyDecision {
  const offered = describeKey(blob);
  const expected: string[] = [];
  if (policy.fingerprint) {
    const pin = policy.fingerprint.replace(/=+$/, '');
    if (offered.fingerprint === pin) return { accept: true, offered, trustedOnFirstUse: false };
    expected.push(`${pin} (pinned)`);
  }
  for (const k of policy.known) {
    if (k.blob.equals(blob)) return { accept: true, offered, trustedOnFirstUse: false };
    expected.push(`${k.type} ${fingerprintOf(k.blob)} (${k.source ?? 'known_hosts'})`);
  }
  if (expected.length === 0 && policy.mode === 'accept-new') return { accept: true, offered, trustedOnFirstUse: true };
  const reason =
    expected.length === 0
      ? `host key of ${policy.hostLabel} is unknown (offered ${offered.type} ${offered.fingerprint}); ${policy.pinHint ?? 'pin it in hosts[].fingerprint or known_hosts'}`
      : `host key of ${policy.hostLabel} does not match: expected ${expected.join(' or ')}, offered ${offered.type} ${offered.fingerprint}. Refusing to connect: the host was reinstalled or someone is in the middle`;
  return { accept: false, offered, reason };
}

/** Host key algorithms to offer, so the server presents a key type we can check. */
export function preferredKeyTypes(known: KnownKey[]): string[] | undefined {
  const types = [...new Set(known.map((k) => k.type))];
  return types.length > 0 ? types : undefined;
}

/**
 * Keys trusted on first use (ssh.hostKeys: accept-new) during this run, by "[address]:port".
 * Only the first key a host offers is trusted: a reconnect (or the post step, which gets them
 * through the action state) must meet the same key, or it is refused like a known_hosts mismatch.
 */
const firstUse = new Map<string, Buffer>();
const endpoint = (address: string, port: number) => `[${address.toLowerCase()}]:${port}`;
export const FIRST_USE_SOURCE = 'trusted on first use earlier in this run';

export function rememberedKeys(address: string, port: number): KnownKey[] {
  const blob = firstUse.get(endpoint(address, port));
  return blob ? [{ type: describeKey(blob).type, blob, source: FIRST_USE_SOURCE }] : [];
}

export function rememberFirstKey(address: string, port: number, blob: Buffer): void {
  if (!firstUse.has(endpoint(address, port))) firstUse.set(endpoint(address, port), Buffer.from(blob));
}

/** The keys trusted on first use so far, to hand to the post step: { "[address]:port": base64 key }. */
export function firstUseKeys(): Record<string, string> {
  return Object.fromEntries([...firstUse].map(([k, blob]) => [k, blob.toString('base64')]));
}

/** Takes back the keys the main step trusted (ignores anything that is not an endpoint and a key). */
export function restoreFirstUseKeys(saved: unknown): void {
  if (!saved || typeof saved !== 'object') return;
  for (const [k, v] of Object.entries(saved as Record<string, unknown>)) {
    if (/^\[[^\]\s]+\]:\d{1,5}$/.test(k) && typeof v === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(v) && !firstUse.has(k)) firstUse.set(k, Buffer.from(v, 'base64'));
  }
}

/** Forgets every key trusted on first use (a new run in the same process, and tests). */
export function forgetFirstUseKeys(): void {
  firstUse.clear();
}
