import type * as net from 'node:net';
import type { Reply } from '../protocol/reply';
import { error } from '../protocol/reply';
import { encodeReplyText, writeRenderedBulk } from '../protocol/reply-encoder';
import { ByteWriter } from '../protocol/byte-writer';
import { RequestDecoder } from '../protocol/request-decoder';
import type { SharedReply } from '../protocol/shared-reply';
import type { ClientContext } from './command';
import { checkCommand } from './dispatch';
import type { Subscriber } from './pubsub';
import type { SessionHost } from './server-host';
import { clientInfoLine } from './client-info';
import { noteClientInput } from './input-gc';
import { type DeferredFlush, queueFlush } from './flush-queue';
import { borrowReads, READ_MEMORY } from './borrowed-reads';
import { queuedInHandle, writeBytesToHandle, writeToHandle } from './handle-write';
import { holdWallClock, releaseWallClock } from '../clock';

/** Redis's client-query-buffer-limit default. */
const QUERY_BUFFER_LIMIT = 1024 * 1024 * 1024;
/** Hard part of Redis's default `client-output-buffer-limit pubsub 32mb 8mb 60`. */
const PUBSUB_OUTPUT_LIMIT = 32 * 1024 * 1024;
/**
 * Output from one read that is written at once rather than at the end of the
 * loop turn. Held for the turn, every client's output is live at the next
 * scavenge of a young generation kept at 1 MB (see the launcher): 16 INFO
 * replies held by each of 50 clients doubled INFO's CPU (bench/client-port).
 * Small replies gain from waiting; big ones gain nothing and cost that.
 */
const FLUSH_AT_ONCE = 16 * 1024;

/**
 * Output that is written from the shared writer (below) at the end of the
 * pump rather than waiting as a string for the end of the turn. Taken as a
 * string, each unpipelined INFO (~4 KB) was a copy into the young
 * generation: with 50 clients a scavenge every ~230 requests, each one
 * holding up every client's reply (bench/client-port). Replies that are
 * strings join the writer once their join would reach this size (see
 * append). From the writer nothing is copied into the V8 heap, and output
 * of this size gains nothing from waiting for the turn's other replies.
 */
const WRITE_FROM_WRITER_AT = 1024;

/**
 * Where a reply rendered as bytes (INFO) is written, with what the same
 * client is answered before and after it in the same read. One writer
 * serves every client, so it is held by one session at a time and only
 * inside its pump: at the pump's end it is written out, or, below
 * WRITE_FROM_WRITER_AT, taken as a byte string that waits for the end of the loop
 * turn like any other reply (see flush-queue.ts).
 */
const output = new ByteWriter();
let outputOwner: Session | null = null;

export interface SessionOptions {
  id: number;
  /** false when the default user has a password or is off: the client must AUTH first */
  authenticated: boolean;
  /** the configured unixsocket path when the client came in over it */
  unixPath?: string;
}

/** "ip:port", IPv6 bracketed, IPv4-mapped IPv6 shown as plain IPv4. */
export function formatAddr(ip: string | undefined, port: number | undefined): string {
  let a = ip ?? '?';
  if (a.startsWith('::ffff:') && a.includes('.')) a = a.slice(7);
  return a.includes(':') ? `[${a}]:${port ?? 0}` : `${a}:${port ?? 0}`;
}

/**
 * One client connection: bytes in → requests → checks → command → reply
 * bytes out. Requests are executed strictly one after the other, even when a
 * command answers with a Promise, so replies always leave in request order and
 * each request is parsed with the state (auth, protocol) its predecessors left.
 * Replies produced while handling the reads of one loop turn are written
 * with a single write, after all of them (see flush-queue.ts).
 */
export class Session implements ClientContext, Subscriber, DeferredFlush {
  readonly id: number;
  proto: 2 | 3 = 2;
  name = '';
  readonly addr: string;
  readonly laddr: string;
  readonly unixSocket: boolean;
  authenticated: boolean;
  user = 'default';
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly createdAt = Date.now();
  lastInteraction = Date.now();
  /** full name of the last command run ("NULL" before the first, as Redis prints it) */
  lastCommand = 'NULL';
  /** CLIENT SETINFO LIB-NAME / LIB-VER */
  libName = '';
  libVer = '';
  netIn = 0;
  netOut = 0;
  /** CLIENT TRACKING state, only reported back */
  tracking = false;
  trackingOpt: 'none' | 'optin' | 'optout' = 'none';

  private replyOff = false;
  private skipNext = false;
  private skipCurrent = false;
  private closeAfter = false;

