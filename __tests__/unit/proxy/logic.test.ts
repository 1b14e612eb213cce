import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { planPorts, parseListeningPorts } from '../../../src/proxy/ports';
import { canarySteps } from '../../../src/proxy/canary';
import { renderUpstream, parseUpstream, servingPorts } from '../../../src/proxy/nginx';
import { parseServersState, slotsOf, planSwitch, planSwitchBack, planShare, replyProblem, stateFileText, setAddr } from '../../../src/proxy/haproxy';
import { upstreamsPatch, parseUpstreams } from '../../../src/proxy/caddy';
import { nginxApply, haproxyRun, splitReplies, caddyRequest } from '../../../src/proxy/remote';

describe('planPorts', () => {
  it('takes the lowest free port of the range', () => {
    expect(planPorts({ from: 18000, to: 18003 }, [18000, 8080, 18002])).toBe(18001);
    expect(planPorts({ from: 18000, to: 18003 }, [])).toBe(18000);
  });
  it('names proxy.ports when the range is full', () => {
    expect(() => planPorts({ from: 18000, to: 18001 }, [18001, 18000, 22])).toThrow(/^proxy\.ports: every port from 18000 to 18001 is in use on the host \(18000, 18001\)/);
  });
  it('reads listening ports from ss -ltnH', () => {
    const ss = 'LISTEN 0      4096         0.0.0.0:8080      0.0.0.0:*\nLISTEN 0 511 [::]:18001 [::]:*\nLISTEN 0 128 10.213.0.11:22 0.0.0.0:*\n';
    expect(parseListeningPorts(ss)).toEqual([22, 8080, 18001]);
  });
});

describe('canarySteps', () => {
  it('gives old/new shares per step, ending with all traffic on the new release', () => {
    expect(canarySteps([10, 50, 100])).toEqual([{ old: 90, new: 10 }, { old: 50, new: 50 }, { old: 0, new: 100 }]);
    expect(canarySteps()).toEqual([{ old: 0, new: 100 }]);
  });
  it('refuses a sequence that never gets to 100, naming proxy.weights', () => {
    expect(() => canarySteps([10, 50])).toThrow(/^proxy\.weights: ends with 50/);
  });
});

describe('nginx upstream file', () => {
  const file = { app: 'web', upstream: 'web', address: '127.0.0.1' };
  it('renders weights, a standby as down, in port order', () => {
    expect(renderUpstream(file, [{ port: 18001, weight: 100 }, { port: 18000, weight: 0 }])).toBe(
      '# managed by rollwatch (app web): rewritten on every switch, do not edit\nupstream web {\n  server 127.0.0.1:18000 down;\n  server 127.0.0.1:18001 weight=100;\n}\n',
    );
    expect(renderUpstream({ ...file, address: '::1' }, [{ port: 18000, weight: 10 }])).toContain('server [::1]:18000 weight=10;');
  });
  it('refuses an upstream that sends traffic nowhere and hostile names', () => {
    expect(() => renderUpstream(file, [{ port: 18000, weight: 0 }])).toThrow(/every weight is 0/);
    expect(() => renderUpstream({ ...file, upstream: 'web { }' }, [{ port: 1, weight: 1 }])).toThrow(/^proxy\.nginx\.upstream: expected letters/);
  });
  it('reads back what it wrote (crash recovery), whatever the targets', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ port: fc.integer({ min: 1, max: 65535 }), weight: fc.integer({ min: 0, max: 100 }) }), { selector: (t) => t.port, minLength: 1, maxLength: 4 }), (targets) => {
        fc.pre(targets.some((t) => t.weight > 0));
        const back = parseUpstream(renderUpstream(file, targets), 'web')!;
        expect(back.map((s) => ({ port: s.port, weight: s.down ? 0 : s.weight }))).toEqual([...targets].sort((a, b) => a.port - b.port));
      }),
    );
  });
  it('parses a hand-written file and finds the serving port', () => {
    const text = 'upstream other { server 10.0.0.1:1; }\n# comment upstream web { server 1.1.1.1:9; }\nupstream web {\n  server 127.0.0.1:8080 max_fails=3;\n  server 127.0.0.1:8081 down;\n}\n';
    const servers = parseUpstream(text, 'web')!;
    expect(servers).toEqual([
      { address: '127.0.0.1', port: 8080, weight: 1, down: false },
      { address: '127.0.0.1', port: 8081, weight: 1, down: true },
    ]);
    expect(servingPorts(servers)).toEqual([8080]);
    expect(parseUpstream(text, 'missing')).toBeNull();
  });
});

