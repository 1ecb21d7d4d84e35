import * as fs from 'node:fs';
import type * as dnsPromises from 'node:dns/promises';
import { randomBytes } from './entropy';
import { SentinelNode } from './core/node';
import type { CoreView } from './core/node';
import type { CommandFacts, CommandOutcome } from './core/commands/outcome';
import type { LogLevel } from './core/output';
import { LinkManager } from './links/link-manager';
import { OutputHandler } from './shell/output-handler';
import type { ShellIo } from './shell/output-handler';
import { ShellNode } from './shell/shell-node';
import { failOnCoreException } from './shell/fatal';
import { ScriptRunner } from './scripts/script-runner';
import { entropySeed, seededRandom, wallClock } from './clock';
import type { SentinelHost } from './server/commands/sentinel-host';
import { sentinelCommand } from './server/commands/sentinel';
import { publishCommand, roleCommand, sentinelInfoText } from './server/commands/role-publish';
import type { LoadedConfig } from './config/load';
import { renderRewrite } from './config/rewrite-bridge';
import { ConfigWriter } from './config/config-writer';
import { setLoglevel } from './config/generic-config';
import { withDocs } from './server/commands/generic-docs';
import type { Logger } from './log/logger';
import { ClientServer } from './server/server';
import { ListenFailure } from './server/listen';
import { CONFIG_DEFAULT_HZ } from './server/server-host';
import { loadTlsContexts, tlsWanted } from './server/tls-config';
import type { TlsContexts } from './server/tls-config';
import { toBytes } from './core/bytes';
import type { Supervisor } from './supervise/supervisor';
import { OpsCounters } from './ops/ops-counters';
import { EventLoopLag } from './ops/event-loop-lag';
import type { OpsHttpServer } from './ops/http-server';
import { startOpsEndpoint } from './ops/ops-endpoint';
import { compactingGc } from './exposed-gc';

export interface DaemonOptions {
  config: LoadedConfig;
  logger: Logger;
  /** `supervised`: told when clients can connect and when we stop */
  supervisor?: Supervisor;
}

const MAX_SCRIPTS_RUNNING = 16;
const MAX_SCRIPTS_QUEUE = 256;
const MAX_SCRIPT_RETRIES = 10;

/**
 * When the start-up's garbage is collected (collectStartGarbage): well after
 * the first links, INFO replies, replica links and hellos of every master
 * (under half a second for 200 masters), and before V8's memory reducer,
 * whose timer is 8 s, would come to do it or not.
 */
const START_GARBAGE_AFTER_MS = 5_000;

/**
 * Wiring and lifecycle. Everything here is plumbing between the core and the
 * outside world: timers, sockets, DNS and scripts become inputs of the one
 * step (shell/shell-node.ts), and the outputs are performed by
 * shell/output-handler.ts with the I/O given here.
 */
export class Daemon implements SentinelHost {
  private readonly shell: ShellNode;
  /** what the shell reads of the core; changes go through inputs */
  readonly view: CoreView;
  private readonly links: LinkManager;
  private readonly outputs: OutputHandler;
  private readonly scripts: ScriptRunner;
  private server: ClientServer | null = null;
  /** the operations HTTP endpoint (src/ops); null unless http-port is set */
  private opsHttp: OpsHttpServer | null = null;
  readonly counters = new OpsCounters();
  readonly lag = new EventLoopLag();
  private timer: NodeJS.Timeout | null = null;
  /**
   * The timer's frequency now, which INFO shows as `hz` (Redis's server.hz):
   * Redis's default until the first tick draws one.
   */
  private hz = CONFIG_DEFAULT_HZ;
  private stopping = false;
  /**
   * What the daemon reads of the loaded file after start-up. The sentinel
   * part (every master's spec, its known replicas and peers) is the core's
   * from construction on; kept here as well it was ~1 KB per master that
   * nothing read again (heap snapshots at 10 and 200 masters).
   */
  private readonly cfg: Pick<LoadedConfig, 'configPath' | 'generic'>;
  private readonly logger: Logger;
  private readonly supervisor: Supervisor | undefined;
  private readonly configWriter: ConfigWriter;
  /** the myid was generated now: persist it before anything else happens */
  private readonly mustFlushAtStart: boolean;
  /** null when no tls-* setting asks for TLS; errors are reported (and fatal) in start() */
  private readonly tls: TlsContexts | { errors: string[] } | null;

