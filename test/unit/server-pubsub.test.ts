import { describe, expect, it } from 'vitest';
import type { SharedReply } from '../../src/protocol/shared-reply';
import { encodeReply } from '../../src/protocol/reply-encoder';
import { globMatch } from '../../src/core/glob';
import { PubSub } from '../../src/server/pubsub';
import type { Subscriber } from '../../src/server/pubsub';

function subscriber(): Subscriber & { got: string[] } {
  const got: string[] = [];
  return {
    channels: new Set(),
    patterns: new Set(),
    got,
    deliver: (m: SharedReply) => got.push(encodeReply(m.reply, 2).toString()),
  };
}

describe('globMatch (Redis stringmatchlen rules)', () => {
  it.each<[string, string, boolean]>([
    ['*', '', true],
    ['*', '+sdown', true],
    ['+s*', '+sdown', true],
    ['+s*', '-sdown', false],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[b-a]llo', 'hallo', true],
    ['h[a-c]llo', 'hdllo', false],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['[\\]]', ']', true],
    ['[abc', 'b', true],
    ['[a-]', ']', true],
    ['[]', 'a', false],
    ['[^]', 'a', true],
    ['a\\', 'a\\', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['a**', 'a', true],
    ['*?', '', false],
    ['__sentinel__:*', '__sentinel__:hello', true],
  ])('%j vs %j → %s', (pattern, str, expected) => {
    expect(globMatch(pattern, str)).toBe(expected);
  });

  it('supports case-insensitive matching', () => {
    expect(globMatch('CLIENT|I*', 'client|info', true)).toBe(true);
    expect(globMatch('CLIENT|I*', 'client|info')).toBe(false);
  });

  it('does not blow up on patterns with many stars', () => {
    const started = Date.now();
    expect(globMatch(`${'a*'.repeat(30)}b`, 'a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('PubSub', () => {
  it('delivers channel messages and one pmessage per matching pattern', () => {
    const ps = new PubSub();
    const a = subscriber();
    const b = subscriber();
    ps.subscribe(a, '+sdown');
    ps.psubscribe(b, '+s*');
    ps.psubscribe(b, '*');
    expect(ps.publish('+sdown', 'master m 127.0.0.1 6379')).toBe(3);
    expect(a.got).toEqual(['*3\r\n$7\r\nmessage\r\n$6\r\n+sdown\r\n$23\r\nmaster m 127.0.0.1 6379\r\n']);
    expect(b.got).toEqual([
      '*4\r\n$8\r\npmessage\r\n$3\r\n+s*\r\n$6\r\n+sdown\r\n$23\r\nmaster m 127.0.0.1 6379\r\n',
      '*4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$6\r\n+sdown\r\n$23\r\nmaster m 127.0.0.1 6379\r\n',
    ]);
    expect(ps.publish('-odown', 'x')).toBe(1);
  });

  it('counts channels and distinct patterns, and forgets clients that leave', () => {
    const ps = new PubSub();
    const a = subscriber();
    const b = subscriber();
    expect(ps.subscribe(a, 'c')).toBe(true);
    expect(ps.subscribe(a, 'c')).toBe(false);
    ps.subscribe(b, 'c');
    ps.psubscribe(a, 'p*');
    ps.psubscribe(b, 'p*');
    expect([ps.channelCount, ps.patternCount]).toEqual([1, 1]);
    ps.removeAll(a);
    expect(a.channels.size + a.patterns.size).toBe(0);
    expect(ps.publish('c', 'm')).toBe(1);
    expect(ps.unsubscribe(b, 'c')).toBe(true);
    expect(ps.unsubscribe(b, 'c')).toBe(false);
    expect(ps.punsubscribe(b, 'p*')).toBe(true);
    expect([ps.channelCount, ps.patternCount]).toEqual([0, 0]);
    expect(ps.publish('c', 'm')).toBe(0);
  });
});
