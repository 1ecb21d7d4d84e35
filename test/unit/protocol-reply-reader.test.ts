/**
 * The links' RESP2 reader (src/protocol/reply-reader.ts), as traces: bytes
 * a peer sends, and the replies (or the protocol error) the link gets. Every
 * trace is also fed cut at every byte and one byte at a time, since a read
 * can end anywhere, and the reader must then give the same replies.
 */
import { describe, expect, it } from 'vitest';
import type { PeerReply } from '../../src/core/peer-reply';
import { MAX_LINE, ReplyReader, parseLongLong } from '../../src/protocol/reply-reader';

interface Outcome {
  replies: PeerReply[];
  error: string | null;
}

/** Feeds `reads` in turn through one reused buffer, as the link's shared read buffer is reused. */
function feed(reads: readonly Buffer[]): Outcome {
  const r = new ReplyReader();
  const replies: PeerReply[] = [];
  const shared = Buffer.alloc(Math.max(1, ...reads.map((b) => b.length)));
  for (const b of reads) {
    b.copy(shared);
    const out: PeerReply[] = [];
    const error = r.read(shared, b.length, out);
    // What the reader keeps must not be the caller's buffer: scribble over it.
    shared.fill(0x21);
    replies.push(...out);
    if (error !== null) return { replies, error };
  }
  return { replies, error: null };
}

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

function splits(whole: Buffer): Buffer[][] {
  const ways: Buffer[][] = [[whole]];
  for (let cut = 1; cut < whole.length; cut++) ways.push([whole.subarray(0, cut), whole.subarray(cut)]);
  ways.push([...whole].map((c) => Buffer.from([c])));
  return ways;
}

const VALID: Array<[string, string, PeerReply[]]> = [
  ['a PONG', '+PONG\r\n', ['PONG']],
  ['two statuses in one read', '+OK\r\n+PONG\r\n', ['OK', 'PONG']],
  ['an error', '-LOADING Redis is loading the dataset in memory\r\n', [{ error: 'LOADING Redis is loading the dataset in memory' }]],
  ['an integer', ':42\r\n', [42]],
  ['zero and negatives', ':0\r\n:-7\r\n', [0, -7]],
  ['an epoch beyond 2^53 keeps its digits', ':9223372036854775807\r\n', [9223372036854775807n]],
  ['the smallest long long', ':-9223372036854775808\r\n', [-9223372036854775808n]],
  ['16 digits that a double still holds', ':1234567890123456\r\n', [1234567890123456]],
  ['a bulk', '$5\r\nhello\r\n', ['hello']],
  ['an empty bulk', '$0\r\n\r\n', ['']],
  ['a nil bulk', '$-1\r\n', [null]],
  ['a bulk holding CRLF', '$4\r\n\r\n\r\n\r\n', ['\r\n\r\n']],
  ['bytes above 127 as a byte string', '$3\r\n\xff\x00\xe9\r\n', ['\xff\x00\xe9']],
  ['an error keeps its bytes', '-ERR \xe9t\xe9\r\n', [{ error: 'ERR \xe9t\xe9' }]],
  ['a bare CR inside a status', '+a\rb\r\n', ['a\rb']],
  ['an empty array', '*0\r\n', [[]]],
  ['a nil array', '*-1\r\n', [null]],
  [
    'a hello push',
    '*3\r\n$7\r\nmessage\r\n$18\r\n__sentinel__:hello\r\n$11\r\n1,2,3,4,5,6\r\n',
    [['message', '__sentinel__:hello', '1,2,3,4,5,6']],
  ],
  ['a SUBSCRIBE confirmation then a push', '*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nx\r\n', [['subscribe', 'c', 1], ['message', 'c', 'x']]],
  ['is-master-down-by-addr', '*3\r\n:1\r\n$1\r\n*\r\n:0\r\n', [[1, '*', 0]]],
  ['nested arrays with errors and nils inside', '*3\r\n*2\r\n:1\r\n-ERR x\r\n$-1\r\n*1\r\n*0\r\n', [[[1, { error: 'ERR x' }], null, [[]]]]],
  ['an EXEC reply', '*2\r\n+OK\r\n+OK\r\n', [['OK', 'OK']]],
];

