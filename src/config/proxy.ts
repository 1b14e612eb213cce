import { z } from 'zod';
import { inputError } from '../errors';
import { duration, ruled } from './fields';

/**
 * The `proxy` section (issue 15): the reverse proxy the user already runs on each host, which
 * rollwatch drives to switch traffic between the old and the new release (rollout.strategy: proxy).
 */

export const PROXY_KINDS = ['nginx', 'haproxy', 'caddy'] as const;
export type ProxyKind = (typeof PROXY_KINDS)[number];

const ARG_FORM = 'a command as a list of arguments, e.g. ["nginx", "-t"] or ["/usr/sbin/nginx", "-s", "reload"]';
const PROGRAM = /^[A-Za-z0-9_.+/][A-Za-z0-9_.+/-]*$/;

/** A command run on the host: the program (a name or a path, never an option) and its arguments. */
const argv = z
  .array(
    z
      .string({ error: `expected ${ARG_FORM}` })
      .min(1, 'an argument must not be empty')
      .max(4096, 'an argument is at most 4096 characters')
      .refine((s) => !/[\0\n\r]/.test(s), 'an argument must be one line without NUL bytes'),
    { error: `expected ${ARG_FORM}` },
  )
  .min(1, `the command needs at least the program: expected ${ARG_FORM}`)
  .max(64, 'at most 64 arguments')
  .refine((a) => PROGRAM.test(a[0]), { message: 'the program (first entry) must be a name or path of letters, digits, ".", "_", "+", "/" or "-", not starting with "-"' });

const port = (what: string) => z.number({ error: `expected ${what}: a port number from 1 to 65535` }).int(`expected ${what}: a whole port number`).min(1, `expected ${what} from 1 to 65535`).max(65535, `expected ${what} from 1 to 65535`);

const PERCENT_FORM = 'a list of whole percentages of traffic for the new release, rising, ending with 100, e.g. [10, 50, 100]';

const nginxSchema = z.strictObject(
  {
    /** The upstream file rollwatch owns and rewrites on every switch (included by the user's http block). */
    upstreamFile: ruled('absolutePath').optional(),
    /** The upstream block's name, the one the user's `proxy_pass http://NAME` points at. */
    upstream: ruled('proxyName').optional(),
    test: argv.default(['nginx', '-t']),
    reload: argv.default(['nginx', '-s', 'reload']),
  },
  { error: 'expected { upstreamFile, upstream, test, reload }' },
);

const haproxySchema = z.strictObject(
  {
    /** The runtime API socket (`stats socket … level admin` in the global section). */
    socket: ruled('absolutePath').default('/run/haproxy/admin.sock'),
    backend: ruled('proxyName').optional(),
    /** The backend's two server slots: one serves, the other takes the next release. */
    servers: z
      .tuple([ruled('proxyName'), ruled('proxyName')], { error: 'expected the two server slots of the backend, e.g. ["web-blue", "web-green"]' })
      .refine(([a, b]) => a !== b, 'the two server slots must have different names')
      .optional(),
    /** `server-state-file` of the global section: written after every change so a restart keeps it. */
    stateFile: ruled('absolutePath').default('/var/lib/haproxy/server-state'),
  },
  { error: 'expected { socket, backend, servers, stateFile }' },
);

const ADMIN_URL = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):[0-9]{1,5}$/;
const caddySchema = z.strictObject(
  {
    /** The admin API on a unix socket (`admin.listen: unix//run/caddy/admin.sock`)… */
    socket: ruled('absolutePath').optional(),
    /** …or on loopback TCP (Caddy's default is localhost:2019); never a remote address. */
    adminUrl: z
      .string({ error: 'expected the admin API on the host\'s loopback, e.g. "http://127.0.0.1:2019"' })
      .regex(ADMIN_URL, 'expected the admin API on the host\'s loopback, e.g. "http://127.0.0.1:2019" (rollwatch reaches it through SSH, it must not be exposed)')
      .refine((u) => Number(u.slice(u.lastIndexOf(':') + 1)) <= 65535, 'the port must be from 1 to 65535')
      .optional(),
    /** The `@id` of the reverse_proxy handler whose upstreams rollwatch sets. */
    id: ruled('proxyName').optional(),
  },
  { error: 'expected { socket | adminUrl, id }' },
);

