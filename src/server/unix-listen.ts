import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { strerror } from '../config/strerror';
import type { Result } from '../config/result';

/** sizeof(sockaddr_un.sun_path) on Linux. */
const SUN_PATH_SIZE = 108;

/** What `unixsocket` / `unixsocketperm` ask for. */
export interface UnixSocketSpec {
  path: string;
  /** octal mode applied with chmod after bind; 0 leaves what the umask gave */
  perm: number;
}

function listenPath(server: net.Server, path: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      resolve(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve(null);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ path, exclusive: true });
  });
}

/**
 * libuv reports a bind() ENOENT as EACCES (for Windows' sake); Redis prints the
 * real errno, so a missing directory is looked for again here.
 */
function bindErrno(err: NodeJS.ErrnoException, socketPath: string): unknown {
  if (err.code !== 'EACCES') return err;
  try {
    fs.statSync(path.dirname(socketPath));
    return err;
  } catch (e) {
    return e;
  }
}

/**
 * Opens the unix stream socket. Like Redis, whatever is at the path is
 * unlinked first without looking (a stale socket from a crash would otherwise
 * make bind fail with EADDRINUSE), and the permissions are set with chmod
 * after bind, so they do not depend on the umask. The error text is Redis's
 * "Failed opening Unix socket: ..." line, for the caller to log.
 */
export async function listenUnix(spec: UnixSocketSpec, onConnection: (socket: net.Socket) => void): Promise<Result<net.Server, string>> {
  const len = Buffer.byteLength(spec.path);
  if (len > SUN_PATH_SIZE - 1) {
    return { ok: false, error: `Failed opening Unix socket: unix socket path too long (${len}), must be under ${SUN_PATH_SIZE}` };
  }
  try {
    fs.unlinkSync(spec.path);
  } catch {
    /* nothing there, or not ours to remove: bind will tell */
  }
  const server = net.createServer({ pauseOnConnect: false }, onConnection);
  const err = await listenPath(server, spec.path);
  if (err !== null) return { ok: false, error: `Failed opening Unix socket: bind: ${strerror(bindErrno(err, spec.path))}` };
  if (spec.perm !== 0) {
    try {
      fs.chmodSync(spec.path, spec.perm);
    } catch (e) {
      await new Promise<void>((r) => server.close(() => r()));
      return { ok: false, error: `Failed opening Unix socket: chmod: ${strerror(e)}` };
    }
  }
  return { ok: true, value: server };
}