  constructor(o: DaemonOptions) {
    this.cfg = { configPath: o.config.configPath, generic: o.config.generic };
    this.logger = o.logger;
    this.supervisor = o.supervisor;
    this.configWriter = new ConfigWriter(
      this.cfg.configPath,
      (old) => {
        this.followLoglevel();
        return renderRewrite(old, this.view.snapshot(), { generic: this.cfg.generic, liveUsers: this.serverForRewrite().acl }, this.view.timing);
      },
      (level, msg) => this.logger.log(level, msg),
    );
    const state = o.config.sentinel;
    let mustFlush = false;
    if (state.myid === null) {
      state.myid = randomBytes(20).toString('hex');
      mustFlush = true;
    }
    const t = o.config.generic.tls;
    this.tls = tlsWanted(t) ? loadTlsContexts(t) : null;
    const tlsClient = this.tls !== null && 'client' in this.tls && t.replication ? this.tls.client : undefined;
    const node = new SentinelNode({
      state,
      random: seededRandom(entropySeed()),
      // Peers must reach us the way we reach them: with tls-replication the
      // hellos announce tls-port (announce-port still wins, in the core).
      port: t.replication && t.port !== 0 ? t.port : o.config.generic.port,
      peerAuth: {
        sentinelUser: state.sentinelUser,
        sentinelPass: state.sentinelPass,
        requirePass: o.config.generic.requirepass,
      },
      tzOffsetMinutes: new Date().getTimezoneOffset(),
      loglevel: o.config.generic.loglevel,
      compatRelease: o.config.generic.compatRelease,
      now: wallClock(),
    });
    this.view = node.view;
    this.links = new LinkManager(
      {
        connected: (id, link, localIp) => this.input({ type: 'link-up', now: wallClock(), id, link, localIp }),
        closed: (id, link, reason) => this.input({ type: 'link-down', now: wallClock(), id, link, reason }),
        subscribed: (id) => this.input({ type: 'subscribed', now: wallClock(), id }),
        reply: (id, tag, reply) => this.input({ type: 'reply', now: wallClock(), id, tag, reply }),
        message: (id, channel, payload) => this.input({ type: 'message', now: wallClock(), id, channel, payload }),
      },
      { sourceAddress: o.config.generic.bindSourceAddr ?? undefined, tls: tlsClient },
    );
    this.scripts = new ScriptRunner({
      maxRunning: MAX_SCRIPTS_RUNNING,
      maxQueue: MAX_SCRIPTS_QUEUE,
      maxRetries: MAX_SCRIPT_RETRIES,
      maxRuntimeMs: () => this.view.timing.scriptMaxRuntime,
      retryDelayMs: () => this.view.timing.scriptRetryDelay,
      now: wallClock,
      onError: (path, signal, code) => this.input({ type: 'script-exited', now: wallClock(), path, outcome: { error: { signal, code } } }),
      onTimeout: (path, pid) => this.input({ type: 'script-exited', now: wallClock(), path, outcome: { timeout: { pid } } }),
      log: (level, msg) => this.logger.log(level, msg),
    });
    this.outputs = new OutputHandler(this.shellIo(), (seq, ok) => this.input({ type: 'save-result', now: wallClock(), seq, ok }));
    this.shell = new ShellNode(node, this.outputs, (e) => failOnCoreException(e, (level, msg) => this.logger.log(level, msg), (code) => process.exit(code)));
    this.mustFlushAtStart = mustFlush;
  }

  /**
   * The server whose ACL users a rewrite writes. start() creates it and loads
   * its users before its first await, so no flush (commands, core outputs,
   * signals) can come earlier; one that did would be a bug, and loud.
   */
  private serverForRewrite(): ClientServer {
    if (this.server === null) throw new Error('config rewrite before the server and its users exist');
    return this.server;
  }

  /** The I/O the output handler performs the core's outputs with. */
  private shellIo(): ShellIo {
    return {
      links: this.links,
      config: this.configWriter,
      events: {
        event: (level, channel, payload) => {
          this.counters.onEvent(channel, payload, wallClock());
          this.logger.event(level, channel, payload);
          if (level !== 'debug') this.server?.publish(channel, payload);
        },
        log: (level, msg) => this.logger.log(level, msg),
      },
      scripts: this.scripts,
      resolver: { resolve: (host) => void this.resolveHost(host) },
      exit: (code) => process.exit(code),
    };
  }

  private input(i: Parameters<ShellNode['input']>[0]): void {
    this.shell.input(i);
  }