export const proxySchema = z
  .strictObject(
    {
      kind: z.enum(PROXY_KINDS, { error: 'expected "nginx", "haproxy" or "caddy"' }),
      /** The range a new release takes its port from. */
      ports: z.strictObject({ from: port('ports.from'), to: port('ports.to') }, { error: 'expected { from, to }, e.g. { from: 18000, to: 18099 }' }),
      /** The environment variable that tells the app its port. */
      portEnv: ruled('envKey').default('PORT'),
      /** Where the proxy reaches the app on the host. */
      address: ruled('ipAddress').default('127.0.0.1'),
      /** How long the old release keeps running without new requests before it is stopped. */
      drain: duration(3_600_000).default(10_000),
      weights: z
        .array(z.number({ error: PERCENT_FORM }).int(`expected ${PERCENT_FORM}`).min(1, `expected ${PERCENT_FORM}`).max(100, `expected ${PERCENT_FORM}`), { error: `expected ${PERCENT_FORM}` })
        .min(1, `expected ${PERCENT_FORM}`)
        .max(20, 'at most 20 steps')
        .optional(),
      nginx: nginxSchema.optional(),
      haproxy: haproxySchema.optional(),
      caddy: caddySchema.optional(),
    },
    { error: 'expected { kind, ports, portEnv, address, drain, weights, nginx | haproxy | caddy }' },
  )
  .superRefine((p, ctx) => {
    if (p.ports.from > p.ports.to) ctx.addIssue({ code: 'custom', path: ['ports'], message: `from (${p.ports.from}) is above to (${p.ports.to}): expected { from, to } with from <= to` });
    else if (p.ports.to - p.ports.from < 1)
      ctx.addIssue({ code: 'custom', path: ['ports'], message: 'holds one port: the old and the new release run side by side, give at least two ports' });
    if (p.weights) {
      const problem = weightsProblem(p.weights);
      if (problem) ctx.addIssue({ code: 'custom', path: ['weights'], message: problem });
      if (p.kind === 'caddy')
        ctx.addIssue({ code: 'custom', path: ['weights'], message: 'is not supported with kind: caddy: Caddy 2.6 has no weighted upstreams (weighted_round_robin came in 2.7), so traffic moves all at once' });
    }
    for (const other of PROXY_KINDS) {
      if (other !== p.kind && p[other] !== undefined) ctx.addIssue({ code: 'custom', path: [other], message: `is set but kind is ${p.kind}: remove it or set kind: ${other}` });
    }
    if (p.kind === 'caddy' && p.caddy?.socket && p.caddy?.adminUrl)
      ctx.addIssue({ code: 'custom', path: ['caddy'], message: 'give either socket or adminUrl, not both' });
  });

export type ProxySection = z.output<typeof proxySchema>;

/** What is wrong with a weight list, or null: rising percentages that end with all traffic on the new release. */
export function weightsProblem(weights: readonly number[]): string | null {
  if (weights.length === 0) return `is empty: expected ${PERCENT_FORM}`;
  for (const w of weights) if (!Number.isInteger(w) || w < 1 || w > 100) return `has ${w}: expected ${PERCENT_FORM}`;
  for (let i = 1; i < weights.length; i++) if (weights[i] <= weights[i - 1]) return `must rise step by step (${weights[i - 1]} then ${weights[i]}): expected ${PERCENT_FORM}`;
  if (weights[weights.length - 1] !== 100) return `ends with ${weights[weights.length - 1]}: the last step must put all traffic on the new release, expected ${PERCENT_FORM}`;
  return null;
}

