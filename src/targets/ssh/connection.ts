import type http from 'node:http';
import type Docker from 'dockerode';
import { NodeSSH, type Config as SSHConfig } from 'node-ssh';
import pRetry, { AbortError } from 'p-retry';
import type { Config, Host } from '../../config/types';
import { RollwatchError, errorMessage } from '../../errors';
import { decideHostKey, knownKeysFor, preferredKeyTypes, rememberFirstKey, rememberedKeys, type HostKeyDecision } from './hostkeys';
import type { Shell } from './shell';
import { engineAgent, type EngineRoute } from './engine-channel';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  stdin?: string;
  /** Infinity: no deadline (a followed log ends when `signal` aborts). */
  timeoutMs?: number;
  /** Output as it arrives (it is also in the result). */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Closes the channel: the command is cut and run() returns what came so far. */
  signal?: AbortSignal;
}

export interface EngineCallOptions {
  /** What the call does, for a timeout's message ("inspecting container web-v2"). */
  what: string;
  /** Infinity: no deadline. Default: ssh.commandTimeout. */
  timeoutMs?: number;
}

/** What the engine needs from a host connection; the lab tests use the real one. */
export interface RemoteShell {
  readonly host: Host;
  run(command: Shell, options?: ExecOptions): Promise<ExecResult>;
  /**
   * Calls the host's Docker Engine API over this connection. `fn` gets the client and a signal
   * that aborts its requests when the call times out or the connection is lost. Errors of the
   * connection (lost, timed out) are RollwatchErrors naming the host; the engine's own pass through.
   */
  engine<T>(fn: (docker: Docker, signal: AbortSignal) => Promise<T>, options: EngineCallOptions): Promise<T>;
}

type SshSettings = Config['ssh'];

const TRANSIENT = /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|Timed out while waiting for handshake|EAI_AGAIN|socket hang up/i;

function hostKeyAlgorithms(types: string[] | undefined): string[] | undefined {
  if (!types) return undefined;
  return types.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]));
}

/**
 * Loads the Engine API client (dockerode) ahead of its first use: a run calls this while its
 * SSH handshakes wait on the hosts, so the load does not add to the time before the first call.
 */
export function loadEngineClient(): Promise<typeof import('./engine-client')> {
  return import('./engine-client');
}

/** One SSH connection per host per run, reused by every step. */
export class HostConnection implements RemoteShell {
  private ssh: NodeSSH | null = null;
  private jump: NodeSSH | null = null;
  lastHostKey: HostKeyDecision | null = null;
  /** Why the connection broke (keepalive timeout, reset, closed by the server); null while fine. */
  private broken: string | null = null;
  /** Rejecters of commands in flight, called when the connection breaks under them. */
  private readonly inFlight = new Set<(err: Error) => void>();
  /** The Engine API client over this connection's channels (made on first use, dropped with the link). */
  private engineLink: { agent: http.Agent; docker: Docker } | null = null;
  /** Whether engine channels are SSH socket forwards or dial-stdio: kept across reconnects. */
  private readonly engineRoute: EngineRoute = { mode: 'forward' };

  constructor(
    readonly host: Host,
    private readonly settings: SshSettings,
    private readonly onWarning: (message: string) => void = () => {},
  ) {}

  get connected(): boolean {
    return this.broken === null && (this.ssh?.isConnected() ?? false);
  }

  /**
   * ssh2 reports a dead connection (keepalive timeout, reset) as an 'error' event on the client:
   * without a listener that event would crash the process, and a command in flight would wait
   * for its own timeout. Both now end at once; the next command reconnects. The jump host's
   * connection gets the same listeners: when it dies, the host behind it is lost too. Listeners
   * stay on a disposed client, so a late error from it cannot crash the process either.
   */
  private watch(ssh: NodeSSH, role: 'target' | 'jump'): void {
    const label = role === 'jump' ? `jump host ${this.settings.jumpHost?.address}:${this.settings.jumpHost?.port}: ` : '';
    const lost = (reason: string) => {
      if ((role === 'target' ? this.ssh : this.jump) !== ssh || this.broken !== null) return;
      this.broken = label + reason;
      for (const reject of this.inFlight) reject(new RollwatchError('deploy', `${this.host.name}: SSH connection lost: ${label}${reason}`));
    };
    ssh.connection?.on('error', (err: Error) => lost(errorMessage(err)));
    ssh.connection?.on('close', () => lost('connection closed'));
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await pRetry(() => this.connectOnce(), {
      retries: 2,
      minTimeout: 500,
      factor: 2,
      shouldRetry: ({ error }) => TRANSIENT.test(error.message),
    });
  }

