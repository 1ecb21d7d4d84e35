/**
 * glibc's `strerror` texts for the errno codes file and socket operations
 * produce: the one table for the config files, the listeners and the links.
 * Redis prints these in its log, error reports and link events; Node only
 * gives the code, and its own messages differ ("no such file or directory,
 * open '...'").
 */
const MESSAGES: Record<string, string> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EINTR: 'Interrupted system call',
  EIO: 'Input/output error',
  EBADF: 'Bad file descriptor',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  EXDEV: 'Invalid cross-device link',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  ENFILE: 'Too many open files in system',
  EMFILE: 'Too many open files',
  ETXTBSY: 'Text file busy',
  EFBIG: 'File too large',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EMLINK: 'Too many links',
  ENAMETOOLONG: 'File name too long',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  EDQUOT: 'Disk quota exceeded',
  ESTALE: 'Stale file handle',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EAFNOSUPPORT: 'Address family not supported by protocol',
  ECONNREFUSED: 'Connection refused',
  ETIMEDOUT: 'Connection timed out',
  // Not an errno: Node's code for getaddrinfo's EAI_NONAME, printed with gai_strerror.
  ENOTFOUND: 'Name or service not known',
};

export function errnoCode(e: unknown): string | null {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return null;
}

function known(code: string | null): string | null {
  return code !== null && Object.hasOwn(MESSAGES, code) ? (MESSAGES[code] as string) : null;
}

/** The C text for a thrown Node fs error (or anything else thrown); a code the table lacks prints as itself. */
export function strerror(e: unknown): string {
  const code = errnoCode(e);
  if (code !== null) return known(code) ?? code;
  return e instanceof Error ? e.message : String(e);
}

/** The C text for a socket error; Node's own message when the table lacks its code. */
export function socketStrerror(e: unknown): string {
  return known(errnoCode(e)) ?? (e instanceof Error ? e.message : String(e));
}
