/**
 * Extra value checks some redis.conf directives run after the type check.
 * They are kept because a value redis-server refuses must be refused here too,
 * or a file that loads in one daemon would not load in the other.
 */
import { SHUTDOWN_NOSAVE, SHUTDOWN_SAVE } from './enums';

function isBaseName(v: string): boolean {
  return !v.includes('/') && !v.includes('\\');
}

export function checkDbFilename(v: string): string | null {
  return isBaseName(v) ? null : "dbfilename can't be a path, just a filename";
}

export function checkAofFilename(v: string): string | null {
  if (v === '') return "appendfilename can't be empty";
  return isBaseName(v) ? null : "appendfilename can't be a path, just a filename";
}

export function checkAofDirname(v: string): string | null {
  if (v === '') return "appenddirname can't be empty";
  return isBaseName(v) ? null : "appenddirname can't be a path, just a dirname";
}

export function checkAnnouncedHostname(v: string): string | null {
  if (v.length >= 256) return 'Hostnames must be less than 256 characters';
  if (!/^[A-Za-z0-9.-]*$/.test(v)) return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
  return null;
}

// What each variable expands to when a template is validated: the title is
// empty then, and a unix socket may not be configured.
const TITLE_VARIABLES = new Map<string, string>([
  ['title', ''],
  ['listen-addr', 'x'],
  ['server-mode', 'x'],
  ['port', 'x'],
  ['tls-port', 'x'],
  ['unixsocket', ''],
  ['config-file', 'x'],
]);

/**
 * A process-title template must only use known `{variables}` (`{{` is a
 * literal brace) and must not expand to nothing when the title is empty.
 */
export function checkProcTitleTemplate(v: string): string | null {
  const bad = 'template format is invalid or contains unknown variables';
  let out = '';
  let i = 0;
  while (i < v.length) {
    const open = v.indexOf('{', i);
    if (open < 0) {
      out += v.slice(i);
      break;
    }
    out += v.slice(i, open);
    if (open + 1 >= v.length) return bad;
    if (v[open + 1] === '{') {
      out += '{';
      i = open + 2;
      continue;
    }
    const close = v.indexOf('}', open + 1);
    if (close < 0) return bad;
    const value = TITLE_VARIABLES.get(v.slice(open + 1, close));
    if (value === undefined) return bad;
    out += value;
    i = close + 1;
  }
  return out.replace(/^ +| +$/g, '') === '' ? bad : null;
}

export function checkShutdownFlags(v: number): string | null {
  if (v & SHUTDOWN_NOSAVE && v & SHUTDOWN_SAVE) return "shutdown options SAVE and NOSAVE can't be used simultaneously";
  return null;
}
