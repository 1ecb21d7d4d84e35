/**
 * Redis-style glob matching (`*`, `?`, `[...]`, `[^...]`, ranges, `\` escapes),
 * used by SENTINEL RESET and pattern subscriptions.
 */
export function globMatch(pattern: string, str: string, nocase: boolean): boolean {
  const p = nocase ? pattern.toLowerCase() : pattern;
  const s = nocase ? str.toLowerCase() : str;
  return matchAt(p, 0, s, 0);
}

function matchAt(p: string, pi: number, s: string, si: number): boolean {
  while (pi < p.length) {
    const c = p[pi];
    if (c === '*') {
      while (p[pi + 1] === '*') pi++;
      if (pi + 1 === p.length) return true;
      for (let k = si; k <= s.length; k++) if (matchAt(p, pi + 1, s, k)) return true;
      return false;
    }
    if (si >= s.length) return false;
    if (c === '?') {
      pi++;
      si++;
      continue;
    }
    if (c === '[') {
      let j = pi + 1;
      const not = p[j] === '^';
      if (not) j++;
      let matched = false;
      while (j < p.length && p[j] !== ']') {
        if (p[j] === '\\' && j + 1 < p.length) {
          j++;
          if (p[j] === s[si]) matched = true;
          j++;
        } else if (j + 2 < p.length && p[j + 1] === '-' && p[j + 2] !== ']') {
          let lo = p.charCodeAt(j);
          let hi = p.charCodeAt(j + 2);
          if (lo > hi) [lo, hi] = [hi, lo];
          const x = s.charCodeAt(si);
          if (x >= lo && x <= hi) matched = true;
          j += 3;
        } else {
          if (p[j] === s[si]) matched = true;
          j++;
        }
      }
      if (not) matched = !matched;
      if (!matched) return false;
      pi = j < p.length ? j + 1 : j;
      si++;
      continue;
    }
    if (c === '\\' && pi + 1 < p.length) {
      pi++;
    }
    if (p[pi] !== s[si]) return false;
    pi++;
    si++;
  }
  return si === s.length;
}
