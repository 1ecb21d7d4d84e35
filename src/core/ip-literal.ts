/**
 * Numeric-host parsing as the C resolver does it with AI_NUMERICHOST, and the
 * address printed back the way `inet_ntop` prints it. Redis only accepts IP
 * literals while resolve-hostnames is off, and it compares and writes the
 * printed form: `127.1` and `127.0.0.01` both become `127.0.0.1`, which is
 * why two differently written addresses can be duplicates.
 */

import { coreAssert, coreAt } from './assert';

/** One inet_aton component: 0x.. hex, 0.. octal, or decimal. */
function atonPart(p: string): number | null {
  if (/^0[xX][0-9a-fA-F]*$/.test(p)) return p.length === 2 ? 0 : parseInt(p.slice(2), 16);
  if (/^0[0-7]*$/.test(p)) return parseInt(p, 8);
  if (/^[1-9][0-9]*$/.test(p)) return parseInt(p, 10);
  return null;
}

/** IPv4 in any inet_aton spelling (`a`, `a.b`, `a.b.c`, `a.b.c.d`), printed dotted-quad. */
export function parseInetAton(s: string): string | null {
  const parts = s.split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    const n = atonPart(p);
    if (n === null || !Number.isFinite(n)) return null;
    nums.push(n);
  }
  const last = nums.pop();
  coreAssert(last !== undefined, 'inet_aton: a split string has a part');
  if (nums.some((n) => n > 255)) return null;
  // The last part fills all the bytes the earlier ones did not.
  const lastBits = 8 * (4 - nums.length);
  if (last >= 2 ** lastBits) return null;
  let value = 0;
  for (const n of nums) value = value * 256 + n;
  value = value * 2 ** lastBits + last;
  return [24, 16, 8, 0].map((sh) => Math.floor(value / 2 ** sh) % 256).join('.');
}

const V4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;
const V6_WORD = /^[0-9a-fA-F]{1,4}$/;

/**
 * The IPv6 text forms node's `net.isIPv6` accepts (zone already cut off):
 * eight 1-4 digit hex words, or fewer around one `::`, the last two words
 * optionally written as a dotted quad without leading zeros. Written here
 * because the core imports no node modules.
 */
function isIpv6Text(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const pieces = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const [before = '', after] = halves;
  const head = pieces(before);
  const tail = after === undefined ? [] : pieces(after);
  const all = [...head, ...tail];
  let words = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    // A dotted quad can only end the address.
    if (halves.length === 2 && tail.length === 0) return false;
    const quad = last.split('.');
    if (quad.length !== 4 || !quad.every((q) => V4_PART.test(q))) return false;
    words += 1;
    all.pop();
  }
  if (!all.every((w) => V6_WORD.test(w))) return false;
  return halves.length === 2 ? words <= 7 : words === 8;
}

function ipv6Words(s: string): number[] | null {
  let text = s;
  const pct = text.indexOf('%');
  if (pct >= 0) text = text.slice(0, pct);
  if (!isIpv6Text(text)) return null;
  // Embedded IPv4 tail (::ffff:1.2.3.4) becomes two 16-bit words.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    // Four parts: the pattern matched four.
    const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = v4[0].split('.').map(Number);
    const hi = (b0 << 8) | b1;
    const lo = (b2 << 8) | b3;
    text = `${text.slice(0, v4.index)}${hi.toString(16)}:${lo.toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, null];
  const h = head === '' ? [] : head.split(':');
  const t = tail === null || tail === '' ? [] : tail.split(':');
  const fill = tail === null ? 0 : 8 - h.length - t.length;
  const words = [...h, ...Array<string>(fill).fill('0'), ...t].map((w) => parseInt(w, 16));
  return words.length === 8 ? words : null;
}

const EIGHT_WORDS = 'an IPv6 address has eight words';

/** glibc inet_ntop for IPv6: longest run of 2+ zero words as `::`, embedded IPv4 for mapped/compat forms. */
function formatIpv6(w: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  const v4Tail = bestStart === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff));
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (v4Tail && i === 6) {
      const a = coreAt(w, 6, EIGHT_WORDS);
      const b = coreAt(w, 7, EIGHT_WORDS);
      if (!out.endsWith(':')) out += ':';
      out += `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
      break;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += coreAt(w, i, EIGHT_WORDS).toString(16);
  }
  return out;
}

/** The printed address for an IP literal, or null if `s` is not one. */
export function normalizeIpLiteral(s: string): string | null {
  const v4 = parseInetAton(s);
  if (v4 !== null) return v4;
  const words = ipv6Words(s);
  return words === null ? null : formatIpv6(words);
}
