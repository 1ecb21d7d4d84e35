/**
 * Splits an inline request line into arguments with Redis's quoting rules:
 * tokens are separated by blanks; "..." understands \n \r \t \b \a \xHH and
 * \<any char>; '...' understands only \'. A closing quote must be followed by
 * a blank or the end of the line. Returns null for unbalanced quotes.
 *
 * Works on bytes so that \xHH escapes can produce any byte; each argument is
 * a byte string (core/bytes) like the rest of the request.
 */
export function splitInlineArgs(line: Buffer): string[] | null {
  const args: string[] = [];
  const n = line.length;
  let p = 0;
  for (;;) {
    while (p < n && isSpace(line[p] as number)) p++;
    if (p >= n) return args;
    const token: number[] = [];
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      const c = p < n ? (line[p] as number) : -1;
      const c1 = p + 1 < n ? (line[p + 1] as number) : -1;
      if (inDouble) {
        if (c === BACKSLASH && c1 === X && isHex(byteAt(line, p + 2)) && isHex(byteAt(line, p + 3))) {
          token.push(hexValue(line[p + 2] as number) * 16 + hexValue(line[p + 3] as number));
          p += 3;
        } else if (c === BACKSLASH && c1 !== -1) {
          p++;
          token.push(unescape(c1));
        } else if (c === DQUOTE) {
          if (c1 !== -1 && !isSpace(c1)) return null;
          done = true;
        } else if (c === -1) {
          return null;
        } else {
          token.push(c);
        }
      } else if (inSingle) {
        if (c === BACKSLASH && c1 === SQUOTE) {
          p++;
          token.push(SQUOTE);
        } else if (c === SQUOTE) {
          if (c1 !== -1 && !isSpace(c1)) return null;
          done = true;
        } else if (c === -1) {
          return null;
        } else {
          token.push(c);
        }
      } else if (c === -1 || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0) {
        done = true;
      } else if (c === DQUOTE) {
        inDouble = true;
      } else if (c === SQUOTE) {
        inSingle = true;
      } else {
        token.push(c);
      }
      if (p < n) p++;
    }
    args.push(Buffer.from(token).toString('latin1'));
  }
}

const BACKSLASH = 0x5c;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const X = 0x78;

function byteAt(b: Buffer, i: number): number {
  return i < b.length ? (b[i] as number) : -1;
}

/** C isspace(): space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function hexValue(c: number): number {
  if (c <= 0x39) return c - 0x30;
  return (c | 0x20) - 0x61 + 10;
}

function unescape(c: number): number {
  switch (c) {
    case 0x6e: // n
      return 0x0a;
    case 0x72: // r
      return 0x0d;
    case 0x74: // t
      return 0x09;
    case 0x62: // b
      return 0x08;
    case 0x61: // a
      return 0x07;
    default:
      return c;
  }
}
