/**
 * The accepted forms of every value that can reach a remote command. The config schema and
 * the shell layer both use these, so a value is judged by one rule wherever it comes from.
 */
import { isIP } from 'node:net';

export interface ValueRule {
  readonly pattern: RegExp;
  readonly form: string;
  readonly maxLength: number;
  /** Values accepted besides those the pattern matches. */
  readonly alsoAccepts?: (value: string) => boolean;
  /** A further condition every accepted value must meet (e.g. numeric ranges). */
  readonly mustAlso?: (value: string) => boolean;
}

const rule = (pattern: RegExp, form: string, maxLength = 128, alsoAccepts?: (v: string) => boolean, mustAlso?: (v: string) => boolean): ValueRule => ({
  pattern,
  form,
  maxLength,
  alsoAccepts,
  mustAlso,
});

/** Whether `value` fits `r` (pattern or the rule's extra acceptance, and its further condition). */
export function fits(r: ValueRule, value: string): boolean {
  return (r.pattern.test(value) || (r.alsoAccepts?.(value) ?? false)) && (r.mustAlso?.(value) ?? true);
}

/** "[IP:][HOST_PORT:]PORT[/proto]": every port 1–65535, the IP a real IPv4 address. */
function portMappingInRange(value: string): boolean {
  const parts = value.replace(/\/(tcp|udp)$/, '').split(':');
  const ports = parts.length === 3 ? parts.slice(1) : parts;
  if (parts.length === 3 && isIP(parts[0]) !== 4) return false;
  return ports.every((p) => Number(p) >= 1 && Number(p) <= 65535);
}

/** A real calendar time as Docker and rollwatch write it (RFC 3339). */
const isTime = (v: string) => !Number.isNaN(Date.parse(v));

export const RULES = {
  app: rule(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "web-api")', 63),
  version: rule(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" or "-", starting with a letter, digit or "_" (e.g. "v1.2.3" or a git SHA)', 128),
  repository: rule(
    /^(?:[a-zA-Z0-9.-]+(?::[0-9]{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/,
    'an image repository without tag or digest, e.g. "ghcr.io/acme/web" or "10.0.0.1:5000/web"',
    255,
  ),
  tag: rule(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'a Docker tag: letters, digits, ".", "_" or "-", at most 128 characters', 128),
  digest: rule(/^sha256:[a-f0-9]{64}$/, 'a digest of the form "sha256:<64 hex digits>"', 71),
  // "__proto__" would set the prototype of the parsed map instead of adding a key: the value would vanish.
  envKey: rule(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name: letters, digits and "_", not starting with a digit, other than "__proto__"', 255, undefined, (v) => v !== '__proto__'),
  hostAddress: rule(
    /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/,
    'a host name or an IP address, e.g. "web-1.example.com", "10.0.0.5" or "fd00::5"',
    253,
    (v) => isIP(v) !== 0,
  ),
  hostName: rule(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" or "-" (e.g. "web-1")', 63),
  user: rule(/^[a-z_][a-z0-9_.-]*\$?$/, 'a Unix user name, e.g. "deploy"', 32),
  labelKey: rule(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a label key: letters, digits, ".", "_" or "-"', 128),
  network: rule(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a Docker network name, e.g. "host" or "bridge"', 64),
  portMapping: rule(
    /^(?:(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}):)?(?:[0-9]{1,5}:)?[0-9]{1,5}(?:\/(?:tcp|udp))?$/,
    'a port mapping "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp]" with ports from 1 to 65535 and an IPv4 host address, e.g. "8080:80", "127.0.0.1:8080:80" or "53/udp"',
    40,
    undefined,
    portMappingInRange,
  ),
  volume: rule(
    /^(?:\/[A-Za-z0-9_.\/-]*|[A-Za-z0-9][A-Za-z0-9_.-]*):\/[A-Za-z0-9_.\/-]*(?::(?:ro|rw))?$/,
    'a volume "SOURCE:/container/path[:ro|rw]" where SOURCE is an absolute path or a volume name',
    512,
  ),
  // Values only read back from hosts (container labels, `docker inspect`, lock files, `docker version`).
  imageRef: rule(
    /^(?:[a-zA-Z0-9.-]+(?::[0-9]{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    'an image reference "REPOSITORY[:TAG][@sha256:DIGEST]"',
    400,
    (v) => /^sha256:[a-f0-9]{64}$/.test(v),
  ),
  containerId: rule(/^[A-Za-z0-9][A-Za-z0-9]*$/, 'a container ID (hex digits)', 64),
  containerName: rule(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a container name: letters, digits, ".", "_" or "-"', 255),
  runId: rule(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'a run id: letters, digits, ".", "_", ":" or "-"', 128),
  commit: rule(/^[A-Za-z0-9][A-Za-z0-9_.\/-]*$/, 'a commit SHA or ref', 128),
  time: rule(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})$/, 'an RFC 3339 time, e.g. "2026-01-31T12:00:00Z"', 40, undefined, isTime),
  engineVersion: rule(/^[0-9A-Za-z][0-9A-Za-z.+~_-]*$/, 'a Docker engine version, e.g. "20.10.24"', 64),
  logSince: rule(/^(?:[0-9]{1,6}(?:ms|s|m|h))+$/, 'a duration like "10m", "2h" or "1h30m", or an RFC 3339 time like "2026-01-31T12:00:00Z"', 40, (v) => /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})$/.test(v) && isTime(v)),
  // Names a proxy config or its admin API takes as one token (nginx upstream, HAProxy backend
  // and server, Caddy @id): no blank, ";", "{", "/" or quote can end the token early.
  proxyName: rule(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" or "-", starting with a letter, digit or "_" (e.g. "web" or "web-blue")', 64),
  absolutePath: rule(
    /^\/[A-Za-z0-9_.@+\/-]*$/,
    'an absolute path of letters, digits, ".", "_", "-", "@", "+" and "/", without ".." (e.g. "/etc/nginx/rollwatch/web.conf")',
    1024,
    undefined,
    (v) => !v.split('/').includes('..'),
  ),
  ipAddress: rule(/^$/, 'an IP address, e.g. "127.0.0.1" or "::1"', 45, (v) => isIP(v) !== 0),
  httpPath: rule(/^\/[A-Za-z0-9_.~!$&'()*+,;=:@%\/?-]*$/, 'a URL path starting with "/", e.g. "/health"', 1024),
} as const satisfies Record<string, ValueRule>;

export type RuleName = keyof typeof RULES;

/** Returns a description of what is wrong with `value` under `rule`, or null when it fits. */
export function checkValue(name: RuleName, value: string): string | null {
  const r = RULES[name];
  if (typeof value !== 'string') return `expected a string: ${r.form}`;
  if (value.length === 0) return `must not be empty: expected ${r.form}`;
  if (value.length > r.maxLength) return `is ${value.length} characters long, at most ${r.maxLength} allowed: expected ${r.form}`;
  if (!fits(r, value)) return `expected ${r.form}`;
  return null;
}

/** A value for an env file line: anything printable on one line. */
export function checkEnvValue(value: string): string | null {
  if (/[\n\r\0]/.test(value)) return 'must be one line without NUL bytes: Docker env files cannot carry newlines';
  if (value.length > 65536) return 'is longer than 65536 characters';
  return null;
}