// the output of `show servers state demo` from HAProxy 2.6.12 in the lab
const HEADER =
  '1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n';
const FRESH = HEADER + '3 demo 1 blue 127.0.0.1 2 0 100 100 439 1 0 2 0 0 0 0 - 8080 - 0 0 - - 0\n3 demo 2 green 127.0.0.1 0 5 100 100 439 1 0 0 8 0 0 0 - 8080 - 0 0 - - 0\n\n';
const CANARY = HEADER + '3 demo 1 blue 127.0.0.1 2 0 10 100 2 1 0 4 0 0 0 0 - 8082 - 0 0 - - 0\n3 demo 2 green 127.0.0.1 2 4 90 100 2 1 0 4 8 0 0 0 - 8081 - 0 0 - - 0\n';
const DRAINED = HEADER + '3 demo 1 blue 127.0.0.1 2 0 100 100 4 1 0 4 0 0 0 0 - 8082 - 0 0 - - 0\n3 demo 2 green 127.0.0.1 2 12 90 100 0 1 0 4 8 0 0 0 - 8081 - 0 0 - - 0\n';
const backend = { backend: 'demo', servers: ['blue', 'green'] as const };

describe('HAProxy runtime API', () => {
  it('parses show servers state: port, weight, admin and operational state of each slot', () => {
    expect(parseServersState(FRESH)).toEqual([
      { backend: 'demo', server: 'blue', address: '127.0.0.1', port: 8080, opState: 'running', admin: 'ready', weight: 100 },
      { backend: 'demo', server: 'green', address: '127.0.0.1', port: 8080, opState: 'stopped', admin: 'maint', weight: 100 },
    ]);
    // 0x04 (disabled in the config) alone still serves after `state ready`; 12 = drain
    expect(parseServersState(DRAINED).map((s) => s.admin)).toEqual(['ready', 'drain']);
    expect(() => parseServersState('Unknown command\n')).toThrow(/not a HAProxy server state/);
  });
  it('puts the new release in the idle slot, then drains the old one', () => {
    const plan = planSwitch(backend, parseServersState(FRESH), '127.0.0.1', 18001);
    expect(plan).toEqual({
      newSlot: 'green',
      oldSlot: 'blue',
      enter: ['set server demo/green addr 127.0.0.1 port 18001', 'set server demo/green state ready', 'set weight demo/green 100'],
      leave: ['set weight demo/green 100', 'set server demo/blue state drain'],
    });
    // after the drain the old slot is idle: the next release goes there
    expect(slotsOf(parseServersState(DRAINED), backend).idle?.server).toBe('green');
  });
  it('a canary share sets both weights; a half-done canary is refused', () => {
    expect(planSwitch(backend, parseServersState(FRESH), '127.0.0.1', 18001, 10).leave).toEqual(['set server demo/blue state ready', 'set weight demo/blue 90', 'set weight demo/green 10']);
    // out of drain before the weight: HAProxy 2.6 ignores a weight set during drain in its round robin
    expect(planShare('demo', 'blue', 'green', 50)).toEqual(['set server demo/blue state ready', 'set weight demo/blue 50', 'set weight demo/green 50']);
    expect(() => planSwitch(backend, parseServersState(CANARY), '127.0.0.1', 18003)).toThrow(/both slots of HAProxy backend demo serve traffic \(blue → :8082, green → :8081\)/);
  });
  it('switches back without starting anything: old slot ready first, then the new one out', () => {
    expect(planSwitchBack('demo', 'green', 'blue')).toEqual({ enter: ['set server demo/green state ready', 'set weight demo/green 100'], leave: ['set server demo/blue state maint'] });
  });
  it('names a missing slot and refuses hostile names', () => {
    expect(() => slotsOf(parseServersState(FRESH), { backend: 'demo', servers: ['blue', 'red'] })).toThrow(/^proxy\.haproxy\.servers: HAProxy has no server demo\/red/);
    expect(() => setAddr('demo', 'blue; shutdown frontend lab', '127.0.0.1', 1)).toThrow(/^proxy\.haproxy\.servers: expected letters/);
    expect(() => setAddr('demo', 'blue', '127.0.0.1 port 1; x', 1)).toThrow(/^proxy\.address/);
  });
  it('judges replies as HAProxy 2.6 gives them', () => {
    expect(replyProblem('set weight demo/blue 10', '\n')).toBeNull();
    expect(replyProblem('set server demo/blue addr 127.0.0.1 port 1', "IP changed from '127.0.0.1' to '127.0.0.1', port changed from '8080' to '1' by 'stats socket command'\n")).toBeNull();
    expect(replyProblem('set server demo/nope state maint', 'No such server.\n\n')).toBe('HAProxy refused "set server demo/nope state maint": No such server.');
    expect(replyProblem('set weight demo/blue 300', 'Absolute weight can only be between 0 and 256 inclusive.\n')).toMatch(/refused/);
  });
  it('state file text is a checked dump', () => {
    expect(stateFileText(CANARY + '\n\n')).toBe(CANARY);
    expect(() => stateFileText('')).toThrow(/not a HAProxy server state/);
  });
});

