/**
 * Redis's argument splitting for config lines (and inline commands), and the
 * matching quoting for writing values back.
 *
 * Lines and arguments are byte strings (core/bytes), so an escape such as
 * `\xHH` yields exactly that byte, and any byte survives the round trip
 * through reprArg.
 */
import { toBytes } from './bytes';

/** C `isspace` in the C locale: what separates arguments before a token starts. */
export function isCSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';
}

function isHexDigit(ch: string | undefined): boolean {
  return ch !== undefined && /^[0-9a-fA-F]$/.test(ch);
}

function pushChar(out: number[], ch: string): void {
  out.push(ch.charCodeAt(0) & 0xff);
}

const ESCAPES = new Map<string, number>([
  ['n', 0x0a],
  ['r', 0x0d],
  ['t', 0x09],
  ['b', 0x08],
  ['a', 0x07],
]);

const UNUSUAL = /["'\v\f]/;
const SEPARATORS = /[ \t\n\r]+/;

/**
 * Splits `line` into arguments. Returns null for unbalanced quotes, and also
 * when a closing quote is directly followed by something other than a space,
 * because Redis rejects `"a"b` rather than guessing what was meant.
 */
export function splitArgs(line: string): string[] | null {
  // Without quotes, \v or \f, the characters that start a token and those
  // that end one are the same four, and splitting on them gives the same
  // arguments: most config lines, many times faster than the loop below.
  if (!UNUSUAL.test(line)) return line.split(SEPARATORS).filter((a) => a !== '');
  return splitArgsGeneral(line);
}

/** The character-by-character splitter (exported for the test that checks the shortcut against it). */
export function splitArgsGeneral(line: string): string[] | null {
  const chars = Array.from(line);
  const args: string[] = [];
  let i = 0;
  for (;;) {
    while (i < chars.length && isCSpace(chars[i])) i++;
    if (i >= chars.length) return args;
    const cur: number[] = [];
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      const c = chars[i];
      const next = chars[i + 1];
      if (inDouble) {
        if (c === undefined) return null;
        if (c === '\\' && next === 'x' && isHexDigit(chars[i + 2]) && isHexDigit(chars[i + 3])) {
          cur.push(parseInt(`${chars[i + 2]}${chars[i + 3]}`, 16));
          i += 3;
        } else if (c === '\\' && next !== undefined) {
          i++;
          const e = next;
          const code = ESCAPES.get(e);
          if (code !== undefined) cur.push(code);
          else pushChar(cur, e);
        } else if (c === '"') {
          if (next !== undefined && !isCSpace(next)) return null;
          done = true;
        } else {
          pushChar(cur, c);
        }
      } else if (inSingle) {
        if (c === undefined) return null;
        if (c === '\\' && next === "'") {
          i++;
          cur.push(0x27);
        } else if (c === "'") {
          if (next !== undefined && !isCSpace(next)) return null;
          done = true;
        } else {
          pushChar(cur, c);
        }
      } else if (c === undefined || c === ' ' || c === '\n' || c === '\r' || c === '\t') {
        // Only these four end an unquoted token; \v and \f are kept, as in Redis.
        done = true;
      } else if (c === '"') {
        inDouble = true;
      } else if (c === "'") {
        inSingle = true;
      } else {
        pushChar(cur, c);
      }
      if (i < chars.length) i++;
    }
    args.push(Buffer.from(cur).toString('latin1'));
  }
}

/**
 * Always-quoted form with C-style escapes (Redis's "repr"): used where Redis
 * itself always quotes, e.g. `dir "..."`, `logfile "..."`, `sentinel announce-ip "..."`.
 */
export function reprArg(s: string): string {
  let out = '"';
  for (const b of toBytes(s)) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x07) out += '\\a';
    else if (b === 0x08) out += '\\b';
    else if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out + '"';
}

// Anything that would split the value, start a quoted token, or break the line.
const NEEDS_QUOTES = /[ \t\n\v\f\r"'\x00-\x1f\x7f]/;

/** True if `s` would not come back unchanged from `splitArgs` when written bare. */
export function needsQuoting(s: string): boolean {
  return s === '' || NEEDS_QUOTES.test(s);
}

/**
 * The value as written bare when that round-trips (so files stay byte-identical
 * to what redis-sentinel writes in the common case), quoted otherwise.
 */
export function quoteArg(s: string): string {
  return needsQuoting(s) ? reprArg(s) : s;
}