/** The proxy settings a rollout works from, every default filled in. */
export type ProxySettings = {
  ports: { from: number; to: number };
  portEnv: string;
  address: string;
  drainMs: number;
  /** Percentages of traffic on the new release, step by step (always ends with 100). */
  weights: number[];
} & (
  | { kind: 'nginx'; nginx: { upstreamFile: string; upstream: string; test: string[]; reload: string[] } }
  | { kind: 'haproxy'; haproxy: { socket: string; backend: string; servers: [string, string]; stateFile: string } }
  | { kind: 'caddy'; caddy: { socket?: string; adminUrl?: string; id: string } }
);

/** The settings of a parsed `proxy` section; names default from the app (e.g. upstream "web"). */
export function resolveProxy(p: ProxySection, app: string): ProxySettings {
  const common = { ports: p.ports, portEnv: p.portEnv, address: p.address, drainMs: p.drain, weights: p.weights ?? [100] };
  switch (p.kind) {
    case 'nginx': {
      const n = p.nginx ?? nginxSchema.parse({});
      return { ...common, kind: 'nginx', nginx: { upstreamFile: n.upstreamFile ?? `/etc/nginx/rollwatch/${app}.conf`, upstream: n.upstream ?? app, test: n.test, reload: n.reload } };
    }
    case 'haproxy': {
      const h = p.haproxy ?? haproxySchema.parse({});
      return { ...common, kind: 'haproxy', haproxy: { socket: h.socket, backend: h.backend ?? app, servers: h.servers ?? [`${app}-blue`, `${app}-green`], stateFile: h.stateFile } };
    }
    case 'caddy': {
      const c = p.caddy ?? {};
      return { ...common, kind: 'caddy', caddy: { socket: c.socket, adminUrl: c.socket ? undefined : (c.adminUrl ?? 'http://127.0.0.1:2019'), id: c.id ?? app } };
    }
  }
}

/**
 * The proxy settings of a parsed config, or undefined without strategy proxy; refuses the
 * combinations the proxy strategy cannot honour, naming the field.
 */
export function proxySettingsOf(p: {
  app: string;
  rollout: { strategy: string };
  proxy?: ProxySection;
  container: { ports: readonly string[]; env: Record<string, unknown> };
  health: { port?: number };
}): ProxySettings | undefined {
  if (p.rollout.strategy !== 'proxy') {
    if (p.proxy) throw inputError('rollout.strategy', `is "${p.rollout.strategy}" but a proxy section is set: the proxy is only driven with rollout.strategy: proxy`, 'set rollout.strategy: proxy, or remove the proxy section');
    return undefined;
  }
  if (!p.proxy) throw inputError('proxy', 'is needed with rollout.strategy: proxy', 'add e.g. proxy: { kind: nginx, ports: { from: 18000, to: 18099 } } (see README "Zero downtime through your proxy")');
  const settings = resolveProxy(p.proxy, p.app);
  if (p.container.ports.length > 0)
    throw inputError('container.ports', 'is not used with rollout.strategy: proxy: both releases run at once, so a fixed published port would clash; each release gets its own port from proxy.ports (published on proxy.address when the container is not on the host network)', 'remove container.ports');
  if (p.health.port !== undefined)
    throw inputError('health.port', 'is not used with rollout.strategy: proxy: the health gate checks each release on its own port from proxy.ports (container.port is where the proxy serves the app)', 'remove health.port');
  if (settings.portEnv in p.container.env)
    throw inputError(`container.env.${settings.portEnv}`, `is set by rollwatch with rollout.strategy: proxy (proxy.portEnv): each release gets its own port from proxy.ports`, `remove it, or name another variable in proxy.portEnv`);
  if (settings.weights.length > 1 || settings.weights[0] !== 100)
    throw inputError('proxy.weights', 'weighted canary steps are not supported by the proxy strategy yet: traffic moves all at once', 'remove proxy.weights');
  return settings;
}
