import { asciiLower } from './bytes';

/**
 * Glob patterns as Redis understands them for PSUBSCRIBE and COMMAND LIST
 * (`*`, `?`, `[abc]`, `[^a-z]`, `\x`), including its lenient corners: an
 * unterminated `[` class runs to the end of the pattern, `[a-]` is a range up
 * to `]`, and a trailing backslash is a literal backslash.
 *
 * The pattern is compiled once into single-character tokens and stars, then
 * matched with the classic backtrack-to-last-star loop, which is O(n*m) in the
 * worst case: a client-supplied pattern cannot make matching exponential.
 */
export type GlobToken =
  | { k: 'star' }
  | { k: 'any' }
  | { k: 'lit'; c: string }
  | { k: 'class'; not: boolean; chars: string; ranges: Array<[number, number]> };

export function compileGlob(pattern: string, nocase = false): GlobToken[] {
  const p = nocase ? asciiLower(pattern) : pattern;
  const out: GlobToken[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p.charAt(i);
    if (c === '*') {
      if (out.at(-1)?.k !== 'star') out.push({ k: 'star' });
      i++;
    } else if (c === '?') {
      out.push({ k: 'any' });
      i++;
    } else if (c === '[') {
      i = compileClass(p, i + 1, out);
    } else if (c === '\\' && i + 1 < p.length) {
      out.push({ k: 'lit', c: p.charAt(i + 1) });
      i += 2;
    } else {
      out.push({ k: 'lit', c });
      i++;
    }
  }
  return out;
}

function compileClass(p: string, start: number, out: GlobToken[]): number {
  let i = start;
  const not = p[i] === '^';
  if (not) i++;
  let chars = '';
  const ranges: Array<[number, number]> = [];
  while (i < p.length) {
    const c = p.charAt(i);
    if (c === '\\' && i + 1 < p.length) {
      chars += p.charAt(i + 1);
      i += 2;
    } else if (c === ']') {
      i++;
      break;
    } else if (i + 2 < p.length && p[i + 1] === '-') {
      let lo = p.charCodeAt(i);
      let hi = p.charCodeAt(i + 2);
      if (lo > hi) [lo, hi] = [hi, lo];
      ranges.push([lo, hi]);
      i += 3;
    } else {
      chars += c;
      i++;
    }
  }
  out.push({ k: 'class', not, chars, ranges });
  return i;
}

function tokenMatches(t: GlobToken, ch: string): boolean {
  switch (t.k) {
    case 'any':
      return true;
    case 'lit':
      return t.c === ch;
    case 'class': {
      const code = ch.charCodeAt(0);
      const hit = t.chars.includes(ch) || t.ranges.some(([lo, hi]) => code >= lo && code <= hi);
      return hit !== t.not;
    }
    case 'star':
      return false;
  }
}

export function matchCompiled(tokens: GlobToken[], str: string, nocase = false): boolean {
  const s = nocase ? asciiLower(str) : str;
  let ti = 0;
  let si = 0;
  let starTi = -1;
  let starSi = 0;
  while (si < s.length) {
    const t = tokens[ti];
    if (t !== undefined && t.k === 'star') {
      starTi = ti++;
      starSi = si;
    } else if (t !== undefined && tokenMatches(t, s.charAt(si))) {
      ti++;
      si++;
    } else if (starTi >= 0) {
      ti = starTi + 1;
      si = ++starSi;
    } else {
      return false;
    }
  }
  while (tokens[ti]?.k === 'star') ti++;
  return ti === tokens.length;
}

export function globMatch(pattern: string, str: string, nocase = false): boolean {
  return matchCompiled(compileGlob(pattern, nocase), str, nocase);
}