  private readonly decoder: RequestDecoder;
  /** replies not yet handed to the socket, as a byte string (see encodeReplyText) */
  private out = '';
  private busy = false;
  private backpressured = false;
  private inPump = false;
  private flushScheduled = false;
  /** waiting in the flush queue (see flush-queue.ts) */
  private flushQueued = false;
  private closing = false;
  private closed = false;
  private closedByPeer = true;
  private cleanedUp = false;
  private silentClose = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly host: SessionHost,
    opts: SessionOptions,
  ) {
    this.id = opts.id;
    this.authenticated = opts.authenticated;
    // A unix client has no address of its own: Redis prints the socket's path with port 0 on both sides.
    this.unixSocket = opts.unixPath !== undefined;
    this.addr = opts.unixPath !== undefined ? `${opts.unixPath}:0` : formatAddr(socket.remoteAddress, socket.remotePort);
    this.laddr = opts.unixPath !== undefined ? `${opts.unixPath}:0` : formatAddr(socket.localAddress, socket.localPort);
    this.decoder = new RequestDecoder({ authRequired: () => this.host.acl.authRequired(this.authenticated) });
    if (!this.unixSocket) socket.setNoDelay(true);
    if (!borrowReads(socket, (buffer, n) => this.onBorrowedData(buffer, n))) socket.on('data', (chunk: Buffer) => this.onData(chunk, chunk.length));
    socket.on('drain', () => {
      this.backpressured = false;
      this.updateReading();
    });
    socket.on('error', (err: Error) => {
      this.host.log('verbose', `Error reading from client: ${err.message}`);
    });
    socket.on('close', () => this.onClose());
  }

  // ---- ClientContext ----------------------------------------------------------

  subscriptionCount(): number {
    return this.channels.size + this.patterns.size;
  }

  write(reply: Reply): void {
    this.emit(reply);
    if (!this.inPump) this.scheduleFlush();
  }

  closeAfterReply(): void {
    this.closeAfter = true;
  }

  // ---- Subscriber ---------------------------------------------------------------

  deliver(message: SharedReply): void {
    if (this.closed || this.closing) return;
    this.emitText(message.text(this.proto), message.reply.t === 'error');
    // Written with the replies at the end of the loop turn, as Redis writes
    // its clients before it sleeps: one write per subscriber however many
    // events the turn published, and all subscribers written in one loop
    // rather than each from a closure and a microtask of its own. A pump
    // under way queues its output itself.
    if (!this.inPump && !this.flushQueued && this.out.length > 0) {
      this.flushQueued = true;
      queueFlush(this);
    }
    // A subscriber that does not read must not make the daemon hold its
    // messages forever: Redis disconnects it past the pub/sub output limit.
    if (this.outputLength() + this.pendingBytes() > PUBSUB_OUTPUT_LIMIT) {
      this.host.log('warning', `Client ${this.infoLine()} scheduled to be closed ASAP for overcoming of output buffer limits.`);
      this.kill();
    }
  }

  // ---- state used by the generic commands ------------------------------------------

  /** CLIENT REPLY ON|OFF|SKIP */
  setReplyMode(mode: 'on' | 'off' | 'skip'): void {
    if (mode === 'on') {
      this.replyOff = false;
      this.skipNext = false;
      this.skipCurrent = false;
    } else if (mode === 'off') {
      this.replyOff = true;
    } else if (!this.replyOff) {
      this.skipNext = true;
    }
  }

  get isClosing(): boolean {
    return this.closing || this.closeAfter || this.closed;
  }

  /** bytes received but not yet parsed (CLIENT LIST qbuf) */
  queryBufferLength(): number {
    return this.decoder.buffered;
  }

  /** replies produced while handling the current input, not yet handed to the socket (CLIENT LIST obl) */
  pendingOutput(): number {
    return this.pendingBytes();
  }

  /** bytes handed to the socket but not yet accepted by the peer (CLIENT LIST omem) */
  outputLength(): number {
    return this.socket.writableLength + queuedInHandle(this.socket);
  }

  fd(): number {
    const handle: unknown = Reflect.get(this.socket, '_handle');
    const fd: unknown = handle && typeof handle === 'object' ? Reflect.get(handle, 'fd') : undefined;
    return typeof fd === 'number' ? fd : -1;
  }

  infoLine(): string {
    return clientInfoLine(this, Date.now(), this.host.compatRelease);
  }

  /** Closes at once, dropping unsent replies (CLIENT KILL of another client). */
  kill(): void {
    if (this.closed) return;
    this.closedByPeer = false;
    this.closed = true;
    this.dropOutput();
    this.socket.destroy();
    this.cleanup();
  }

  /** Sends what is pending, then closes (server shutdown). */
  close(): void {
    if (this.closed) return;
    this.closedByPeer = false;
    this.flush();
    this.closed = true;
    this.socket.end(() => this.socket.destroy());
  }

  // ---- input -------------------------------------------------------------------

  /** A read: `chunk[0, length)`. */
  private onData(chunk: Buffer, length: number): void {
    if (this.closed) return;
    const stats = this.host.stats;
    stats.netInputBytes += length;
    this.netIn += length;
    noteClientInput(length);
    stats.readsProcessed++;
    const now = Date.now();
    this.lastInteraction = now;
    if (this.closing) return;
    this.decoder.feed(chunk, length);
    if (this.decoder.buffered > QUERY_BUFFER_LIMIT) {
      this.host.log('warning', `Closing client that reached max query buffer length: ${this.infoLine()}`);
      this.kill();
      return;
    }
    // The read's commands run at the instant it arrived: one clock read for both.
    this.pump(now);
  }

  /** A read in the shared read buffer: what the requests leave of it is copied before the next read. */
  private onBorrowedData(buffer: Buffer, n: number): void {
    this.onData(buffer, n);
    if (!this.closed) this.decoder.keepOutOf(READ_MEMORY);
  }

  /** `now`: the reading of the read that brought the requests; a pump resumed later reads the clock again. */
  private pump(now?: number): void {
    if (this.busy || this.closed) return;
    this.inPump = true;
    const holding = holdWallClock(now);
    try {
      while (!this.busy && !this.closing && !this.closed) {
        const r = this.decoder.next();
        if (r === null) break;
        if (r.kind === 'drop') {
          this.host.securityWarning();
          this.kill();
          return;
        }
        if (r.kind === 'error') {
          this.emit(error(r.reply));
          this.host.log(
            'verbose',
            `Protocol error (${r.reason}) from client: ${this.infoLine()}. Query buffer during protocol error: ${this.decoder.describeBuffer()}`,
          );
          this.startClosing();
          break;
        }
        this.execute(r.argv);
      }
    } finally {
      releaseWallClock(holding);
      this.inPump = false;
      if (outputOwner === this) this.releaseOutput();
    }
    if (this.closing) {
      this.flush();
      if (!this.busy) this.finishClosing();
    } else if (this.out.length >= FLUSH_AT_ONCE) {
      // Big output is written per read, so a client that does not read
      // its replies stops our reading before the next read, not a loop turn later.
      this.flush();
    } else if (!this.flushQueued && this.out.length > 0) {
      this.flushQueued = true;
      queueFlush(this);
    }
  }

  flushDeferred(): void {
    this.flushQueued = false;
    this.flush();
  }

  private execute(argv: string[]): void {
    const checked = checkCommand(this.host.table, this.host.access, this, argv);
    if (!checked.ok) {
      // Redis records the command as soon as it is looked up, so CLIENT LIST
      // and the ACL log show a refused command too.
      if (checked.fullName !== undefined) this.lastCommand = checked.fullName;
      if (checked.denied) {
        this.host.acl.log.add({
          reason: checked.denied.reason,
          context: 'toplevel',
          object: checked.denied.object,
          username: this.user,
          ctime: Date.now(),
          clientInfo: this.infoLine(),
        });
      }
      this.emit(checked.reply);
      this.afterCommand();
      return;
    }
    this.lastCommand = checked.fullName;
    this.host.stats.commandsProcessed++;
    const { spec, fullName } = checked;
    let result: Reply | Promise<Reply>;
    try {
      result = spec.run ? spec.run(this, argv) : error(`ERR command '${fullName}' has no implementation`);
    } catch (e) {
      result = this.internalError(fullName, e);
    }
    if (!(result instanceof Promise)) {
      this.emit(result);
      this.afterCommand();
      return;
    }
    this.busy = true;
    this.updateReading();
    result
      .catch((e: unknown) => this.internalError(fullName, e))
      .then((reply) => {
        this.busy = false;
        if (this.closed) return;
        this.emit(reply);
        this.afterCommand();
        this.updateReading();
        this.pump();
      })
      .catch((e: unknown) => this.host.log('warning', `Unexpected error after '${fullName}': ${String(e)}`));
  }

  private internalError(fullName: string, e: unknown): Reply {
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    this.host.log('warning', `Error executing '${fullName}' for client id=${this.id}: ${detail}`);
    return error(`ERR internal error while executing '${fullName}'`);
  }

  /** CLIENT REPLY SKIP silences exactly the command that follows it, whatever it is. */
  private afterCommand(): void {
    this.skipCurrent = this.skipNext;
    this.skipNext = false;
    if (this.closeAfter && !this.closing) this.startClosing();
  }

  /**
   * Redis closes a client flagged "close after reply" from its write path, so
   * a client with nothing to write (CLIENT REPLY OFF) is never closed: it just
   * stops being served. Reproduced rather than "fixed".
   */
  private startClosing(): void {
    this.closing = true;
    this.silentClose = this.pendingBytes() === 0 && this.outputLength() === 0;
  }

  // ---- output ------------------------------------------------------------------

  private emit(reply: Reply): void {
    if (reply.t === 'error') this.host.stats.errorReplies++;
    if (reply.t === 'none' || this.closed) return;
    if (this.replyOff || this.skipCurrent) return;
    if (reply.t === 'renderedBulk' && this.takeOutput()) writeRenderedBulk(reply, output);
    else this.append(encodeReplyText(reply, this.proto));
  }

  /** emit() for a reply encoded already (one text shared by many clients). */
  private emitText(text: string, isError: boolean): void {
    if (isError) this.host.stats.errorReplies++;
    if (text === '' || this.closed) return;
    if (this.replyOff || this.skipCurrent) return;
    this.append(text);
  }

  private append(text: string): void {
    // A join of pipelined replies that reaches WRITE_FROM_WRITER_AT goes into
    // the writer instead: joined as strings, they were flattened into one new
    // string in the young generation at the write (SENTINEL MASTERS -P 16:
    // ~1 KB of garbage per request). A reply alone is written as it is.
    if (outputOwner === this) output.text(text);
    else if (this.out.length > 0 && this.out.length + text.length >= WRITE_FROM_WRITER_AT && this.takeOutput()) output.text(text);
    else this.out += text;
  }

  /** Takes the shared writer for the rest of this pump, with what was pending; false when it cannot be had now. */
  private takeOutput(): boolean {
    if (outputOwner === this) return true;
    if (!this.inPump || outputOwner !== null) return false;
    outputOwner = this;
    output.reset();
    if (this.out.length > 0) {
      output.text(this.out);
      this.out = '';
    }
    return true;
  }

  /** At the end of the pump that took the writer. */
  private releaseOutput(): void {
    outputOwner = null;
    if (this.closed) {
      output.reset();
      return;
    }
    if (output.length < WRITE_FROM_WRITER_AT) {
      this.out = output.latin1();
      output.reset();
      return;
    }
    const data = output.view();
    this.countWrite(data.length);
    const sent = writeBytesToHandle(this.socket, data);
    // libuv goes on reading that memory until the peer has taken it all.
    if (sent === 'queued') output.detach();
    else if (sent === null) this.writeThroughStream(Buffer.from(data));
    output.reset();
  }

  private dropOutput(): void {
    this.out = '';
    if (outputOwner !== this) return;
    outputOwner = null;
    output.reset();
  }

  private pendingBytes(): number {
    return this.out.length + (outputOwner === this ? output.length : 0);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
      if (this.closing && !this.busy) this.finishClosing();
    });
  }

  private flush(): void {
    if (this.out.length === 0 || this.closed) return;
    const data = this.out;
    this.out = '';
    this.countWrite(data.length);
    // A string goes to the socket without a Buffer made for it: Node copies
    // a small one straight into the write, so a reply costs no allocation.
    if (!writeToHandle(this.socket, data)) this.writeThroughStream(data);
  }

  private countWrite(bytes: number): void {
    this.host.stats.netOutputBytes += bytes;
    this.netOut += bytes;
    this.host.stats.writesProcessed++;
  }

  private writeThroughStream(data: string | Buffer): void {
    const taken = typeof data === 'string' ? this.socket.write(data, 'latin1') : this.socket.write(data);
    if (!taken) {
      // Stop reading from a client that does not read its replies, so that
      // pipelining without reading cannot grow our memory without bound.
      this.backpressured = true;
      this.updateReading();
    }
  }

  private updateReading(): void {
    if (this.closed) return;
    if (this.busy || this.backpressured) this.socket.pause();
    else this.socket.resume();
  }

  private finishClosing(): void {
    if (this.closed || this.silentClose) return;
    this.closedByPeer = false;
    this.closed = true;
    this.socket.end(() => this.socket.destroy());
  }

  private onClose(): void {
    this.closed = true;
    this.dropOutput();
    if (this.closedByPeer) this.host.log('verbose', `Client closed connection ${this.infoLine()}`);
    this.cleanup();
  }

  /** Forget the client at once, so it is neither listed nor sent messages any more. */
  private cleanup(): void {
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    this.decoder.dispose();
    this.host.pubsub.removeAll(this);
    this.host.sessionClosed(this);
  }
}
