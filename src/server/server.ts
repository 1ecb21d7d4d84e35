import type * as net from 'node:net';
import type * as tls from 'node:tls';
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { RenameInput } from './command-table';
import { CommandTable } from './command-table';
import { PubSub } from './pubsub';
import { ServerStats } from './server-stats';
import { ClientsPeak } from './clients-peak';
import { CONFIG_DEFAULT_HZ, type GenericHost, type ServerFacts, type ServerLog, type ServerLogLevel, type SessionHost } from './server-host';
import { Session, formatAddr } from './session';
import { DEFAULT_BIND, ListenFailure, listenAll } from './listen';
import { registerGenericCommands } from './commands/generic';
import { Acl } from './acl/acl-store';
import type { ConfiguredUser } from './acl/acl-store';
import { aclAccess } from './acl/access';
import type { AccessCheck } from './dispatch';
import { listenUnix } from './unix-listen';
import { loadAclFile } from './acl/acl-file-io';
import type { UnixSocketSpec } from './unix-listen';
import type { Surface } from '../core/surfaces';
import { DEFAULT_RELEASE } from '../core/surfaces';

export interface ClientServerOptions {
  /** 0 picks a free port (tests); Redis would not listen on TCP at all */
  port: number;
  /** Redis `bind` entries: addresses, `*` (all IPv4), `::*` (all IPv6), "-" prefix = optional */
  bind?: readonly string[];
  /** password of the default user; null or absent = nopass */
  requirepass?: string | null;
  /** `user` lines of the config file, applied after `requirepass` (see `loadUsers`) */
  users?: readonly ConfiguredUser[];
  /** acl-pubsub-default: whether new users may use all channels */
  aclPubsubDefault?: 'allchannels' | 'resetchannels';
  /** acllog-max-len */
  acllogMaxLen?: number;
  /** refuse non-loopback clients while the default user has no password */
  protectedMode?: boolean;
  /** top-level rename-command mappings (ignored when `table` is given: rename it yourself) */
  renamedCommands?: RenameInput;
  /** start from an existing table instead of an empty one */
  table?: CommandTable;
  /** register PING, INFO, CLIENT, ... (default true) */
  genericCommands?: boolean;
  log?: ServerLog;
  configFile?: string | null;
  executable?: string;
  maxclients?: number;
  supervised?: string;
  /** INFO's `hz`: the frequency the daemon's timer runs at now */
  hz?: () => number;
  /** INFO's `# Sentinel` section without its header: lines CRLF-separated, no CRLF after the last */
  sentinelInfo?: () => string;
  /** SHUTDOWN was accepted; the server does not close itself */
  onShutdown?: () => void;
  /** listen on `port` for plain TCP (default true); false with `tls` = TLS only (`port 0` + tls-port) */
  tcp?: boolean;
  /** tls-port listener: same bind addresses, sessions served exactly like plain ones */
  tls?: { port: number; options: tls.TlsOptions; authClients: 'no' | 'yes' | 'optional' };
  /** `aclfile`: users come from this file (exclusive with `users`) */
  aclfile?: string | null;
  /** `compat-release` (default redis-7.0.15) */
  compatRelease?: Surface;
  /** `unixsocket` listener, opened after the TCP and TLS ones (as Redis does) */
  unixsocket?: UnixSocketSpec;
}

const DENIED =
  "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

const SECURITY_WARNING =
  'Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection aborted.';

const ACL_BOTH =
  'Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.';

/** How long close() lets clients take their last replies before cutting them off. */
const CLOSE_GRACE_MS = 1000;

function isLoopback(ip: string | undefined): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

/**
 * The client-facing side of the daemon: listening sockets, sessions, pub/sub
 * and the command table. It knows nothing about monitoring; the daemon adds
 * its commands with `table.register()` and emits events with `publish()`.
 */
export class ClientServer implements SessionHost, GenericHost {
  readonly table: CommandTable;
  readonly pubsub = new PubSub();
  readonly stats = new ServerStats();
  readonly clientsPeak = new ClientsPeak();
  readonly facts: ServerFacts;
  readonly acl: Acl;
  readonly access: AccessCheck;