  private verifier(label: string, address: string, port: number, fingerprint: string | undefined, sink: (d: HostKeyDecision) => void) {
    const listed = this.settings.knownHosts ? knownKeysFor(this.settings.knownHosts, address, port) : [];
    // accept-new trusts the first key a host offers in this run, not a new one on every reconnect
    const known = this.settings.hostKeys === 'accept-new' && listed.length === 0 && !fingerprint ? rememberedKeys(address, port) : listed;
    return {
      known,
      hostVerifier: (key: Buffer): boolean => {
        const decision = decideHostKey(key, { hostLabel: label, fingerprint, known, mode: this.settings.hostKeys });
        sink(decision);
        if (decision.accept && decision.trustedOnFirstUse) {
          rememberFirstKey(address, port, key);
          this.onWarning(`${label}: trusting host key ${decision.offered.type} ${decision.offered.fingerprint} on first use (ssh.hostKeys: accept-new)`);
        }
        return decision.accept;
      },
    };
  }

  private async connectOnce(): Promise<void> {
    const { host, settings } = this;
    let decision: HostKeyDecision | null = null;
    const label = `${host.name} (${host.address}:${host.port})`;
    const v = this.verifier(label, host.address, host.port, host.fingerprint, (d) => (decision = d));
    const config: SSHConfig = {
      username: host.user,
      privateKey: settings.privateKey,
      passphrase: settings.passphrase,
      readyTimeout: settings.connectTimeoutMs,
      keepaliveInterval: 5000,
      keepaliveCountMax: 3,
      hostVerifier: v.hostVerifier,
      tryKeyboard: false,
    };
    const algos = hostKeyAlgorithms(host.fingerprint ? undefined : preferredKeyTypes(v.known));
    if (algos) config.algorithms = { serverHostKey: algos as never };

    // a connection (jump or target) left by an earlier, failed attempt never outlives it
    this.closeLinks();
    let target: NodeSSH | null = null;
    try {
      if (settings.jumpHost) {
        const j = settings.jumpHost;
        let jumpDecision: HostKeyDecision | null = null;
        const jv = this.verifier(`jump host ${j.address}:${j.port}`, j.address, j.port, j.fingerprint, (d) => (jumpDecision = d));
        const jump = new NodeSSH();
        this.jump = jump;
        try {
          await jump.connect({ host: j.address, port: j.port, username: j.user, privateKey: settings.privateKey, passphrase: settings.passphrase, readyTimeout: settings.connectTimeoutMs, keepaliveInterval: 5000, keepaliveCountMax: 3, hostVerifier: jv.hostVerifier });
        } catch (err) {
          const d = jumpDecision as HostKeyDecision | null;
          if (d && !d.accept) throw new AbortError(new RollwatchError('preflight', d.reason, 'ssh.jumpHost'));
          throw err;
        }
        this.watch(jump, 'jump');
        const stream = await new Promise<NodeJS.ReadWriteStream>((resolve, reject) => {
          if (!jump.connection) return reject(new Error(`jump host ${j.address}:${j.port}: connection closed`));
          jump.connection.forwardOut('127.0.0.1', 0, host.address, host.port, (err, ch) => (err ? reject(err) : resolve(ch)));
        });
        config.sock = stream as never;
      } else {
        config.host = host.address;
        config.port = host.port;
      }
      const ssh = (target = new NodeSSH());
      await ssh.connect(config);
      this.ssh = ssh;
      this.broken = null;
      this.watch(ssh, 'target');
      this.lastHostKey = decision;
    } catch (err) {
      try {
        target?.dispose();
      } catch {
        /* never connected */
      }
      this.closeLinks();
      this.lastHostKey = decision;
      const d = decision as HostKeyDecision | null;
      if (d && !d.accept) throw new AbortError(new RollwatchError('preflight', d.reason, `hosts.${host.name}`));
      if (err instanceof AbortError) throw err;
      const msg = errorMessage(err);
      if (/authentication methods failed|All configured authentication/i.test(msg)) {
        throw new AbortError(new RollwatchError('preflight', `${label}: SSH authentication failed for user ${host.user} (key refused)`, 'ssh.privateKey', 'check that the public key is in ~/.ssh/authorized_keys of that user'));
      }
      if (/passphrase|Encrypted private key/i.test(msg)) {
        throw new AbortError(new RollwatchError('input', 'the SSH private key is encrypted and the passphrase is missing or wrong', 'ssh.passphrase'));
      }
      throw new RollwatchError('preflight', `${label}: cannot connect over SSH: ${msg || 'the connection failed without a reason'}`);
    }
  }

  private async ready(): Promise<NodeSSH> {
    if (!this.ssh || !this.connected) {
      if (this.ssh) this.dispose();
      await this.connect();
    }
    return this.ssh!;
  }

