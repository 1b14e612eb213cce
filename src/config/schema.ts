import { z } from 'zod';
import { detectorPolicySchema } from '../detect/policy';
import { swarmSchema } from './swarm';
import { proxySchema } from './proxy';
import { byteSize, duration, ruled } from './fields';

/** Free text that may reach a remote command as one quoted word: anything but NUL. */
const text = (max: number, what: string) =>
  z
    .string({ error: `expected ${what}` })
    .max(max, `${what} is at most ${max} characters`)
    .refine((s) => !s.includes('\0'), `${what} must not contain a NUL byte`);

export { duration };

const port = z.number({ error: 'expected a port number from 1 to 65535' }).int('expected a whole port number').min(1).max(65535);
const positiveInt = (max: number) => z.number({ error: `expected a whole number from 1 to ${max}` }).int(`expected a whole number from 1 to ${max}`).min(1).max(max);

/** A secret comes inline, from an environment variable, or from a file (read at load time). */
const secretSource = z.strictObject({
  value: z.string().optional(),
  fromEnv: ruled('envKey').optional(),
  fromFile: z.string().min(1).optional(),
});

export const SECRET_FORM = 'a string or { value | fromEnv | fromFile }, e.g. { fromEnv: NAME } (an environment variable) or { fromFile: PATH }';

/** The one secret syntax: every secret field takes a plain string or one of the sources. */
const secret = (what: string, hint = '') => z.union([z.string(), secretSource], { error: `expected ${what} as ${SECRET_FORM}${hint}` });

/** The outcomes a `notify:` webhook can be sent for. */
export const NOTIFY_EVENTS = ['deployed', 'promoted', 'rolled-back', 'inconclusive', 'failed'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
export const MAX_WEBHOOKS = 10;

/** One webhook told of a run's outcome. The URL is a secret (a Slack webhook URL carries its token). */
const webhook = z.strictObject(
  {
    url: secret('the webhook URL', ' (it carries a token: prefer { fromEnv: SLACK_WEBHOOK_URL })'),
    format: z.enum(['slack', 'json'], { error: 'expected "slack" (a Slack-compatible incoming webhook) or "json" (rollwatch\'s own JSON body)' }).default('json'),
    on: z
      .array(z.enum(NOTIFY_EVENTS, { error: `expected an outcome: ${NOTIFY_EVENTS.map((e) => JSON.stringify(e)).join(', ')}` }), {
        error: `expected a list of outcomes, e.g. ["rolled-back", "failed"] (default: all of ${NOTIFY_EVENTS.join(', ')})`,
      })
      .min(1, `give at least one outcome, or leave \`on\` out for all of ${NOTIFY_EVENTS.join(', ')}`)
      .optional(),
    timeout: duration(60_000, 500).default(5_000),
  },
  { error: 'expected a webhook { url, format, on, timeout }' },
);

const envValue = z.union(
  [
    z.string(),
    z.number().transform(String),
    z.boolean().transform(String),
    z.strictObject({
      value: z.string().optional(),
      fromEnv: ruled('envKey').optional(),
      fromFile: z.string().min(1).optional(),
      secret: z.boolean().default(false),
    }),
  ],
  { error: 'expected a string, a number, or { value | fromEnv | fromFile, secret }' },
);

const argv = z
  .array(text(4096, 'a hook argument'), { error: 'expected a command as a list of arguments, e.g. ["/usr/local/bin/drain", "--host", "web-1"]' })
  .min(1, 'a hook needs at least the program to run');

const hostEntry = z.preprocess(
  (v) => (typeof v === 'string' ? { address: v } : v),
  z.strictObject(
    {
      name: ruled('hostName').optional(),
      address: ruled('hostAddress'),
      port: port.optional(),
      user: ruled('user').optional(),
      fingerprint: z
        .string()
        .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'expected a host key fingerprint as `ssh-keygen -lf` prints it, e.g. "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"')
        .optional(),
    },
    { error: 'expected a host address string or { name, address, port, user, fingerprint }' },
  ),
);

