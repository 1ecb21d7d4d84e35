import type * as net from 'node:net';
import { getSystemErrorName } from 'node:util';

/**
 * Output written straight to a plain socket's libuv handle, as net.Socket's
 * own write does in the end, without the Writable around it (its state
 * updates, a write request object and a nextTick per write). Sending one
 * event to 1,000 subscribers spent a quarter of the burst outside write(2),
 * most of it there (perf of the daemon under +set events), and a fifth less
 * CPU in user space with this.
 *
 * Used only when neither the stream nor an earlier such write holds anything
 * (the stream counts its writes until libuv is done with them): libuv then
 * tries the write at once, and what the kernel does not take it queues,
 * after which the stream's own writes queue behind it, so bytes leave in
 * order either way. Such a queued write is counted by queuedInHandle() until
 * it is done, whole, as the stream counts its own in socket.writableLength.
 * TLS sockets, and any socket when this Node lacks the internals used here,
 * keep writing through the stream.
 */

interface StreamBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
}

/** Node's write request: the handle calls `oncomplete` when a queued write is done. */
interface WriteReq {
  oncomplete?: (this: WriteReq, status: number) => void;
  socket?: net.Socket;
  /** the memory of a queued Buffer write, kept alive until libuv is done with it */
  buffer?: Buffer;
}

/** Bytes of the write each socket has queued in its handle, until it is done. */
const queued = new WeakMap<net.Socket, number>();

interface StreamHandle {
  writeLatin1String(req: WriteReq, data: string): number;
  writeBuffer(req: WriteReq, data: Buffer): number;
}

function loadBinding(): StreamBinding | null {
  try {
    // process.binding is deprecated for new uses but kept by Node 20 for this module.
    const get: unknown = Reflect.get(process, 'binding');
    if (typeof get !== 'function') return null;
    const b: unknown = Reflect.apply(get, process, ['stream_wrap']);
    if (b === null || typeof b !== 'object') return null;
    const WriteWrap: unknown = Reflect.get(b, 'WriteWrap');
    const state: unknown = Reflect.get(b, 'streamBaseState');
    const asyncIndex: unknown = Reflect.get(b, 'kLastWriteWasAsync');
    if (typeof WriteWrap !== 'function' || !(state instanceof Int32Array) || typeof asyncIndex !== 'number') return null;
    return { WriteWrap: WriteWrap as new () => WriteReq, streamBaseState: state, kLastWriteWasAsync: asyncIndex };
  } catch {
    return null;
  }
}

const binding = loadBinding();

/** Reused while writes complete at once; replaced once the handle keeps it for a queued write. */
let req: WriteReq | null = null;

function onQueuedWriteDone(this: WriteReq, status: number): void {
  const socket = this.socket;
  this.socket = undefined;
  this.buffer = undefined;
  if (socket !== undefined) queued.delete(socket);
  if (status < 0 && socket !== undefined && !socket.destroyed) socket.destroy(writeError(status));
}

/** The error net.Socket itself would report for a failed write. */
function writeError(status: number): Error {
  const code = getSystemErrorName(status);
  return Object.assign(new Error(`write ${code}`), { errno: status, code, syscall: 'write' });
}

/** What net.Socket keeps and its typings leave out. */
interface SocketInternals {
  readonly encrypted?: boolean;
  readonly _handle?: Partial<StreamHandle> | null;
}

// Plain property reads, not Reflect.get: the optimiser turns these into
// cached loads, while Reflect.get stays a generic lookup, three per write.
function handleOf(socket: net.Socket): StreamHandle | null {
  const s = socket as unknown as SocketInternals;
  if (s.encrypted === true) return null;
  const h = s._handle;
  if (h === null || h === undefined || typeof h.writeLatin1String !== 'function' || typeof h.writeBuffer !== 'function') return null;
  return h as StreamHandle;
}

/** The handle to write `socket` through now, or null when the caller must use socket.write. */
function writableHandle(socket: net.Socket): StreamHandle | null {
  if (binding === null || socket.writableLength !== 0 || socket.connecting || !socket.writable || queued.has(socket)) return null;
  return handleOf(socket);
}

/**
 * After a write call: an error is the socket's; a write libuv queued is
 * counted until it is done. True when it was queued.
 */
function settle(socket: net.Socket, r: WriteReq, err: number, length: number, memory?: Buffer): boolean {
  if (err !== 0) {
    socket.destroy(writeError(err));
    return false;
  }
  if (binding === null || binding.streamBaseState[binding.kLastWriteWasAsync] === 0) return false;
  r.socket = socket;
  r.buffer = memory;
  queued.set(socket, length);
  req = null;
  return true;
}

/** Only called once writableHandle() has found the binding. */
function request(b: StreamBinding): WriteReq {
  return (req ??= Object.assign(new b.WriteWrap(), { oncomplete: onQueuedWriteDone }));
}

/**
 * Writes `data` (a byte string) to `socket`'s handle; false, with nothing
 * done, when the caller must use socket.write instead.
 */
export function writeToHandle(socket: net.Socket, data: string): boolean {
  const h = writableHandle(socket);
  if (h === null || binding === null) return false;
  const r = request(binding);
  settle(socket, r, h.writeLatin1String(r, data), data.length);
  return true;
}

/**
 * Writes `data` to `socket`'s handle: null, with nothing done, when the
 * caller must use socket.write instead; 'queued' when the kernel did not
 * take it all, and libuv keeps using its memory (kept alive here) until it
 * has: the caller must not write into that memory again.
 */
export function writeBytesToHandle(socket: net.Socket, data: Buffer): 'done' | 'queued' | null {
  const h = writableHandle(socket);
  if (h === null || binding === null) return null;
  const r = request(binding);
  return settle(socket, r, h.writeBuffer(r, data), data.length, data) ? 'queued' : 'done';
}

/** Bytes of a write made with writeToHandle that is not done yet (0 when none). */
export function queuedInHandle(socket: net.Socket): number {
  return queued.get(socket) ?? 0;
}
