import * as net from 'node:net';
import type * as tls from 'node:tls';
import type RedisParser from 'redis-parser';
import { socketStrerror } from '../config/strerror';
import type { LinkKind, ReplyTag } from '../core/output';
import type { PeerReply } from '../core/peer-reply';
import { encodeCommand } from './encode-command';
import { toPeerReply } from './peer-reply-convert';

/**
 * Outbound connections to instances and peer sentinels. It does what the
 * core asks (connect, send, close) and reports what happens (connected,
 * closed, replies, pub/sub messages); it decides nothing.
 */
export interface LinkEvents {
  connected(id: number, link: LinkKind, localIp: string): void;
  closed(id: number, link: LinkKind, reason: string): void;
  /** the SUBSCRIBE confirmation on a pub/sub link */
  subscribed(id: number): void;
  reply(id: number, tag: ReplyTag, reply: PeerReply): void;
  message(id: number, channel: string, payload: string): void;
}

interface Conn {
  socket: net.Socket;
  parser: RedisParser;
  tags: ReplyTag[];
  dead: boolean;
  /**
   * Commands sent while a plain-TCP link is still connecting, written with
   * one write once it connects. The core sends a new link's first commands
   * at once, as Redis does; left to the socket, each would wait in the
   * stream's buffer and go out through its writev, some 10 ms of a start
   * with 200 masters (node --cpu-prof).
   */
  early: string;
}

/**
 * Where every parser puts what it parses. A chunk is parsed in one
 * synchronous execute() and its replies are taken out right after, before
 * any other socket can be read, so all links share these, and each parser
 * gets the same three callbacks instead of three closures of its own (at a
 * few hundred links, closures and their contexts are a measurable part of
 * the memory per monitored master).
 */
const parsed: unknown[] = [];
let fatal: Error | null = null;
const PARSER_CALLBACKS = {
  returnReply: (r: unknown): void => {
    parsed.push(r);
  },
  returnError: (e: Error): void => {
    parsed.push(e);
  },
  returnFatalError: (e: Error): void => {
    fatal ??= e;
  },
};

let parserClass: typeof RedisParser | null = null;

/**
 * redis-parser is loaded at the first link, not with the program: it brings
 * node:assert (through redis-errors), which a start does not otherwise need
 * before it answers its first client.
 */
function Parser(): typeof RedisParser {
  parserClass ??= require('redis-parser') as typeof RedisParser;
  return parserClass;
}

/** where every plain-TCP link reads (see connect); a read is consumed before the next one starts */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

export class LinkManager {
  /** by link kind, then instance id: no key string built for every command sent */
  private readonly conns: Record<LinkKind, Map<number, Conn>> = { cmd: new Map(), pubsub: new Map() };

  constructor(
    private readonly events: LinkEvents,
    /** `tls`: certificates and CA for tls-replication, which puts every outgoing link on TLS */
    private readonly opts: { sourceAddress?: string; tls?: tls.ConnectionOptions } = {},
  ) {}