export const configSchema = z.strictObject({
  app: ruled('app'),
  version: ruled('version').optional(),
  /** Where the app runs: hosts over SSH (default) or a Docker Swarm service (see docs/swarm.md). */
  target: z.enum(['ssh', 'swarm'], { error: 'expected "ssh" (containers on each host over SSH) or "swarm" (a Docker Swarm service)' }).default('ssh'),
  swarm: swarmSchema.optional(),
  image: z.strictObject({
    repository: ruled('repository'),
    /** A prebuilt image (e.g. docker/build-push-action's digest output): deployed as repository@digest, nothing built. */
    digest: ruled('digest').optional(),
    tags: z.array(ruled('tag')).max(32).default([]),
    build: z
      .strictObject({
        context: z.string().min(1).default('.'),
        dockerfile: z.string().min(1).default('Dockerfile'),
        args: z.record(ruled('envKey'), z.string()).default({}),
        target: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a build stage name').optional(),
        labels: z.record(ruled('labelKey'), z.string()).default({}),
        builder: z.enum(['buildkit', 'classic'], { error: 'expected "buildkit" (the engine\'s BuildKit, as docker build does since Docker 23) or "classic" (the legacy builder)' }).default('buildkit'),
        cacheFrom: z.array(ruled('imageRef')).max(16).default([]),
        inlineCache: z.boolean().default(false),
        network: z.enum(['default', 'host', 'none'], { error: 'expected "default", "host" (the build engine\'s own network) or "none"' }).default('default'),
      })
      .refine((b) => b.builder === 'buildkit' || !b.inlineCache, { message: 'an inline cache is written by BuildKit only: set image.build.builder to "buildkit" or leave out inlineCache', path: ['inlineCache'] })
      .optional(),
  }).refine((i) => !(i.digest && i.build), { message: 'a prebuilt image (image.digest) is deployed as it is: leave out image.build, or image.digest to build', path: ['digest'] }),
  registry: z
    .strictObject({
      server: z.union([ruled('hostAddress'), z.string().regex(/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/)], {
        error: (issue) => `expected a registry host[:port], e.g. "ghcr.io" or "registry.example.com:5000", got ${JSON.stringify(String(issue.input).slice(0, 60))}`,
      }),
      username: text(256, 'a registry user name').pipe(z.string().min(1, 'must not be empty')).optional(),
      password: secret('the registry password').optional(),
      /** Deprecated: password: { fromEnv: NAME }. */
      passwordEnv: ruled('envKey').optional(),
      /** Deprecated: password: { fromFile: PATH }. */
      passwordFile: z.string().min(1).optional(),
    })
    .optional(),
  docker: z
    .strictObject({
      host: z
        .string()
        .regex(/^(unix:\/\/\/.+|tcp:\/\/[^/]+|ssh:\/\/[^/]+|npipe:\/\/.+)$/, 'expected a Docker engine address: "unix:///var/run/docker.sock", "tcp://host:2376" or "ssh://user@host"')
        .optional(),
      /** tcp:// over TLS: PEM files of the engine's CA, the client certificate and its key. */
      tls: z
        .strictObject({
          ca: z.string().min(1).optional(),
          cert: z.string().min(1).optional(),
          key: z.string().min(1).optional(),
        })
        .optional(),
      /** Accept plain tcp:// to an engine on another machine (refused unless set). */
      allowPlainTcp: z.boolean().optional(),
    })
    .default({}),
  ssh: z
    .strictObject({
      user: ruled('user').default('root'),
      port: port.default(22),
      privateKey: secret('the SSH private key').optional(),
      /** Deprecated: privateKey: { fromFile: PATH }. */
      privateKeyFile: z.string().min(1).optional(),
      passphrase: secret('the passphrase of the SSH key').optional(),
      knownHostsFile: z.string().min(1).optional(),
      knownHosts: z.string().max(1_000_000).optional(),
      hostKeys: z.enum(['strict', 'accept-new'], { error: 'expected "strict" (default) or "accept-new" (trust on first use)' }).default('strict'),
      connectTimeout: duration(600_000, 100).default(10_000),
      commandTimeout: duration(24 * 3_600_000, 1000).default(600_000),
      jumpHost: z
        .strictObject({
          address: ruled('hostAddress'),
          port: port.default(22),
          user: ruled('user').optional(),
          fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'expected "SHA256:…" as `ssh-keygen -lf` prints it').optional(),
        })
        .optional(),
    })
    .default({ user: 'root', port: 22, hostKeys: 'strict', connectTimeout: 10_000, commandTimeout: 600_000 }),
  hosts: z.array(hostEntry, { error: 'expected a list of hosts' }).min(1, 'at least one host is needed').max(500, 'at most 500 hosts per config'),
  container: z
    .strictObject({
      port: port.optional(),
      network: ruled('network').optional(),
      ports: z.array(ruled('portMapping')).default([]),
      env: z.record(ruled('envKey'), envValue).default({}),
      volumes: z.array(ruled('volume')).default([]),
      labels: z.record(ruled('labelKey'), text(4096, 'a label value')).default({}),
      restart: z.enum(['no', 'always', 'unless-stopped', 'on-failure'], { error: 'expected "no", "always", "unless-stopped" or "on-failure"' }).default('unless-stopped'),
      stopTimeout: duration(600_000).default(10_000),
      /** Docker's minimum is 6 MiB; parsed to bytes (Docker reads a plain number as bytes). */
      memory: byteSize('a memory limit', 6 * 1024 ** 2, 1024 ** 4).optional(),
      cpus: z.number().positive().max(1024).optional(),
    })
    .default({ ports: [], env: {}, volumes: [], labels: {}, restart: 'unless-stopped', stopTimeout: 10_000 }),
  health: z
    .strictObject({
      path: ruled('httpPath').optional(),
      port: port.optional(),
      scheme: z.enum(['http', 'https']).default('http'),
      timeout: duration(3_600_000).default(60_000),
      interval: duration(60_000, 50).default(1_000),
      requestTimeout: duration(60_000, 50).default(2_000),
      container: z.enum(['auto', 'require', 'ignore'], { error: 'expected "auto", "require" or "ignore"' }).default('auto'),
    })
    .default({ scheme: 'http', timeout: 60_000, interval: 1_000, requestTimeout: 2_000, container: 'auto' }),
  rollout: z
    .strictObject({
      batchSize: z
        .union([positiveInt(10_000), z.string().regex(/^(100|[1-9][0-9]?)%$/, 'expected a percentage from 1% to 100%')], {
          error: 'expected a number of hosts (e.g. 2) or a percentage (e.g. "25%")',
        })
        .default(1),
      concurrency: positiveInt(1000).optional(),
      strategy: z
        .enum(['stop-start', 'start-stop', 'proxy'], {
          error: 'expected "stop-start" (one port, short gap), "start-stop" (new before old: needs no port clash) or "proxy" (traffic switched by your reverse proxy, old release kept warm: needs the proxy section)',
        })
        .default('stop-start'),
      retain: z.number().int('expected a whole number').min(1, 'keep at least one previous release for rollback').max(50).default(3),
      canary: z.boolean().default(false),
      lockTimeout: duration().default(0),
      hooks: z
        .strictObject({
          preHost: argv.optional(),
          postHost: argv.optional(),
        })
        .default({}),
    })
    .default({ batchSize: 1, strategy: 'stop-start', retain: 3, canary: false, lockTimeout: 0, hooks: {} }),
  prometheus: z
    .strictObject({
      url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as "http://prometheus:9090"' }),
      timeout: duration(120_000).default(5_000),
      bearerToken: secret('the bearer token').optional(),
    })
    .optional(),
  grafana: z
    .strictObject({
      url: z.url({ protocol: /^https?$/, error: 'expected the http(s) URL of Grafana such as "https://grafana.example.com"' }),
      token: secret('the Grafana service account token'),
      dashboardUid: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,40}$/, 'expected a dashboard UID (letters, digits, "-" and "_", at most 40), as in the dashboard URL /d/<uid>/…')
        .optional(),
      tags: z.array(text(100, 'a tag').pipe(z.string().min(1, 'a tag must not be empty'))).max(20).default([]),
    })
    .optional(),
  verify: z
    .strictObject({
      enabled: z.boolean().default(true),
      window: duration().default(120_000),
      interval: duration(600_000, 100).default(5_000),
      warmup: duration().default(0),
      baseline: duration().default(120_000),
      probe: z
        .strictObject({
          enabled: z.boolean().default(true),
          paths: z.array(ruled('httpPath')).min(1).max(20).default(['/']),
          port: port.optional(),
          rate: z.number({ error: 'expected requests per second per host, from 0.2 to 200' }).min(0.2).max(200).default(5),
          timeout: duration(60_000).default(2_000),
          errorRatioLimit: z.number().min(0).max(1).default(0.5),
          healthFailuresInARow: positiveInt(1000).default(3),
        })
        .prefault({}),
      host: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
      prometheus: z
        .strictObject({
          queries: z
            .array(
              z.strictObject({
                name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.:-]*$/, 'expected a metric name such as "error_rate"'),
                query: z.string().min(1).max(10_000),
                direction: z.enum(['increase', 'decrease', 'either'], { error: 'expected "increase", "decrease" or "either"' }).default('increase'),
                kind: z.enum(['gauge', 'count'], { error: 'expected "gauge" or "count"' }).default('gauge'),
                critical: z.boolean().default(true),
                limit: z.number().optional(),
                limitCount: positiveInt(1000).optional(),
                policy: detectorPolicySchema.optional(),
              }),
            )
            .max(50)
            .default([]),
        })
        .optional(),
      metrics: z
        .record(
          z.string(),
          z.strictObject({
            critical: z.boolean().optional(),
            direction: z.enum(['increase', 'decrease', 'either']).optional(),
            limit: z.number().optional(),
            limitCount: positiveInt(1000).optional(),
            enabled: z.boolean().optional(),
            policy: detectorPolicySchema.optional(),
          }),
        )
        .default({}),
      policy: detectorPolicySchema.optional(),
      heal: z.enum(['off', 'restart'], { error: 'expected "off" or "restart"' }).default('off'),
      healAttempts: positiveInt(10).default(2),
    })
    .prefault({}),
  /** The reverse proxy in front of the app on each host, for rollout.strategy: proxy. */
  proxy: proxySchema.optional(),
  report: z.strictObject({ file: z.string().min(1).optional() }).default({}),
  /** Webhooks told of the outcome of each deploy and rollback (see README "Notifications"). */
  notify: z
    .array(webhook, { error: 'expected a list of webhooks, e.g. [{ url: { fromEnv: SLACK_WEBHOOK_URL }, format: slack }]' })
    .max(MAX_WEBHOOKS, `at most ${MAX_WEBHOOKS} webhooks`)
    .optional(),
});

export type VerifyConfig = z.output<typeof configSchema>['verify'];
export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
