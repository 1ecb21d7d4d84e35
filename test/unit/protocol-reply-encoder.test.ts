import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/protocol/reply';
import { OK, array, bulk, bulkMap, error, int, noReply, nullArray, nullBulk, push, setReply, status, verbatim } from '../../src/protocol/reply';
import { encodeReply } from '../../src/protocol/reply-encoder';
import { SharedReply } from '../../src/protocol/shared-reply';

const enc = (r: Reply, proto: 2 | 3): string => encodeReply(r, proto).toString('latin1');

describe('encodeReply', () => {
  it.each<[string, Reply, string, string]>([
    ['status', OK, '+OK\r\n', '+OK\r\n'],
    ['error', error('ERR x'), '-ERR x\r\n', '-ERR x\r\n'],
    ['int', int(-3), ':-3\r\n', ':-3\r\n'],
    ['bigint', int(18446744073709551615n), ':18446744073709551615\r\n', ':18446744073709551615\r\n'],
    ['bulk', bulk('abc'), '$3\r\nabc\r\n', '$3\r\nabc\r\n'],
    ['empty bulk', bulk(''), '$0\r\n\r\n', '$0\r\n\r\n'],
    ['null bulk', nullBulk, '$-1\r\n', '_\r\n'],
    ['null array', nullArray, '*-1\r\n', '_\r\n'],
    ['empty array', array([]), '*0\r\n', '*0\r\n'],
    ['map', bulkMap([['a', 1]]), '*2\r\n$1\r\na\r\n$1\r\n1\r\n', '%1\r\n$1\r\na\r\n$1\r\n1\r\n'],
    ['push', push([bulk('message'), bulk('c'), bulk('m')]), '*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n', '>3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n'],
    ['set', setReply([status('fast')]), '*1\r\n+fast\r\n', '~1\r\n+fast\r\n'],
    ['verbatim', verbatim('id=1\n'), '$5\r\nid=1\n\r\n', '=9\r\ntxt:id=1\n\r\n'],
    ['nothing', noReply, '', ''],
  ])('%s', (_name, reply, resp2, resp3) => {
    expect(enc(reply, 2)).toBe(resp2);
    expect(enc(reply, 3)).toBe(resp3);
  });

  it('writes byte strings byte for byte (one char per byte)', () => {
    expect(encodeReply(bulk('\xc3\xa9'), 2).equals(Buffer.from('$2\r\né\r\n'))).toBe(true);
    expect(encodeReply(bulk('\xff\x00'), 2).equals(Buffer.from([0x24, 0x32, 13, 10, 0xff, 0, 13, 10]))).toBe(true);
    expect(encodeReply(error('ERR \xfe'), 2).equals(Buffer.from([0x2d, 0x45, 0x52, 0x52, 0x20, 0xfe, 13, 10]))).toBe(true);
  });

  it('writes Buffer bulks verbatim', () => {
    const payload = Buffer.from([0, 255, 13, 10]);
    const out = encodeReply(array([bulk(payload), bulk('x')]), 2);
    expect(out.equals(Buffer.concat([Buffer.from('*2\r\n$4\r\n'), payload, Buffer.from('\r\n$1\r\nx\r\n')]))).toBe(true);
  });

  it('replaces CR and LF inside errors and statuses so the stream stays in sync', () => {
    expect(enc(error("ERR unknown subcommand 'a\r\nb'"), 2)).toBe("-ERR unknown subcommand 'a  b'\r\n");
    expect(enc(status('a\nb'), 3)).toBe('+a b\r\n');
  });

  it('nests aggregates per protocol', () => {
    const r: Reply = array([{ t: 'map', entries: [[bulk('k'), nullBulk]] }, setReply([])]);
    expect(enc(r, 2)).toBe('*2\r\n*2\r\n$1\r\nk\r\n$-1\r\n*0\r\n');
    expect(enc(r, 3)).toBe('*2\r\n%1\r\n$1\r\nk\r\n_\r\n~0\r\n');
  });

  it('keeps aggregate counts right if "nothing" is nested by mistake', () => {
    expect(enc(array([noReply]), 2)).toBe('*1\r\n$-1\r\n');
  });
});

describe('SharedReply', () => {
  it('gives every client the bytes encodeReply gives, one text per protocol', () => {
    const r = push([bulk('message'), bulk('+switch-master'), bulk('mymaster 127.0.0.1 6379 127.0.0.1 6380')]);
    const m = new SharedReply(r);
    for (const proto of [2, 3] as const) {
      expect(m.text(proto)).toBe(encodeReply(r, proto).toString('latin1'));
      expect(m.text(proto)).toBe(m.text(proto));
    }
    expect(m.text(2)).not.toBe(m.text(3));
  });
});
