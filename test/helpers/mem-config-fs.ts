import * as path from 'node:path';
import type { ConfigFs } from '../../src/config/config-fs';
import { globMatch } from '../../src/core/glob';

/**
 * An in-memory ConfigFs: files by absolute path, directories implied by them
 * (plus any listed explicitly), executables and read-only paths by name.
 */
export interface MemFsSpec {
  files?: Record<string, string>;
  dirs?: string[];
  executables?: string[];
  readOnly?: string[];
  unwritableLogs?: string[];
}

export function memConfigFs(spec: MemFsSpec = {}): ConfigFs & { files: Map<string, string> } {
  const files = new Map(Object.entries(spec.files ?? {}));
  const dirs = new Set(spec.dirs ?? []);
  for (const f of files.keys()) for (let d = path.dirname(f); d !== '/'; d = path.dirname(d)) dirs.add(d);
  dirs.add('/');
  return {
    files,
    readFile(p) {
      const v = files.get(p);
      if (v !== undefined) return { ok: true, value: v };
      return { ok: false, error: dirs.has(p) ? 'Is a directory' : 'No such file or directory' };
    },
    glob(pattern) {
      return [...files.keys()].filter((f) => globMatch(pattern, f, false)).sort();
    },
    canExecute(p) {
      return (spec.executables ?? []).includes(p);
    },
    canAppend(p) {
      if ((spec.unwritableLogs ?? []).includes(p)) return 'Permission denied';
      if (!dirs.has(path.dirname(p))) return 'No such file or directory';
      if (!files.has(p)) files.set(p, '');
      return null;
    },
    canChdir(p) {
      if (dirs.has(p)) return null;
      return files.has(p) ? 'Not a directory' : 'No such file or directory';
    },
    canWrite(p) {
      if ((spec.readOnly ?? []).includes(p)) return 'Permission denied';
      return files.has(p) ? null : 'No such file or directory';
    },
  };
}