  /**
   * The Docker Engine API of this host over this SSH connection (no second connection): each
   * HTTP connection is a channel of it (see engine-channel.ts), kept alive between requests.
   */
  async docker(): Promise<Docker> {
    await this.ready();
    const { engineClient } = await loadEngineClient();
    if (!this.engineLink) {
      const agent = engineAgent(
        () => (this.connected ? (this.ssh?.connection ?? null) : null),
        () => `${this.host.name}: SSH connection lost: ${this.broken ?? 'connection closed'}`,
        this.engineRoute,
      );
      this.engineLink = { agent, docker: engineClient(agent) };
    }
    return this.engineLink.docker;
  }

  async engine<T>(fn: (docker: Docker, signal: AbortSignal) => Promise<T>, options: EngineCallOptions): Promise<T> {
    const docker = await this.docker();
    const timeoutMs = options.timeoutMs ?? this.settings.commandTimeoutMs;
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      if (!Number.isFinite(timeoutMs)) return;
      timer = setTimeout(() => {
        abort.abort();
        reject(new RollwatchError('deploy', `${this.host.name}: ${options.what} timed out after ${Math.round(timeoutMs / 1000)}s`));
      }, timeoutMs);
    });
    let onLost: ((err: Error) => void) | undefined;
    const lost = new Promise<never>((_, reject) => (onLost = reject));
    const lostAndAbort = (err: Error) => {
      abort.abort();
      onLost!(err);
    };
    this.inFlight.add(lostAndAbort);
    try {
      return await Promise.race([fn(docker, abort.signal), timeout, lost]);
    } catch (err) {
      if (err instanceof RollwatchError) throw err;
      // the channel closed under the request because the connection did
      if (this.broken !== null) throw new RollwatchError('deploy', `${this.host.name}: SSH connection lost: ${this.broken}`);
      throw err;
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(lostAndAbort);
    }
  }

  async run(command: Shell, options: ExecOptions = {}): Promise<ExecResult> {
    const ssh = await this.ready();
    const timeoutMs = options.timeoutMs ?? this.settings.commandTimeoutMs;
    let channel: { close(): void; signal?(name: string): void } | null = null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      if (!Number.isFinite(timeoutMs)) return;
      timer = setTimeout(() => {
        try {
          channel?.signal?.('KILL');
          channel?.close();
        } catch {
          /* the channel may be gone already */
        }
        reject(new RollwatchError('deploy', `${this.host.name}: command timed out after ${Math.round(timeoutMs / 1000)}s: ${command.text.slice(0, 120)}`));
      }, timeoutMs);
    });
    let onLost: ((err: Error) => void) | undefined;
    const lost = new Promise<never>((_, reject) => (onLost = reject));
    // Aborted: run() returns at once whatever the remote command does; the connection is not
    // reused (its channel may still be open), so dispose() ends the remote command with it.
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      if (!options.signal) return;
      onAbort = () => {
        this.broken ??= 'a command on it was interrupted';
        reject(new RollwatchError('deploy', `${this.host.name}: interrupted: ${command.text.slice(0, 120)}`));
      };
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    });
    this.inFlight.add(onLost!);
    try {
      const result = await Promise.race([
        ssh.execCommand(command.text, {
          stdin: options.stdin,
          onStdout: options.onStdout,
          onStderr: options.onStderr,
          onChannel: (ch) => {
            channel = ch;
            // The remote command may be blocked (docker logs -f with nothing new): kill it, then close.
            const cut = () => {
              try {
                ch.signal?.('KILL');
                ch.close();
              } catch {
                /* the channel may be gone already */
              }
            };
            if (options.signal?.aborted) cut();
            else options.signal?.addEventListener('abort', cut, { once: true });
          },
        }),
        timeout,
        lost,
        aborted,
      ]);
      return { code: result.code ?? (result.signal ? 128 : 255), stdout: result.stdout, stderr: result.stderr };
    } catch (err) {
      if (err instanceof RollwatchError) throw err;
      this.broken ??= errorMessage(err); // reconnect for the next command
      throw new RollwatchError('deploy', `${this.host.name}: SSH command failed: ${errorMessage(err)}`);
    } finally {
      clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
      this.inFlight.delete(onLost!);
    }
  }

  /** Closes the target and jump connections of this host (each at most once), and the engine channels on them. */
  private closeLinks(): void {
    this.engineLink?.agent.destroy();
    this.engineLink = null;
    for (const link of [this.ssh, this.jump]) {
      try {
        link?.dispose();
      } catch {
        /* already closed */
      }
    }
    this.ssh = null;
    this.jump = null;
  }

  dispose(): void {
    this.closeLinks();
    this.broken = null;
  }
}