  private readonly opts: ClientServerOptions;
  private readonly logFn: ServerLog;
  private servers: net.Server[] = [];
  private readonly live = new Map<number, Session>();
  private nextId = 1;
  private boundPort = 0;
  private boundTlsPort = 0;
  private lastSecurityWarning = -Infinity;
  private closing = false;
  private usersLoaded: boolean | null = null;
  /** the unix socket we bound, to remove at close() */
  private unixPath: string | null = null;

  get compatRelease(): Surface {
    return this.facts.compatRelease;
  }

  constructor(opts: ClientServerOptions) {
    this.opts = opts;
    this.logFn = opts.log ?? (() => undefined);
    this.table = opts.table ?? new CommandTable(opts.renamedCommands);
    this.acl = new Acl(this.table, { pubsubAll: opts.aclPubsubDefault === 'allchannels', logMaxLen: opts.acllogMaxLen });
    this.acl.setRequirepass(opts.requirepass ?? null);
    this.access = aclAccess(this.acl);
    const exe = opts.executable ?? path.resolve(process.argv[1] ?? process.execPath);
    this.facts = {
      tcpPort: () => (opts.port !== 0 ? opts.port : this.boundPort),
      configFile: opts.configFile ? path.resolve(opts.configFile) : '',
      executable: exe,
      maxclients: opts.maxclients ?? 10000,
      supervised: opts.supervised ?? 'no',
      // A server with no timer of its own shows Redis's default.
      hz: opts.hz ?? (() => CONFIG_DEFAULT_HZ),
      sentinelInfo: () => (opts.sentinelInfo ? opts.sentinelInfo() : null),
      aclfile: opts.aclfile ?? null,
      compatRelease: opts.compatRelease ?? DEFAULT_RELEASE,
    };
    if (opts.genericCommands !== false) registerGenericCommands(this.table, this);
  }

  /**
   * Applies the configured `user` lines. They can name any command, so this
   * waits until the daemon has registered its own (listen() calls it; call it
   * yourself when not listening). Returns false, after logging Redis's lines,
   * when a rule is invalid: Redis refuses to start then.
   */
  loadUsers(): boolean {
    if (this.usersLoaded !== null) return this.usersLoaded;
    this.usersLoaded = this.loadUsersOnce();
    return this.usersLoaded;
  }

  private loadUsersOnce(): boolean {
    const users = this.opts.users ?? [];
    const aclfile = this.opts.aclfile ?? null;
    if (aclfile !== null && users.length > 0) {
      this.log('warning', ACL_BOTH);
      return false;
    }
    const r = this.acl.loadConfigured(users);
    for (const n of r.notices) this.log('notice', n);
    for (const w of r.warnings) this.log('warning', w);
    if (!r.ok) {
      this.log('warning', 'Critical error while loading ACLs. Exiting.');
      return false;
    }
    if (aclfile === null) return true;
    const f = loadAclFile(this.acl, aclfile);
    if (!f.ok) this.log('warning', `Aborting Redis startup because of ACL errors: ${f.errors}`);
    return f.ok;
  }

  /** Binds every configured address; rejects (after logging Redis's lines) when that fails. */
  async listen(): Promise<void> {
    if (!this.loadUsers()) throw new Error('Critical error while loading ACLs');
    const bind = this.opts.bind ?? DEFAULT_BIND;
    if (this.opts.tcp !== false) {
      this.servers = await listenAll(bind, this.opts.port, (s) => this.accept(s), this.logFn);
      const addr = this.servers[0]?.address();
      this.boundPort = addr && typeof addr === 'object' ? addr.port : this.opts.port;
    }
    const t = this.opts.tls;
    if (t) {
      const factory = (onConnection: (socket: net.Socket) => void): net.Server => {
        // node:tls is required only when a tls-port is configured: it costs start-up time and memory.
        const server = (require('node:tls') as typeof tls).createServer(t.options, (socket) => {
          // 'optional' lets clients without a certificate in (rejectUnauthorized
          // is off), but like OpenSSL's SSL_VERIFY_PEER it refuses a presented
          // certificate that does not verify.
          if (t.authClients === 'optional' && !socket.authorized && Object.keys(socket.getPeerCertificate()).length > 0) {
            socket.destroy();
            return;
          }
          onConnection(socket);
        });
        // Failed handshakes are the client's problem; without a listener node
        // just drops the socket, a listener keeps that explicit.
        server.on('tlsClientError', () => undefined);
        return server;
      };
      try {
        const tlsServers = await listenAll(bind, t.port, (s) => this.accept(s), this.logFn, 'TLS', factory);
        const addr = tlsServers[0]?.address();
        this.boundTlsPort = addr && typeof addr === 'object' ? addr.port : t.port;
        this.servers.push(...tlsServers);
      } catch (e) {
        await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
        this.servers = [];
        throw e;
      }
    }
    const u = this.opts.unixsocket;
    if (u) {
      const r = await listenUnix(u, (s) => this.accept(s, u.path));
      if (!r.ok) {
        this.log('warning', r.error);
        await Promise.all(this.servers.map((s) => new Promise<void>((res) => s.close(() => res()))));
        this.servers = [];
        throw new ListenFailure(r.error);
      }
      this.servers.push(r.value);
      this.unixPath = u.path;
    }
  }

