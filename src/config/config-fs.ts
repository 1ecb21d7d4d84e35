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

export interface ConfigFs {
  /** The whole file as text, or the strerror text. */
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
  if (segments.length === 0) return fs.existsSync(prefix) ? [prefix] : [];
  const [seg, ...rest] = segments as [string, ...string[]];
  if (!hasGlobChars(seg)) return expand(path.join(prefix, seg), rest);
  let names: string[];
  try {
    names = fs.readdirSync(prefix);
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
      return { ok: true, value: fs.readFileSync(absPath, 'utf8') };
    } catch (e) {
      return { ok: false, error: strerror(e) };
    }
  },
  glob(absPattern) {
    const segments = absPattern.split('/').filter((s) => s !== '');
    return expand('/', segments).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  },
  canExecute(absPath) {
    try {
      fs.accessSync(absPath, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  canAppend(absPath) {
    try {
      fs.closeSync(fs.openSync(absPath, 'a'));
      return null;
    } catch (e) {
      return strerror(e);
    }
  },
  canWrite(absPath) {
    try {
      fs.accessSync(absPath, fs.constants.W_OK);
      return null;
    } catch (e) {
      return strerror(e);
    }
  },
  canChdir(absPath) {
    try {
      if (!fs.statSync(absPath).isDirectory()) return strerror({ code: 'ENOTDIR' });
      fs.accessSync(absPath, fs.constants.X_OK);
      return null;
    } catch (e) {
      return strerror(e);
    }
  },
};
