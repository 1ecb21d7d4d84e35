/**
 * Replacing the config file so that a crash at any instant leaves either the
 * old or the new content: temp file in the same directory, fsync, chmod,
 * rename over the original, fsync the directory. Synchronous on purpose:
 * flushes are rare, and two of them must never interleave.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from '../entropy';
import { errnoCode, strerror } from './strerror';
import { toBytes, toText } from '../core/bytes';

export type WriteResult = { ok: true } | { ok: false; error: string; strerror: string };

/** Same alphabet and length as mkstemp's XXXXXX. */
function tempSuffix(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(6)].map((b) => chars[b % chars.length]).join('');
}

function createTemp(target: string): { fd: number; path: string } | { error: unknown } {
  let last: unknown = null;
  for (let attempt = 0; attempt < 100; attempt++) {
    const candidate = `${target}.${tempSuffix()}`;
    try {
      const flags = fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL;
      return { fd: fs.openSync(toText(candidate), flags, 0o600), path: candidate };
    } catch (e) {
      last = e;
      if (errnoCode(e) !== 'EEXIST') break;
    }
  }
  return { error: last };
}

function fail(message: string, e: unknown): WriteResult {
  const text = strerror(e);
  return { ok: false, error: `${message} (${text})`, strerror: text };
}

function currentUmask(): number {
  // process.umask() with no argument is deprecated; setting and restoring is the supported way.
  const mask = process.umask(0o022);
  process.umask(mask);
  return mask;
}

/**
 * Writes `content` to `target` atomically. Errors come back with Redis's log
 * texts (`Could not create tmp config file (...)` etc.) and the strerror part.
 */
export function writeFileAtomic(target: string, content: string): WriteResult {
  const tmp = createTemp(target);
  if ('error' in tmp) return fail('Could not create tmp config file', tmp.error);
  const { fd, path: tmpPath } = tmp;
  const data = toBytes(content);
  let result: WriteResult = { ok: true };
  let offset = 0;
  try {
    while (offset < data.length) offset += fs.writeSync(fd, data, offset, data.length - offset);
  } catch (e) {
    result = fail(`Failed after writing (${offset}) bytes to tmp config file`, e);
  }
  if (result.ok) result = finish(fd, tmpPath, target);
  try {
    fs.closeSync(fd);
  } catch {
    // the descriptor is gone either way
  }
  if (!result.ok) {
    try {
      fs.unlinkSync(toText(tmpPath));
    } catch {
      // nothing left to clean up
    }
  }
  return result;
}

function finish(fd: number, tmpPath: string, target: string): WriteResult {
  try {
    fs.fsyncSync(fd);
  } catch (e) {
    return fail('Could not sync tmp config file to disk', e);
  }
  try {
    fs.fchmodSync(fd, 0o644 & ~currentUmask());
  } catch (e) {
    return fail('Could not chmod config file', e);
  }
  try {
    fs.renameSync(toText(tmpPath), toText(target));
  } catch (e) {
    return fail('Could not rename tmp config file', e);
  }
  try {
    const dirFd = fs.openSync(toText(path.dirname(target)), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch (e) {
    return fail('Could not sync config file dir', e);
  }
  return { ok: true };
}
