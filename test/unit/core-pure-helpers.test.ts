/**
 * The core computes by hand what node would give it (it imports no node
 * modules and holds no Date): these tables and random probes pin the hand-made
 * versions to node's answers, which is what the core used before.
 */
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ctimeString } from '../../src/core/event-format';
import { normalizeIpLiteral } from '../../src/core/ip-literal';
import { clipToLogMax } from '../../src/core/log-max-len';
import { mulberry32 } from '../../src/core/prng';

/** What ctimeString printed when it was built on Date. */
function viaDate(ms: number, tz: number): string {
  const d = new Date(ms - tz * 60000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${day} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

describe('ctimeString without Date', () => {
  it('prints known instants', () => {
    expect(ctimeString(0, 0)).toBe('Thu Jan  1 00:00:00 1970');
    expect(ctimeString(1795558405000, 0)).toBe(viaDate(1795558405000, 0));
    expect(ctimeString(951782400000, 0)).toBe('Tue Feb 29 00:00:00 2000');
    expect(ctimeString(-1000, 0)).toBe('Wed Dec 31 23:59:59 1969');
    expect(ctimeString(0, -120)).toBe('Thu Jan  1 02:00:00 1970');
  });
  it('agrees with Date on random instants and offsets', () => {
    const next = mulberry32(12345);
    for (let i = 0; i < 20000; i++) {
      const ms = Math.floor((next() - 0.3) * 6e12);
      const tz = Math.floor((next() - 0.5) * 1680);
      expect(ctimeString(ms, tz)).toBe(viaDate(ms, tz));
    }
  });
});

describe('IPv6 literals without node:net', () => {
  const table = [
    '::', '::1', '1::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8::',
    '1::2::3', ':1::', '1:::2', '::ffff:1.2.3.4', '::1.2.3.4', '1::1.2.3.4', '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5:6:7:1.2.3.4', '1.2.3.4::', '::01.2.3.4', '::256.1.1.1', '::1.2.3', 'fe80::1%eth0',
    'FE80::ABCD', '12345::', 'g::', '::ffff:1.2.3.4:5', '1:2:3:4:5::1.2.3.4', '::1.2.3.4.5', '', ':', ':::',
  ];
  for (const s of table) {
    it(JSON.stringify(s), () => {
      const bare = s.includes('%') ? s.slice(0, s.indexOf('%')) : s;
      expect(normalizeIpLiteral(s) !== null).toBe(net.isIPv6(bare));
    });
  }
  it('accepts exactly what net.isIPv6 accepted, on random strings', () => {
    const rnd = mulberry32(7);
    const pick = (k: number): number => Math.floor(rnd() * k);
    const alphabet = ['0', '1', 'f', 'F', 'a', '9', ':', ':', ':', '.', '.', '25', '255', '256', '0x', 'ffff', '12345', 'g'];
    for (let i = 0; i < 50000; i++) {
      const n = 1 + pick(16);
      let s = '';
      for (let k = 0; k < n; k++) s += alphabet[pick(alphabet.length)];
      if (!s.includes(':')) continue;
      expect([s, normalizeIpLiteral(s) !== null]).toEqual([s, net.isIPv6(s)]);
    }
  });
});

describe('clipToLogMax: one cut for log lines and event payloads', () => {
  it('keeps 1023 bytes and cuts the 1024th', () => {
    expect(clipToLogMax('a'.repeat(1023))).toBe('a'.repeat(1023));
    expect(clipToLogMax('a'.repeat(1024))).toBe('a'.repeat(1023));
    expect(clipToLogMax(`${'b'.repeat(1022)}\xff\xfe`)).toBe(`${'b'.repeat(1022)}\xff`);
    expect(clipToLogMax('')).toBe('');
  });
});