  connect(id: number, link: LinkKind, host: string, port: number): void {
    this.close(id, link);
    const t = this.opts.tls;
    const where: net.TcpNetConnectOpts = { host, port, localAddress: this.opts.sourceAddress };
    let socket: net.Socket;
    if (t) {
      // tls.connect takes net.connect's options too; its typings just do not list them.
      const tlsWhere: tls.ConnectionOptions & net.TcpNetConnectOpts = { ...t, ...where };
      // node:tls is required only for TLS links: it costs start-up time and memory.
      socket = (require('node:tls') as typeof tls).connect(tlsWhere);
      socket.on('data', (d: Buffer) => this.onChunk(id, link, conn, d));
    } else {
      // Plain TCP reads into one shared buffer, handed straight to us: no
      // stream machinery and no buffer allocated by Node per read (most of
      // an idle sentinel's work is reading PONGs and hellos). The chunk is
      // copied out, since the parser keeps an incomplete reply's bytes.
      where.onread = {
        buffer: READ_BUFFER,
        callback: (n: number, b: Uint8Array): boolean => {
          this.onChunk(id, link, conn, Buffer.from(b.subarray(0, n)));
          return true;
        },
      };
      socket = net.connect(where);
    }
    // Over TLS the link is usable (and the core may send) only after the handshake.
    const ready = t ? 'secureConnect' : 'connect';
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 15000);
    const conn: Conn = {
      socket,
      tags: [],
      dead: false,
      early: '',
      // Bulks as Buffers, turned into byte strings: names and payloads in
      // hellos must keep every byte.
      parser: new (Parser())({ returnBuffers: true, ...PARSER_CALLBACKS }),
    };
    this.conns[link].set(id, conn);
    socket.once(ready, () => {
      if (conn.dead) return;
      if (conn.early !== '') {
        socket.write(conn.early, 'latin1');
        conn.early = '';
      }
      this.events.connected(id, link, socket.localAddress ?? '127.0.0.1');
    });
    socket.on('error', (e: Error) => this.fail(id, link, conn, socketStrerror(e)));
    socket.on('close', () => this.fail(id, link, conn, 'Connection closed'));
  }

  send(id: number, link: LinkKind, cmd: string[], tag: ReplyTag): void {
    const conn = this.conns[link].get(id);
    if (!conn || conn.dead) return;
    conn.tags.push(tag);
    // A TLS socket keeps what is written before its handshake in a stream of its own: left as it was.
    if (conn.socket.connecting && !this.opts.tls) conn.early += encodeCommand(cmd);
    else conn.socket.write(encodeCommand(cmd), 'latin1');
  }

  close(id: number, link: LinkKind): void {
    const conn = this.conns[link].get(id);
    if (!conn) return;
    conn.dead = true;
    this.conns[link].delete(id);
    conn.socket.destroy();
  }

  closeAll(): void {
    for (const byId of Object.values(this.conns)) {
      for (const conn of byId.values()) {
        conn.dead = true;
        conn.socket.destroy();
      }
      byId.clear();
    }
  }

  private onChunk(id: number, link: LinkKind, conn: Conn, d: Buffer): void {
    if (conn.dead) return;
    let thrown: unknown = null;
    try {
      conn.parser.execute(d);
    } catch (e) {
      thrown = e;
    }
    // Emptied before anything is delivered: what the core does with a reply
    // must find them clean, whatever it does.
    const err = thrown !== null ? (thrown as Error) : fatal;
    fatal = null;
    // Most chunks hold one reply (a PONG, a hello): no array is made for it.
    const one = parsed.length === 1 ? parsed[0] : undefined;
    const replies = parsed.length > 1 ? parsed.splice(0) : null;
    parsed.length = 0;
    if (err !== null) {
      // The replies before the bad bytes die with the link, as they always did.
      this.fail(id, link, conn, `Protocol error: ${err.message}`);
      return;
    }
    // Outside the try: only what the peer sent is a protocol error; an
    // exception from the core must reach the shell's step and end the
    // process (shell/fatal.ts), not drop the link and carry on.
    if (replies !== null) {
      for (const r of replies) this.onReply(id, link, conn, r);
    } else if (one !== undefined) this.onReply(id, link, conn, one);
  }

  private onReply(id: number, link: LinkKind, conn: Conn, buffers: unknown): void {
    if (conn.dead) return;
    const raw = toPeerReply(buffers);
    if (link === 'pubsub' && Array.isArray(raw) && raw.length >= 3 && (raw[0] === 'message' || raw[0] === 'subscribe')) {
      // Pushes are not replies to a particular request, except the SUBSCRIBE
      // confirmation which is both.
      if (raw[0] === 'subscribe') {
        conn.tags.shift();
        this.events.subscribed(id);
      } else this.events.message(id, String(raw[1]), String(raw[2]));
      return;
    }
    const tag = conn.tags.shift() ?? 'ignore';
    this.events.reply(id, tag, raw);
  }

  private fail(id: number, link: LinkKind, conn: Conn, reason: string): void {
    if (conn.dead) return;
    conn.dead = true;
    if (this.conns[link].get(id) === conn) this.conns[link].delete(id);
    conn.socket.destroy();
    this.events.closed(id, link, reason);
  }
}