describe('Caddy admin API', () => {
  it('patches the tagged handler\'s upstreams and reads them back', () => {
    expect(upstreamsPatch('web', '127.0.0.1', 18001)).toEqual({ method: 'PATCH', path: '/id/web/upstreams', body: '[{"dial":"127.0.0.1:18001"}]' });
    expect(parseUpstreams('[{"dial":"127.0.0.1:18001"}]\n')).toEqual([18001]);
    expect(() => upstreamsPatch('../../config', '127.0.0.1', 1)).toThrow(/^proxy\.caddy\.id/);
    expect(() => parseUpstreams('{"error":"unknown object ID"}')).toThrow(/expected a list of upstreams/);
  });
  it('curl sends an empty Host on the socket (Caddy refuses others there)', () => {
    const script = caddyRequest({ socket: '/run/caddy/admin.sock' }, upstreamsPatch('web', '127.0.0.1', 18001)).text;
    const args = execFileSync('bash', ['-c', `curl() { printf '<%s>' "$@"; }; ${script}`], { encoding: 'utf8' });
    expect(args).toBe('<-sS><--fail-with-body><--max-time><10><-X><PATCH><--unix-socket></run/caddy/admin.sock><-H><Host;><-H><Content-Type: application/json><--data-binary><[{"dial":"127.0.0.1:18001"}]><--><http://localhost/id/web/upstreams>');
  });
});

describe('remote commands (run with bash)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollwatch-proxy-'));
  const bash = (script: string) => {
    try {
      return { code: 0, out: execFileSync('bash', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
    } catch (e: any) {
      return { code: e.status as number, out: String(e.stdout) };
    }
  };
  it('nginxApply writes, tests and reloads; a failing test restores the previous file', () => {
    const f = join(dir, 'web.conf');
    writeFileSync(f, 'old\n');
    const log = join(dir, 'log');
    const ok = bash(nginxApply(f, "new 'text' $(x)\n", ['sh', '-c', `echo test >> ${log}`], ['sh', '-c', `echo reload >> ${log}`]).text);
    expect(ok.code).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe("new 'text' $(x)\n");
    expect(readFileSync(log, 'utf8')).toBe('test\nreload\n');
    const bad = bash(nginxApply(f, 'broken\n', ['false'], ['sh', '-c', `echo reload >> ${log}`]).text);
    expect(bad.code).toBe(1);
    expect(readFileSync(f, 'utf8')).toBe("new 'text' $(x)\n");
    expect(readFileSync(log, 'utf8')).toBe('test\nreload\n');
    const fresh = join(dir, 'fresh.conf');
    expect(bash(nginxApply(fresh, 'x\n', ['false'], ['true']).text).code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });
  it('haproxyRun sends each command alone and splits the replies; a failed connection is null', () => {
    const script = haproxyRun('/nonexistent/admin.sock', ['show servers state demo', 'set weight demo/blue 10']).text;
    const calls = execFileSync('bash', ['-c', `socat() { printf '<%s>' "$@"; cat; }; ${script}`], { encoding: 'utf8' });
    expect(calls).toBe('<-t><5><stdio><UNIX-CONNECT:/nonexistent/admin.sock>show servers state demo\n#rollwatch-reply-end 0\n<-t><5><stdio><UNIX-CONNECT:/nonexistent/admin.sock>set weight demo/blue 10\n#rollwatch-reply-end 0\n');
    expect(splitReplies('1\n# be_id x\n\n#rollwatch-reply-end 0\n\n#rollwatch-reply-end 0\n', 2)).toEqual(['1\n# be_id x\n\n', '\n']);
    expect(splitReplies('#rollwatch-reply-end 1\n', 2)).toEqual([null, null]);
  });
});
