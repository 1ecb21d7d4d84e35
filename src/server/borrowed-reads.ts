import * as net from 'node:net';

/**
 * Where every plain client socket reads. A read is handed over, parsed and
 * whatever is left copied out (see Session) before the next read starts.
 */
const READ_BUFFER = Buffer.allocUnsafeSlow(64 * 1024);

/** The memory callers must not keep a view of past the read. */
export const READ_MEMORY: ArrayBufferLike = READ_BUFFER.buffer;

interface OnreadKeys {
  buffer: symbol;
  callback: symbol;
}

let keys: OnreadKeys | null | undefined;

/**
 * Node gives `onread` (reads into the caller's buffer, no stream machinery,
 * no 64 KB buffer allocated per read) only to sockets it connects, not to
 * those a server accepts. An accepted socket is given the same state a
 * connected one gets: the two fields are found by their names on a socket
 * made with `onread`. When they are not there (another Node), reading stays
 * the stream's.
 */
function onreadKeys(): OnreadKeys | null {
  if (keys === undefined) {
    // The constructor reads `onread` (connect's option) too; its typings do not list it.
    const opts: net.SocketConstructorOpts & { onread: net.OnReadOpts } = { onread: { buffer: READ_BUFFER, callback: () => true } };
    const probe = new net.Socket(opts);
    const own = Object.getOwnPropertySymbols(probe);
    const buffer = own.find((s) => s.description === 'kBuffer' && Reflect.get(probe, s) === READ_BUFFER);
    const callback = own.find((s) => s.description === 'kBufferCb' && typeof Reflect.get(probe, s) === 'function');
    keys = buffer !== undefined && callback !== undefined ? { buffer, callback } : null;
    probe.destroy();
  }
  return keys;
}

/**
 * Has `socket` read into READ_BUFFER, calling `onBytes` with that buffer and
 * the length of each read (its bytes are [0, n)): no view is made per read.
 * False (nothing changed) when that cannot be done, TLS sockets included:
 * their reads are the TLS layer's.
 */
export function borrowReads(socket: net.Socket, onBytes: (buffer: Buffer, n: number) => void): boolean {
  if (Reflect.get(socket, 'encrypted') === true) return false;
  const handle: unknown = Reflect.get(socket, '_handle');
  if (handle === null || typeof handle !== 'object') return false;
  const useUserBuffer: unknown = Reflect.get(handle, 'useUserBuffer');
  const k = onreadKeys();
  if (k === null || typeof useUserBuffer !== 'function') return false;
  Reflect.set(socket, k.buffer, READ_BUFFER);
  Reflect.set(socket, k.callback, (n: number): boolean => {
    onBytes(READ_BUFFER, n);
    return true;
  });
  Reflect.apply(useUserBuffer, handle, [READ_BUFFER]);
  return true;
}
