import http from 'node:http';
import { inspect } from 'node:util';
import { Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';

/** Where the engine listens when nothing (DOCKER_HOST, a context) says otherwise. */
export const DOCKER_SOCKET = '/var/run/docker.sock';

/** The Engine API version rollwatch speaks: Docker 20.10 and every later engine serve it. */
export const ENGINE_API_VERSION = 'v1.41';

/** SSH_OPEN_ADMINISTRATIVELY_PROHIBITED: sshd does not allow the forward (AllowStreamLocalForwarding no). */
const OPEN_ADMINISTRATIVELY_PROHIBITED = 1;
/** SSH_OPEN_CONNECT_FAILED: sshd allows the forward but could not connect to the socket. */
const OPEN_CONNECT_FAILED = 2;
/** SSH_OPEN_UNKNOWN_CHANNEL_TYPE: a server that does not know OpenSSH's socket forward. */
const OPEN_UNKNOWN_CHANNEL_TYPE = 3;

/** Marks an error of reaching the engine (nothing was sent to it): retrying is safe. */
export const ENGINE_UNREACHABLE = Symbol('engine unreachable');

export function isEngineUnreachable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[ENGINE_UNREACHABLE] === true;
}

const unreachable = (message: string): Error => Object.assign(new Error(message), { [ENGINE_UNREACHABLE]: true });

/** How HTTP connections reach the engine: 'forward' until sshd refuses it, then 'dial-stdio' for this connection. */
export interface EngineRoute {
  mode: 'forward' | 'dial-stdio';
}

/**
 * http's agent calls these on a socket: a no-op is right for an SSH channel. A channel the
 * engine ended (it restarted, or closed an idle connection) is closed at once: sshd keeps its
 * side half open, and a kept-alive channel that only ended would be handed to the next request.
 */
function socketLike(stream: Duplex): Duplex {
  const s = stream as Duplex & Record<string, unknown>;
  for (const m of ['setKeepAlive', 'setNoDelay', 'setTimeout', 'ref', 'unref']) if (typeof s[m] !== 'function') s[m] = () => s;
  stream.once('end', () => stream.destroy());
  return s;
}

/**
 * A `docker system dial-stdio` channel as a socket. Its end waits for the channel to close, so a
 * dial-stdio that could not reach the engine (it exits non-zero having sent nothing) fails the
 * request with what it printed, instead of an anonymous "socket hang up".
 */
class DialStdioSocket extends Duplex {
  private received = false;
  private stderr = '';
  private exitCode: number | null = null;

  constructor(
    private readonly channel: ClientChannel,
    private readonly forwardRefused: string | null,
  ) {
    super();
    channel.on('data', (d: Buffer) => {
      this.received = true;
      if (!this.push(d)) channel.pause();
    });
    channel.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString('utf8')).slice(-2000)));
    channel.on('exit', (code: number | null) => (this.exitCode = code));
    channel.on('error', (err: Error) => this.destroy(err));
    channel.on('close', () => {
      if (!this.received && (this.exitCode !== 0 || this.stderr.trim())) {
        const said = this.stderr.trim() || `docker system dial-stdio exited ${this.exitCode ?? 'without a status'}`;
        const why = this.forwardRefused ? `${DOCKER_SOCKET}: ${this.forwardRefused}; docker system dial-stdio: ${said}` : `docker system dial-stdio: ${said}`;
        this.destroy(unreachable(`Cannot connect to the Docker daemon (${why})`));
      } else this.push(null);
    });
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.channel.write(chunk) ? cb() : this.channel.once('drain', () => cb());
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.channel.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    try {
      this.channel.close();
    } catch {
      /* already closed */
    }
    cb(err);
  }
}

function dialStdio(client: Client, forwardRefused: string | null, cb: (err: Error | null, socket?: Duplex) => void): void {
  try {
    client.exec('docker system dial-stdio', (err, channel) => (err ? cb(err) : cb(null, socketLike(new DialStdioSocket(channel, forwardRefused)))));
  } catch (err) {
    cb(err as Error);
  }
}

/**
 * Opens one HTTP connection to the engine over `client`: a `direct-streamlocal@openssh.com`
 * forward to the engine's socket (sshd connects to it; nothing is started on the host), else a
 * `docker system dial-stdio` channel. A forward sshd refuses (AllowStreamLocalForwarding no, not
 * OpenSSH) switches `route` to dial-stdio for good; any other failed forward (a socket sshd cannot
 * connect to because the engine is down or listens elsewhere, a passing shortage) is tried
 * through dial-stdio for this connection only.
 */
export function openEngineSocket(client: Client, route: EngineRoute, cb: (err: Error | null, socket?: Duplex) => void): void {
  if (route.mode === 'dial-stdio') return dialStdio(client, null, cb);
  try {
    client.openssh_forwardOutStreamLocal(DOCKER_SOCKET, (err, channel) => {
      if (!err) return cb(null, socketLike(channel as unknown as Duplex));
      const reason = (err as Error & { reason?: unknown }).reason;
      // Only a server that will never forward switches the connection for good; anything else
      // (the socket unreachable, a passing shortage) goes through dial-stdio for this request.
      const never = reason === OPEN_ADMINISTRATIVELY_PROHIBITED || reason === OPEN_UNKNOWN_CHANNEL_TYPE;
      if (never) route.mode = 'dial-stdio';
      dialStdio(client, never ? null : err.message.replace(/^\(SSH\) Channel open failure: /, '') || 'the forward failed', cb);
    });
  } catch (err) {
    cb(err as Error);
  }
}

/**
 * A keep-alive http.Agent whose connections are engine channels of the SSH connection
 * `client()` returns at the time (null: closed, the request fails).
 */
export function engineAgent(client: () => Client | null, closedMessage: () => string, route: EngineRoute = { mode: 'forward' }): http.Agent {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  // docker-modem describes every request for its debug log with util.inspect (showHidden, no
  // depth limit) whether or not that log is on, and the request's options hold this agent: walking
  // its sockets (SSH channels, the SSH client behind them) cost more CPU than the request itself.
  Object.defineProperty(agent, inspect.custom, { value: () => `[engine agent over SSH: ${route.mode}]` });
  (agent as unknown as { createConnection: (o: unknown, cb: (err: Error | null, s?: Duplex) => void) => undefined }).createConnection = (_options, cb) => {
    const c = client();
    if (!c) cb(new Error(closedMessage()));
    else openEngineSocket(c, route, cb);
    return undefined;
  };
  return agent;
}
