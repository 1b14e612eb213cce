import { proxySchema, resolveProxy, weightsProblem } from '../../../src/config/proxy';
import { buildConfig, formatIssues } from '../../../src/config/load';
import { RollwatchError } from '../../../src/errors';
import { fakeSources, minimalRaw } from '../../fixtures/core/config';

const base = { kind: 'nginx', ports: { from: 18000, to: 18099 } };
const problems = (raw: unknown): string => {
  const r = proxySchema.safeParse(raw);
  return r.success ? '' : formatIssues(r.error.issues, 'proxy.');
};

describe('proxy section', () => {
  it('fills defaults from the app name for each kind', () => {
    expect(resolveProxy(proxySchema.parse(base), 'web')).toEqual({
      kind: 'nginx',
      ports: { from: 18000, to: 18099 },
      portEnv: 'PORT',
      address: '127.0.0.1',
      drainMs: 10_000,
      weights: [100],
      nginx: { upstreamFile: '/etc/nginx/rollwatch/web.conf', upstream: 'web', test: ['nginx', '-t'], reload: ['nginx', '-s', 'reload'] },
    });
    const h = resolveProxy(proxySchema.parse({ ...base, kind: 'haproxy', drain: '1m30s', weights: [10, 50, 100] }), 'web');
    expect(h).toMatchObject({ drainMs: 90_000, weights: [10, 50, 100], haproxy: { socket: '/run/haproxy/admin.sock', backend: 'web', servers: ['web-blue', 'web-green'], stateFile: '/var/lib/haproxy/server-state' } });
    expect(resolveProxy(proxySchema.parse({ ...base, kind: 'caddy' }), 'web')).toMatchObject({ caddy: { adminUrl: 'http://127.0.0.1:2019', id: 'web' } });
    expect(resolveProxy(proxySchema.parse({ ...base, kind: 'caddy', caddy: { socket: '/run/caddy/admin.sock', id: 'web-proxy' } }), 'web')).toMatchObject({
      caddy: { socket: '/run/caddy/admin.sock', adminUrl: undefined, id: 'web-proxy' },
    });
  });

  it('refuses weights with caddy, naming proxy.weights', () => {
    expect(problems({ ...base, kind: 'caddy', weights: [10, 100] })).toMatch(/^proxy\.weights: is not supported with kind: caddy: Caddy 2\.6 has no weighted upstreams/m);
  });

  it.each([
    [{ ...base, ports: { from: 18010, to: 18000 } }, /^proxy\.ports: from \(18010\) is above to \(18000\)/m],
    [{ ...base, ports: { from: 18000, to: 18000 } }, /^proxy\.ports: holds one port: .*at least two ports/m],
    [{ ...base, ports: { from: 0, to: 10 } }, /^proxy\.ports\.from: expected ports\.from from 1 to 65535/m],
    [{ ...base, weights: [50, 10, 100] }, /^proxy\.weights: must rise step by step \(50 then 10\)/m],
    [{ ...base, weights: [10, 50] }, /^proxy\.weights: ends with 50: the last step must put all traffic on the new release/m],
    [{ ...base, weights: [0, 100] }, /^proxy\.weights\[0\]: expected a list of whole percentages/m],
    [{ ...base, kind: 'traefik' }, /^proxy\.kind: expected "nginx", "haproxy" or "caddy"/m],
    [{ ...base, haproxy: { backend: 'web' } }, /^proxy\.haproxy: is set but kind is nginx: remove it or set kind: haproxy/m],
    [{ ...base, portEnv: 'MY-PORT' }, /^proxy\.portEnv: expected an environment variable name/m],
    [{ ...base, address: 'localhost' }, /^proxy\.address: expected an IP address/m],
    [{ ...base, drain: 'soon' }, /^proxy\.drain: expected a duration/m],
    [{ ...base, kind: 'haproxy', haproxy: { servers: ['a', 'a'] } }, /^proxy\.haproxy\.servers: the two server slots must have different names/m],
    [{ ...base, kind: 'haproxy', haproxy: { servers: ['a'] } }, /^proxy\.haproxy\.servers/m],
    [{ ...base, kind: 'caddy', caddy: { adminUrl: 'http://10.0.0.5:2019' } }, /^proxy\.caddy\.adminUrl: expected the admin API on the host's loopback/m],
    [{ ...base, kind: 'caddy', caddy: { socket: '/run/c.sock', adminUrl: 'http://127.0.0.1:2019' } }, /^proxy\.caddy: give either socket or adminUrl, not both/m],
    [{ ...base, extra: 1 }, /unknown key\(s\) "extra"/],
  ])('refuses %j with an error naming the field', (raw, message) => {
    expect(problems(raw)).toMatch(message);
  });

  // values that would end a token in nginx's config, the runtime API or a URL path, or escape a path
  it.each([
    ['nginx', { upstream: 'web; include /etc/passwd' }, 'proxy.nginx.upstream', /expected letters, digits/],
    ['nginx', { upstream: 'web}' }, 'proxy.nginx.upstream', /expected letters, digits/],
    ['nginx', { upstreamFile: 'rollwatch/web.conf' }, 'proxy.nginx.upstreamFile', /expected an absolute path/],
    ['nginx', { upstreamFile: '/etc/nginx/../shadow' }, 'proxy.nginx.upstreamFile', /without "\.\."/],
    ['nginx', { upstreamFile: '/etc/nginx/web conf' }, 'proxy.nginx.upstreamFile', /expected an absolute path/],
    ['nginx', { test: ['-c', 'x'] }, 'proxy.nginx.test', /the program \(first entry\) must be a name or path/],
    ['nginx', { reload: ['nginx', 'a\nb'] }, 'proxy.nginx.reload[1]', /one line without NUL bytes/],
    ['nginx', { reload: [] }, 'proxy.nginx.reload', /needs at least the program/],
    ['haproxy', { backend: 'web/blue' }, 'proxy.haproxy.backend', /expected letters, digits/],
    ['haproxy', { servers: ['blue', 'green;shutdown sessions'] }, 'proxy.haproxy.servers[1]', /expected letters, digits/],
    ['haproxy', { socket: '/run/haproxy/$(reboot)' }, 'proxy.haproxy.socket', /expected an absolute path/],
    ['caddy', { id: '../config' }, 'proxy.caddy.id', /expected letters, digits/],
  ])('%s: refuses hostile %j', (kind, section, field, message) => {
    const out = problems({ ...base, kind, [kind]: section });
    expect(out).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: `, 'm'));
    expect(out).toMatch(message);
  });

  it('weightsProblem accepts rising percentages that end at 100', () => {
    expect(weightsProblem([100])).toBeNull();
    expect(weightsProblem([1, 2, 100])).toBeNull();
    expect(weightsProblem([])).toMatch(/is empty/);
    expect(weightsProblem([10, 10, 100])).toMatch(/must rise/);
    expect(weightsProblem([10, 100.5])).toMatch(/has 100.5/);
  });
});

describe('rollout.strategy proxy in the config', () => {
  const withProxy = (over: Record<string, any> = {}) => ({ ...minimalRaw(), container: { port: 8000 }, health: { path: '/health' }, rollout: { strategy: 'proxy' }, proxy: base, ...over });
  const errorOf = (raw: unknown): RollwatchError => {
    try {
      buildConfig(raw, fakeSources());
    } catch (err) {
      expect(err).toBeInstanceOf(RollwatchError);
      return err as RollwatchError;
    }
    throw new Error('accepted');
  };

  it('resolves the proxy section into the config, defaults from the app name', () => {
    const config = buildConfig(withProxy(), fakeSources());
    expect(config.rollout.strategy).toBe('proxy');
    expect(config.proxy).toMatchObject({ kind: 'nginx', ports: { from: 18000, to: 18099 }, portEnv: 'PORT', nginx: { upstreamFile: '/etc/nginx/rollwatch/web.conf', upstream: 'web' } });
    expect(buildConfig(minimalRaw(), fakeSources()).proxy).toBeUndefined();
  });

  it.each([
    [{ proxy: undefined }, 'proxy', /is needed with rollout\.strategy: proxy/],
    [{ rollout: { strategy: 'start-stop' } }, 'rollout.strategy', /is "start-stop" but a proxy section is set/],
    [{ container: { port: 8000, ports: ['8080:8080'] } }, 'container.ports', /a fixed published port would clash/],
    [{ health: { path: '/health', port: 8081 } }, 'health.port', /checks each release on its own port/],
    [{ container: { port: 8000, env: { PORT: '1' } } }, 'container.env.PORT', /is set by rollwatch/],
    [{ proxy: { ...base, weights: [10, 100] } }, 'proxy.weights', /not supported by the proxy strategy yet/],
    [{ rollout: { strategy: 'blue-green' } }, 'rollout.strategy', /expected "stop-start".*or "proxy"/],
  ])('refuses %j naming %s', (over, field, message) => {
    const err = errorOf(withProxy(over));
    // schema errors list "field: problem" lines; the cross-field checks set err.field
    expect(err.field ? `${err.field}: ${err.message}` : err.message).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: `, 'm'));
    expect(err.message).toMatch(message);
  });

  it('refuses the proxy section with target swarm', () => {
    const err = errorOf({ ...withProxy(), target: 'swarm', rollout: undefined });
    expect(err.field).toBe('proxy');
    expect(err.message).toMatch(/not supported with target: swarm/);
  });
});
