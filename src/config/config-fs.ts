/**
 * The file-system questions config loading asks, behind an interface so the
 * parser can be tested without touching the disk. All paths given to it are
 * absolute; the parser resolves relative ones against its own idea of the
 * working directory (which `dir` lines change while reading, as in Redis).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globMatch } from '../core/glob';
import type { Result } from './result';
import { strerror } from './strerror';
import { compareBytes, fromBytes, toBytes, toText } from '../core/bytes';

export interface ConfigFs {
  /** The whole file as a byte string (core/bytes), or the strerror text. */
  readFile(absPath: string): Result<string, string>;
  /** Existing paths matching an absolute glob pattern, sorted; empty when nothing matches. */
  glob(absPattern: string): string[];
  /** access(X_OK) */
  canExecute(absPath: string): boolean;
  /** fopen(path, "a") as a probe (it creates the file, like Redis does); null or the strerror text. */
  canAppend(absPath: string): string | null;
  /** Whether chdir() into the path would work; null or the strerror text. */
  canChdir(absPath: string): string | null;
  /** access(W_OK): null or the strerror text. */
  canWrite(absPath: string): string | null;
}

export function hasGlobChars(p: string): boolean {
  return p.includes('*') || p.includes('?') || p.includes('[');
}

function expand(prefix: string, segments: string[]): string[] {
  if (segments.length === 0) return fs.existsSync(toText(prefix)) ? [prefix] : [];
  const [seg, ...rest] = segments as [string, ...string[]];
  if (!hasGlobChars(seg)) return expand(path.join(prefix, seg), rest);
  let names: string[];
  try {
    names = fs.readdirSync(toBytes(prefix), { encoding: 'buffer' }).map((b) => fromBytes(b));
  } catch {
    return [];
  }
  // As with glob(3), a wildcard does not match a leading dot unless the pattern has one.
  const matches = names.filter((n) => (seg.startsWith('.') || !n.startsWith('.')) && globMatch(seg, n, false));
  return matches.flatMap((n) => expand(path.join(prefix, n), rest));
}

export const nodeConfigFs: ConfigFs = {
  readFile(absPath) {
    try {
      return { ok: true, value: fs.readFileSync(toBytes(absPath), 'latin1') };
    } catch (e) {
      return { ok: false, error: strerror(e) };
    }
  },
  glob(absPattern) {
    const segments = absPattern.split('/').filter((s) => s !== '');
    // Byte order, as glob(3) in the C locale.
    return expand('/', segments).sort(compareBytes);
  },
  canExecute(absPath) {
    try {
      fs.accessSync(toBytes(absPath), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  canAppend(absPath) {
    try {
      fs.closeSync(fs.openSync(toBytes(absPath), 'a'));
      return null;
    } catch (e) {
      return strerror(e);
    }
  },
  canWrite(absPath) {
    try {
      fs.accessSync(toBytes(absPath), fs.constants.W_OK);
      return null;
    } catch (e) {
      return strerror(e);
    }
  },
  canChdir(absPath) {
    try {
      if (!fs.statSync(toBytes(absPath)).isDirectory()) return strerror({ code: 'ENOTDIR' });
      fs.accessSync(toBytes(absPath), fs.constants.X_OK);
      return null;
    } catch (e) {
      return strerror(e);
    }
  },
};