describe('ReplyReader: replies', () => {
  for (const [what, wire, expected] of VALID) {
    it(`${what}, however the reads cut it`, () => {
      for (const reads of splits(bytes(wire))) {
        expect(feed(reads), JSON.stringify(reads.map((b) => b.toString('latin1')))).toEqual({ replies: expected, error: null });
      }
    });
  }

  it('waits for a reply that has not ended, and gives nothing before', () => {
    const r = new ReplyReader();
    const out: PeerReply[] = [];
    expect(r.read(bytes('*2\r\n+OK\r\n$3\r\nab'), 15, out)).toBeNull();
    expect(out).toEqual([]);
    expect(r.read(bytes('c\r\n'), 3, out)).toBeNull();
    expect(out).toEqual([['OK', 'abc']]);
  });

  it('reads a large bulk that comes in many reads', () => {
    const body = Buffer.alloc(300_000, 0x61);
    const wire = Buffer.concat([bytes(`$${body.length}\r\n`), body, bytes('\r\n+PONG\r\n')]);
    const reads: Buffer[] = [];
    for (let i = 0; i < wire.length; i += 65_536) reads.push(wire.subarray(i, i + 65_536));
    const got = feed(reads);
    expect(got.error).toBeNull();
    expect(got.replies.length).toBe(2);
    expect(got.replies[0]).toBe(body.toString('latin1'));
    expect(got.replies[1]).toBe('PONG');
  });

  it('reads an array of many elements that comes in many reads', () => {
    const n = 20_000;
    const wire = bytes(`*${n}\r\n${':7\r\n'.repeat(n)}`);
    const reads: Buffer[] = [];
    for (let i = 0; i < wire.length; i += 1000) reads.push(wire.subarray(i, i + 1000));
    const got = feed(reads);
    expect(got.error).toBeNull();
    expect(got.replies).toEqual([new Array<number>(n).fill(7)]);
  });
});

const MALFORMED: Array<[string, string, PeerReply[], string]> = [
  ['a byte that is no RESP2 type', '!not-resp\r\n', [], 'Protocol error, got "!" as reply type byte'],
  ['garbage after good replies', '+OK\r\n?\r\n', ['OK'], 'Protocol error, got "?" as reply type byte'],
  ['a RESP3 map', '%1\r\n', [], 'Protocol error, got "%" as reply type byte'],
  ['an integer with a letter', ':12a\r\n', [], 'Bad integer value'],
  ['an integer with a leading zero', ':012\r\n', [], 'Bad integer value'],
  ['minus zero', ':-0\r\n', [], 'Bad integer value'],
  ['a lone minus', ':-\r\n', [], 'Bad integer value'],
  ['an empty integer', ':\r\n', [], 'Bad integer value'],
  ['an integer past a long long', ':9223372036854775808\r\n', [], 'Bad integer value'],
  ['an integer below a long long', ':-9223372036854775809\r\n', [], 'Bad integer value'],
  ['a bulk length with a letter', '$1x\r\na\r\n', [], 'Bad bulk string length'],
  ['a bulk length below -1', '$-2\r\nasdf\r\n', [], 'Bulk string length out of range'],
  ['a bulk longer than a string can be', '$9000000000\r\n', [], 'Bulk string length out of range'],
  ['an array length with a letter', '*x\r\n', [], 'Bad multi-bulk length'],
  ['an array length below -1', '*-2\r\n+asdf\r\n', [], 'Multi-bulk length out of range'],
  ['an array longer than hiredis allows', '*4294967296\r\n', [], 'Multi-bulk length out of range'],
  ['a bad element inside an array', '*2\r\n:1\r\n:x\r\n', [], 'Bad integer value'],
];

describe('ReplyReader: protocol errors', () => {
  for (const [what, wire, before, error] of MALFORMED) {
    it(`${what}, however the reads cut it`, () => {
      for (const reads of splits(bytes(wire))) {
        expect(feed(reads), JSON.stringify(reads.map((b) => b.toString('latin1')))).toEqual({ replies: before, error });
      }
    });
  }

  it('refuses a line that never ends instead of keeping it', () => {
    const r = new ReplyReader();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    chunk[0] = 0x2b; // '+'
    let error: string | null = null;
    let reads = 0;
    while (error === null && reads < 100) {
      error = r.read(chunk, chunk.length, []);
      chunk.fill(0x61);
      reads++;
    }
    expect(error).toBe('Line too long');
    expect(reads).toBe(Math.floor(MAX_LINE / chunk.length) + 1);
  });

  it('reserves no memory for a bulk that is only announced', () => {
    const r = new ReplyReader();
    const before = process.memoryUsage().arrayBuffers;
    const out: PeerReply[] = [];
    expect(r.read(bytes('$500000000\r\nabc'), 16, out)).toBeNull();
    expect(out).toEqual([]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
  });

  it('refuses everything after an error', () => {
    const r = new ReplyReader();
    expect(r.read(bytes('!'), 1, [])).toBe('Protocol error, got "!" as reply type byte');
    const out: PeerReply[] = [];
    expect(r.read(bytes('+OK\r\n'), 5, out)).not.toBeNull();
    expect(out).toEqual([]);
  });
});

describe('parseLongLong (Redis string2ll)', () => {
  const cases: Array<[string, number | bigint | null]> = [
    ['0', 0],
    ['1', 1],
    ['-1', -1],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', 9007199254740992n],
    ['-9007199254740993', -9007199254740993n],
    ['+1', null],
    [' 1', null],
    ['1 ', null],
    ['00', null],
    ['-', null],
    ['', null],
  ];
  for (const [text, value] of cases) {
    it(`${JSON.stringify(text)} → ${String(value)}`, () => {
      const b = bytes(text);
      expect(parseLongLong(b, 0, b.length)).toBe(value);
    });
  }
});