  /** The core as the commands and the ops endpoint read it. */
  get core(): CoreView {
    return this.view;
  }

  // ---- SentinelHost ---------------------------------------------------------

  now(): number {
    return wallClock();
  }

  command(argv: readonly string[], facts: CommandFacts): CommandOutcome {
    const outcome = this.shell.input({ type: 'command', now: wallClock(), args: argv, facts });
    this.followLoglevel();
    return outcome;
  }

  /**
   * SENTINEL CONFIG SET loglevel changes the core's value: the logger filters
   * with it from then on, and the rewrite writes it as the `loglevel` line.
   */
  private followLoglevel(): void {
    const level = this.view.loglevel;
    if (level === this.cfg.generic.loglevel) return;
    this.logger.setLevel(level);
    setLoglevel(this.cfg.generic, level);
  }

  announceMonitor(master: string): void {
    this.shell.input({ type: 'announce-monitor', now: wallClock(), master });
  }

  publishedHello(payload: string): void {
    this.shell.input({ type: 'published-hello', now: wallClock(), payload });
  }

  flushConfigNow(): boolean {
    return this.configWriter.flushNow();
  }

  durableWrite(): Promise<boolean> | null {
    return this.configWriter.durableWrite();
  }

  durableUnsaved(): boolean {
    return this.configWriter.durableUnsaved();
  }

  log(level: LogLevel, msg: string): void {
    this.logger.log(level, msg);
  }

  async resolveHost(host: string): Promise<string | null> {
    let ip: string | null;
    try {
      // node:dns/promises is required at the first host name to resolve, not at start.
      ip = (await (require('node:dns/promises') as typeof dnsPromises).lookup(host)).address;
    } catch {
      ip = null;
    }
    this.input({ type: 'dns-answer', now: wallClock(), host, ip });
    return ip;
  }

  serverStats(): { stats: ClientServer['stats']; clients: number } | null {
    return this.server === null ? null : { stats: this.server.stats, clients: this.server.clientCount };
  }

  pendingScripts(): { running: number; queued: number } {
    return this.scripts.counts();
  }

  scriptJobs(): ReturnType<SentinelHost['scriptJobs']> {
    return this.scripts.jobs;
  }

  // ---- lifecycle --------------------------------------------------------------

  /** `checkOnly` (--test-config): every start-up check, then return before listening or writing. */
  async start(o: { checkOnly?: boolean } = {}): Promise<void> {
    const g = this.cfg.generic;
    const tlsCtx = this.tls;
    if (tlsCtx !== null && 'errors' in tlsCtx) {
      for (const e of tlsCtx.errors) this.logger.log('warning', e);
      this.logger.log('warning', 'Failed to configure TLS. Check logs for more info.');
      process.exit(1);
    }
    const tlsListen = tlsCtx !== null && g.tls.port !== 0 ? { port: g.tls.port, options: tlsCtx.server, authClients: tlsCtx.authClients } : undefined;
    this.server = new ClientServer({
      port: g.port,
      bind: g.bind,
      requirepass: g.requirepass,
      users: g.users,
      aclfile: g.aclfile,
      aclPubsubDefault: g.aclPubsubDefault,
      acllogMaxLen: g.acllogMaxLen,
      protectedMode: g.protectedMode,
      renamedCommands: g.renameCommands,
      compatRelease: g.compatRelease,
      log: (level, msg) => this.logger.log(level, msg),
      configFile: this.cfg.configPath,
      sentinelInfo: () => sentinelInfoText(this),
      hz: () => this.hz,
      onShutdown: () => void this.shutdown('user'),
      tcp: g.port !== 0,
      tls: tlsListen,
      unixsocket: g.unixsocket ? { path: g.unixsocket, perm: g.unixsocketperm } : undefined,
      supervised: this.supervisor?.mode,
    });
    this.server.table.register(withDocs(sentinelCommand(this)));
    this.server.table.register(withDocs(roleCommand(this)));
    this.server.table.register(withDocs(publishCommand(this)));
    // Redis exits when a configured user has an invalid rule or the aclfile is bad; the reason is already logged.
    if (!this.server.loadUsers()) process.exit(1);
    // `port 0` disables TCP in Redis; with neither a tls-port nor a unixsocket
    // there is nothing to listen on, and redis-sentinel refuses to start.
    if (g.port === 0 && tlsListen === undefined && !g.unixsocket) {
      this.logger.log('warning', 'Configured to not listen anywhere, exiting.');
      process.exit(1);
    }
    if (o.checkOnly === true) return;
    try {
      await this.server.listen();
    } catch (e) {
      // Redis's lines are logged already; the CLI's generic "Failed listening" would be one too many.
      if (e instanceof ListenFailure) process.exit(1);
      throw e;
    }
    const ops = await startOpsEndpoint(this, g.httpPort, g.httpBind, (level, msg) => this.logger.log(level, msg));
    if (!ops.ok) {
      this.logger.log('warning', ops.error);
      process.exit(1);
    }
    this.opsHttp = ops.server;
    this.logger.log('notice', `Running mode=sentinel, port=${g.port}.`);
    if (this.mustFlushAtStart) this.configWriter.flushNow();
    this.input({ type: 'start', now: wallClock() });
    // redis-sentinel's first serverCron, and so its first sentinelTimer, runs
    // 1 ms after start: the links to the masters connect at once. Here it runs
    // after the loop has polled its sockets twice, which is hardly later (each
    // poll returns at once while an immediate is pending). A client that
    // connected during the start is accepted by the first poll and read by
    // the second, so its request is answered before the links' set-up rather
    // than after it; a 1 ms timer, or one poll, would come before that read.
    setImmediate(() => setImmediate(() => this.tick()));
    setTimeout(() => this.collectStartGarbage(), START_GARBAGE_AFTER_MS).unref();
    // Only now: systemd starts units ordered after us once we say READY=1.
    this.supervisor?.ready();
  }

