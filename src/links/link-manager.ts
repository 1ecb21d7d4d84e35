import * as net from 'node:net';
import type * as tls from 'node:tls';
import { socketStrerror } from '../config/strerror';
import type { LinkKind, ReplyTag } from '../core/output';
import type { PeerReply } from '../core/peer-reply';
import { ReplyReader } from '../protocol/reply-reader';
import { encodeCommand } from './encode-command';

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
  reader: ReplyReader;
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
 * Where every reader puts the replies of a read. A read is parsed and its
 * replies taken out right after, before any other socket can be read, so
 * all links share it.
 */
const parsed: PeerReply[] = [];

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
      socket.on('data', (d: Buffer) => this.onChunk(id, link, conn, d, d.length));
    } else {
      // Plain TCP reads into one shared buffer, handed straight to us: no
      // stream machinery and no buffer allocated by Node per read (most of
      // an idle sentinel's work is reading PONGs and hellos). The reader
      // parses it in place and copies only a reply cut by the read's end.
      where.onread = {
        buffer: READ_BUFFER,
        callback: (n: number): boolean => {
          this.onChunk(id, link, conn, READ_BUFFER, n);
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
      reader: new ReplyReader(),
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

  private onChunk(id: number, link: LinkKind, conn: Conn, d: Buffer, n: number): void {
    if (conn.dead) return;
    const err = conn.reader.read(d, n, parsed);
    // Most reads hold one reply (a PONG, a hello): no array is made for it.
    // The shared list is emptied before anything is delivered: what the core
    // does with a reply must find it clean, whatever it does.
    const one = parsed.length === 1 ? parsed[0] : undefined;
    const replies = parsed.length > 1 ? parsed.splice(0) : null;
    parsed.length = 0;
    if (err !== null) {
      // The replies before the bad bytes die with the link, as they always did.
      this.fail(id, link, conn, `Protocol error: ${err}`);
      return;
    }
    if (replies !== null) {
      for (const r of replies) this.onReply(id, link, conn, r);
    } else if (one !== undefined) this.onReply(id, link, conn, one);
  }

  private onReply(id: number, link: LinkKind, conn: Conn, raw: PeerReply): void {
    if (conn.dead) return;
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