  /** Connected clients right now (INFO's connected_clients, for the ops endpoint). */
  get clientCount(): number {
    return this.live.size;
  }

  /** The port actually listened on (useful with port 0). */
  get port(): number {
    return this.boundPort;
  }

  /** The TLS port actually listened on (0 without TLS). */
  get tlsPort(): number {
    return this.boundTlsPort;
  }

  /** Sends `message` to the subscribers of `channel`; returns how many got it. */
  publish(channel: string, message: string | Buffer): number {
    return this.pubsub.publish(channel, message);
  }

  /** Stops listening and disconnects every client. */
  async close(): Promise<void> {
    this.closing = true;
    const stopped = this.servers.map((s) => new Promise<void>((r) => s.close(() => r())));
    this.servers = [];
    const sessions = [...this.live.values()];
    for (const s of sessions) s.close();
    const timer = setTimeout(() => {
      for (const s of sessions) s.kill();
    }, CLOSE_GRACE_MS);
    timer.unref();
    await Promise.all(stopped);
    clearTimeout(timer);
    if (this.unixPath !== null) {
      // Node (libuv) unlinks a bound path when the server closes; Redis does it itself and says so.
      this.log('notice', 'Removing the unix socket file.');
      try {
        fs.unlinkSync(this.unixPath);
      } catch {
        /* libuv already did */
      }
      this.unixPath = null;
    }
  }

  /** Serves a connection accepted elsewhere (also used by tests). */
  accept(socket: net.Socket, unixPath?: string): void {
    socket.on('error', () => undefined);
    if (this.closing) {
      socket.destroy();
      return;
    }
    if (this.live.size >= this.facts.maxclients) {
      this.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n', () => socket.destroy());
      return;
    }
    this.stats.connectionsReceived++;
    // A unix socket client is local by definition: protected mode lets it in.
    if (this.opts.protectedMode && this.acl.defaultUser.nopass && unixPath === undefined && !isLoopback(socket.remoteAddress)) {
      this.stats.rejectedConnections++;
      socket.end(DENIED, () => socket.destroy());
      return;
    }
    if (unixPath !== undefined) this.log('verbose', `Accepted connection to ${unixPath}`);
    else this.log('verbose', `Accepted ${formatAddr(socket.remoteAddress, socket.remotePort).replace(/^\[(.*)\]/, '$1')}`);
    const session = new Session(socket, this, { id: this.nextId++, authenticated: this.acl.defaultAuthenticates(), unixPath });
    this.live.set(session.id, session);
  }

  // ---- SessionHost / GenericHost ------------------------------------------------------

  log(level: ServerLogLevel, msg: string): void {
    this.logFn(level, msg);
  }

  securityWarning(): void {
    const now = Date.now();
    if (now - this.lastSecurityWarning < 60_000) return;
    this.lastSecurityWarning = now;
    this.log('warning', SECURITY_WARNING);
  }

  sessionClosed(s: Session): void {
    this.live.delete(s.id);
  }

  session(ctx: { readonly id: number }): Session | undefined {
    return this.live.get(ctx.id);
  }

  sessions(): Iterable<Session> {
    return this.live.values();
  }

  sessionCount(): number {
    return this.live.size;
  }

  /**
   * The daemon's tick (10-19 Hz), where Redis's cron samples its
   * instantaneous metrics and its clients' buffers: no timer of our own.
   */
  cron(nowMs: number): void {
    this.stats.sample(nowMs);
    this.clientsPeak.sample(nowMs, this.live.values());
  }

  shutdown(): void {
    if (this.opts.onShutdown) this.opts.onShutdown();
    else void this.close();
  }
}