  /**
   * A start allocates in a burst: the config, then links, INFO replies and
   * hellos of every master at once. Much of that lives just long enough to
   * be promoted to the old generation and then dies there, and an idle
   * sentinel allocates too slowly for V8 to collect it: 200 masters left
   * 2.5 MB of dead objects in old space, spread over pages it kept resident
   * (RSS 2.3-2.6 MB above a process that had compacted, measured 2026-12-04).
   * V8's own memory reducer would compact them, but it only starts when the
   * allocation rate happens to be low at its timer, which at 200 masters it
   * is in some starts and not in others. One compacting collection once the
   * start is over returns those pages every time, for one pause of 12-19 ms
   * at 200 masters (5.6 ms without the compaction, which keeps the pages).
   */
  private collectStartGarbage(): void {
    if (this.stopping) return;
    const r = compactingGc();
    if (r === null) return;
    const kb = (n: number): number => Math.round(n / 1024);
    this.logger.log(
      'debug',
      `Start-up garbage collected: old space ${kb(r.usedBefore)} KB used, ${kb(r.committedBefore)} KB resident -> ${kb(r.usedAfter)} KB used, ${kb(r.committedAfter)} KB resident`,
    );
  }

  private tick(): void {
    if (this.stopping) return;
    const now = wallClock();
    this.input({ type: 'tick', now });
    this.server?.cron(now);
    this.scheduleTick();
  }

  private scheduleTick(): void {
    // Redis re-randomises its timer frequency (10-19 Hz) every tick so that
    // sentinels started together do not stay in lockstep.
    this.hz = CONFIG_DEFAULT_HZ + Math.floor(Math.random() * CONFIG_DEFAULT_HZ);
    let delay = Math.floor(1000 / this.hz);
    // ...and wakes up early when the core has a deadline before then.
    const due = this.view.nextWakeup();
    if (due !== null) delay = Math.max(1, Math.min(delay, due - wallClock()));
    this.timer = setTimeout(() => this.tick(), delay);
  }

  async shutdown(reason: 'user' | 'SIGTERM' | 'SIGINT'): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (reason !== 'user') this.logger.signal(`Received ${reason} scheduling shutdown...`);
    this.logger.log('warning', 'User requested shutdown...');
    this.supervisor?.stopping();
    if (this.timer) clearTimeout(this.timer);
    // Unlike redis-sentinel, a signal also saves the state: an operator
    // stopping the service must never lose an epoch or a vote.
    if (reason !== 'user') this.configWriter.flushNow();
    else this.configWriter.writePending();
    this.scripts.stop();
    this.outputs.stop();
    this.links.closeAll();
    await Promise.all([this.server?.close(), this.opsHttp?.close()]);
    if (this.cfg.generic.pidfile) {
      this.logger.log('notice', 'Removing the pid file.');
      try {
        fs.unlinkSync(toBytes(this.cfg.generic.pidfile));
      } catch {
        /* already gone */
      }
    }
    this.logger.log('warning', 'Sentinel is now ready to exit, bye bye...');
    process.exit(0);
  }
}
