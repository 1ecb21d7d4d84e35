import { constants as bufferConstants } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import type { DecodeResult } from '../../src/protocol/request-decoder';
import { RequestDecoder } from '../../src/protocol/request-decoder';

function drain(d: RequestDecoder): DecodeResult[] {
  const out: DecodeResult[] = [];
  for (let r = d.next(); r !== null; r = d.next()) out.push(r);
  return out;
}

function decodeAll(input: string | Buffer, authRequired = false): DecodeResult[] {
  const d = new RequestDecoder({ authRequired: () => authRequired });
  d.feed(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  return drain(d);
}

const cmd = (...argv: string[]): DecodeResult => ({ kind: 'command', argv });
const protoError = (reply: string, reason: string): DecodeResult => ({ kind: 'error', reply: `ERR Protocol error: ${reply}`, reason });

describe('RequestDecoder: multibulk', () => {
  it('decodes pipelined multibulk requests', () => {
    expect(decodeAll('*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$3\r\na b\r\n')).toEqual([cmd('PING'), cmd('ECHO', 'a b')]);
  });

  it('keeps binary-safe bulk content, including CR LF and empty arguments', () => {
    expect(decodeAll('*3\r\n$3\r\nSET\r\n$4\r\na\r\nb\r\n$0\r\n\r\n')).toEqual([cmd('SET', 'a\r\nb', '')]);
  });

  it('keeps every byte: invalid UTF-8 and NUL stay distinct, one char per byte', () => {
    const a = decodeAll(Buffer.from('*2\r\n$4\r\nAUTH\r\n$3\r\n\xff\xfe\x00\r\n', 'latin1'));
    const b = decodeAll(Buffer.from('*2\r\n$4\r\nAUTH\r\n$3\r\n\xfd\xfc\x00\r\n', 'latin1'));
    expect(a).toEqual([cmd('AUTH', '\xff\xfe\x00')]);
    expect(b).toEqual([cmd('AUTH', '\xfd\xfc\x00')]);
    // Valid UTF-8 is kept as its bytes, too: 'é' is two of them.
    expect(decodeAll(Buffer.from('*1\r\n$2\r\n\u00e9\r\n', 'utf8'))).toEqual([cmd('\xc3\xa9')]);
    expect(decodeAll(Buffer.from('ECHO "\\xff\\x00x"\r\n', 'latin1'))).toEqual([cmd('ECHO', '\xff\x00x')]);
  });

  it('refuses a bulk longer than a JS string can be (24 bytes short of 512 MB) instead of throwing', () => {
    const max = bufferConstants.MAX_STRING_LENGTH;
    expect(decodeAll(`*1\r\n$${max + 1}\r\n`)).toEqual([protoError('invalid bulk length', 'invalid bulk length')]);
    expect(decodeAll(`*1\r\n$${max}\r\nab`)).toEqual([]);
  });

  it('ignores *0 and negative counts', () => {
    expect(decodeAll('*0\r\n*-1\r\n*-5\r\n*1\r\n$4\r\nPING\r\n')).toEqual([cmd('PING')]);
  });

  it('does not check the byte after CR (Redis skips it)', () => {
    expect(decodeAll('*1\rX$4\rYPINGZZ*1\r\n$1\r\nx\r\n')).toEqual([cmd('PING'), cmd('x')]);
  });

  it.each([
    ['*abc\r\n', protoError('invalid multibulk length', 'invalid mbulk count')],
    ['*2147483648\r\n', protoError('invalid multibulk length', 'invalid mbulk count')],
    ['*99999999999999999999\r\n', protoError('invalid multibulk length', 'invalid mbulk count')],
    ['*+1\r\n', protoError('invalid multibulk length', 'invalid mbulk count')],
    ['*01\r\n', protoError('invalid multibulk length', 'invalid mbulk count')],
    ['* 1\r\n', protoError('invalid multibulk length', 'invalid mbulk count')],
    ['*\r\n', protoError('invalid multibulk length', 'invalid mbulk count')],
    ['*1\r\n$abc\r\n', protoError('invalid bulk length', 'invalid bulk length')],
    ['*1\r\n$-1\r\n', protoError('invalid bulk length', 'invalid bulk length')],
    ['*1\r\n$-0\r\n', protoError('invalid bulk length', 'invalid bulk length')],
    ['*1\r\n$536870913\r\n', protoError('invalid bulk length', 'invalid bulk length')],
    ['*1\r\nx4\r\n', protoError("expected '$', got 'x'", 'expected $ but got something else')],
    ['*1\r\n:4\r\n', protoError("expected '$', got ':'", 'expected $ but got something else')],
  ])('rejects %j', (input, expected) => {
    expect(decodeAll(input)).toEqual([expected]);
  });

  it('accepts the longest bulk a string can hold (just under proto-max-bulk-len) without allocating it', () => {
    const d = new RequestDecoder();
    d.feed(Buffer.from(`*1\r\n$${bufferConstants.MAX_STRING_LENGTH}\r\n`));
    expect(d.next()).toBeNull();
    expect(d.buffered).toBe(0);
  });

  it('honours a smaller configured max bulk length', () => {
    const d = new RequestDecoder({ maxBulkLen: 3 });
    d.feed(Buffer.from('*1\r\n$4\r\n'));
    expect(d.next()).toEqual(protoError('invalid bulk length', 'invalid bulk length'));
  });

  it('rejects length lines longer than 64 KiB without CR', () => {
    expect(decodeAll(`*${'1'.repeat(70000)}`)).toEqual([protoError('too big mbulk count string', 'too big mbulk count string')]);
    expect(decodeAll(`*1\r\n$${'1'.repeat(70000)}`)).toEqual([protoError('too big bulk count string', 'too big bulk count string')]);
  });

  it('waits (no error) for a length line of up to 64 KiB', () => {
    expect(decodeAll(`*${'1'.repeat(65535)}`)).toEqual([]);
  });

  it('returns earlier requests before the error and nothing after it', () => {
    const d = new RequestDecoder();
    d.feed(Buffer.from('*1\r\n$4\r\nPING\r\n*x\r\n*1\r\n$4\r\nPING\r\n'));
    expect(d.next()).toEqual(cmd('PING'));
    expect(d.next()?.kind).toBe('error');
    expect(d.next()).toBeNull();
    d.feed(Buffer.from('*1\r\n$4\r\nPING\r\n'));
    expect(d.next()).toBeNull();
  });
});

describe('RequestDecoder: unauthenticated limits', () => {
  it('limits the argument count to 10 before authentication', () => {
    expect(decodeAll('*11\r\n', true)).toEqual([protoError('unauthenticated multibulk length', 'unauth mbulk count')]);
    expect(decodeAll('*10\r\n', true)).toEqual([]);
    expect(decodeAll('*11\r\n', false)).toEqual([]);
  });

  it('limits bulk length to 16384 before authentication', () => {
    expect(decodeAll('*1\r\n$16385\r\n', true)).toEqual([protoError('unauthenticated bulk length', 'unauth bulk length')]);
    expect(decodeAll('*1\r\n$16384\r\n', true)).toEqual([]);
    expect(decodeAll('*1\r\n$16385\r\n', false)).toEqual([]);
  });

  it('checks the limit with the state at parse time, so AUTH earlier in a pipeline counts', () => {
    let authed = false;
    const d = new RequestDecoder({ authRequired: () => !authed });
    d.feed(Buffer.from('*2\r\n$4\r\nAUTH\r\n$1\r\np\r\n*11\r\n'));
    expect(d.next()).toEqual(cmd('AUTH', 'p'));
    authed = true;
    expect(d.next()).toBeNull();
  });
});

describe('RequestDecoder: inline', () => {
  it('splits on blanks and accepts LF or CRLF endings', () => {
    expect(decodeAll('PING\r\nping\nsentinel  get-master-addr-by-name\tmymaster\r\n')).toEqual([
      cmd('PING'),
      cmd('ping'),
      cmd('sentinel', 'get-master-addr-by-name', 'mymaster'),
    ]);
  });

  it('ignores empty and blank lines', () => {
    expect(decodeAll('\r\n\n   \r\nPING\r\n')).toEqual([cmd('PING')]);
  });

  it.each([
    ['PING "a b"\r\n', ['PING', 'a b']],
    ['PING "\\x41\\x4g"\r\n', ['PING', 'Ax4g']],
    ['PING "\\n\\r\\t\\b\\a\\\\\\"\\q"\r\n', ['PING', '\n\r\t\b\x07\\"q']],
    ["PING 'a\\'b'\r\n", ['PING', "a'b"]],
    ["PING 'a\\nb'\r\n", ['PING', 'a\\nb']],
    ['PING a"b c"\r\n', ['PING', 'ab c']],
    ['PING ""\r\n', ['PING', '']],
    ['PING "\\xc3\\xa9"\r\n', ['PING', '\xc3\xa9']],
    // The inline splitter is the config one (core/split-args): \v and \f are
    // blanks between tokens and after a closing quote, but part of a bare token.
    ['\v\fPING a\vb\r\n', ['PING', 'a\vb']],
    ['PING "a"\vb\r\n', ['PING', 'a', 'b']],
    ["PING 'x'\f\r\n", ['PING', 'x']],
    ['PING \xff\x80 \t b\r\n', ['PING', '\xff\x80', 'b']],
  ])('applies Redis quoting to %j', (input, argv) => {
    expect(decodeAll(input)).toEqual([cmd(...argv)]);
  });

  it.each(['PING "a\r\n', 'PING "a"b\r\n', "PING 'a\r\n", "PING 'a'b\r\n", 'PING "a\\\r\n'])('rejects unbalanced quotes in %j', (input) => {
    expect(decodeAll(input)).toEqual([protoError('unbalanced quotes in request', 'unbalanced quotes in inline request')]);
  });

  it('rejects more than 64 KiB without a newline, and waits below that', () => {
    expect(decodeAll('a'.repeat(65537))).toEqual([protoError('too big inline request', 'too big inline request')]);
    expect(decodeAll('a'.repeat(65536))).toEqual([]);
  });

  it('rejects a line over 64 KiB even when its newline came in the same chunk', () => {
    expect(decodeAll(`PING ${'a'.repeat(100 * 1024)}\r\n`)).toEqual([protoError('too big inline request', 'too big inline request')]);
    expect(decodeAll(`ECHO ${'a'.repeat(65536 - 6)}\r\n`)).toEqual([cmd('ECHO', 'a'.repeat(65536 - 6))]);
  });

  it('never completes a line with a NUL before its newline (strchr semantics)', () => {
    const d = new RequestDecoder();
    d.feed(Buffer.from('PI\x00NG\r\nPING\r\n', 'latin1'));
    expect(d.next()).toBeNull();
    d.feed(Buffer.alloc(70000, 0x61));
    expect(d.next()).toEqual(protoError('too big inline request', 'too big inline request'));
  });

  it('drops HTTP requests (POST / Host:) in any case, inline or multibulk', () => {
    expect(decodeAll('POST / HTTP/1.1\r\n')).toEqual([{ kind: 'drop' }]);
    expect(decodeAll('host: x\r\n')).toEqual([{ kind: 'drop' }]);
    expect(decodeAll('*1\r\n$4\r\npost\r\n')).toEqual([{ kind: 'drop' }]);
    expect(decodeAll('POSTX\r\n')).toEqual([cmd('POSTX')]);
    expect(decodeAll('*1\r\n$4\r\npOsT\r\n')).toEqual([{ kind: 'drop' }]);
    expect(decodeAll('*2\r\n$5\r\nHoSt:\r\n$1\r\nx\r\n')).toEqual([{ kind: 'drop' }]);
    // Near misses: ':' is not compared case-insensitively (0x1a | 0x20 is ':'), nor other letters.
    expect(decodeAll('*1\r\n$5\r\nhost\x1a\r\n')).toEqual([cmd('host\x1a')]);
    expect(decodeAll('*1\r\n$4\r\nPING\r\n')).toEqual([cmd('PING')]);
    expect(decodeAll('*1\r\n$4\r\nPOSU\r\n')).toEqual([cmd('POSU')]);
  });
});

describe('RequestDecoder: chunking', () => {
  const stream =
    '*2\r\n$4\r\nECHO\r\n$5\r\nhe\r\nl\r\n' +
    'PING "q\\x41" \'s\'\r\n' +
    '*0\r\n' +
    '\r\n' +
    '*3\r\n$1\r\na\r\n$0\r\n\r\n$3\r\né\r\n'.replace('$3\r\né', `$${Buffer.byteLength('é')}\r\né`) +
    'ping\n';

  const whole = decodeAll(Buffer.from(stream));

  it('gives the same result when fed one byte at a time', () => {
    expect(whole).toHaveLength(4);
    const d = new RequestDecoder();
    const got: DecodeResult[] = [];
    for (const byte of Buffer.from(stream)) {
      d.feed(Buffer.from([byte]));
      got.push(...drain(d));
    }
    expect(got).toEqual(whole);
  });

  it('gives the same result when split at every position', () => {
    const bytes = Buffer.from(stream);
    for (let i = 0; i <= bytes.length; i++) {
      const d = new RequestDecoder();
      d.feed(bytes.subarray(0, i));
      const got = drain(d);
      d.feed(bytes.subarray(i));
      got.push(...drain(d));
      expect(got, `split at ${i}`).toEqual(whole);
    }
  });

  it('gives the same errors when fed one byte at a time', () => {
    const bad = '*1\r\n$4\r\nPING\r\n*1\r\n$x\r\n';
    const d = new RequestDecoder();
    const got: DecodeResult[] = [];
    for (const byte of Buffer.from(bad)) {
      d.feed(Buffer.from([byte]));
      got.push(...drain(d));
    }
    expect(got).toEqual(decodeAll(bad));
    expect(got.map((r) => r.kind)).toEqual(['command', 'error']);
  });

  it('assembles a large bulk from many chunks', () => {
    const payload = Buffer.alloc(1_000_000, 0x78);
    const d = new RequestDecoder();
    d.feed(Buffer.from(`*2\r\n$4\r\nECHO\r\n$${payload.length}\r\n`));
    for (let i = 0; i < payload.length; i += 1000) {
      d.feed(payload.subarray(i, i + 1000));
      if (i + 1000 < payload.length) expect(d.next()).toBeNull();
    }
    d.feed(Buffer.from('\r\n'));
    const r = d.next();
    expect(r?.kind).toBe('command');
    expect(r?.kind === 'command' && r.argv[1]?.length).toBe(payload.length);
  });

  it('stays fast on a long inline line arriving byte by byte', () => {
    const d = new RequestDecoder();
    const started = Date.now();
    for (let i = 0; i < 60000; i++) {
      d.feed(Buffer.from('a'));
      expect(d.next()).toBeNull();
    }
    d.feed(Buffer.from('\n'));
    expect(d.next()?.kind).toBe('command');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('decodes many pipelined requests', () => {
    const one = '*3\r\n$8\r\nsentinel\r\n$23\r\nget-master-addr-by-name\r\n$8\r\nmymaster\r\n';
    const got = decodeAll(one.repeat(10000));
    expect(got).toHaveLength(10000);
    expect(got[9999]).toEqual(cmd('sentinel', 'get-master-addr-by-name', 'mymaster'));
  });
});

describe('RequestDecoder: diagnostics', () => {
  it('describes the unparsed buffer like Redis logs it', () => {
    const d = new RequestDecoder();
    d.feed(Buffer.from('*1\r\n$abc\r\n'));
    d.next();
    expect(d.describeBuffer()).toBe("'$abc..'");
    const big = new RequestDecoder();
    big.feed(Buffer.alloc(70000, 0x61));
    big.next();
    expect(big.describeBuffer()).toBe(`'${'a'.repeat(64)}' (... more 69872 bytes ...) '${'a'.repeat(64)}'`);
  });
});

describe('RequestDecoder: whole requests read in place', () => {
  // A request that arrives whole takes the in-place path; the same bytes fed
  // one at a time always take the general one. Both must decide alike.
  const cases = [
    '*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n',
    '*3\r\n$8\r\nsentinel\r\n$23\r\nget-master-addr-by-name\r\n$8\r\nmymaster\r\n',
    '*2\r\n$4\r\nECHO\r\n$0\r\n\r\n',
    '*1\r\n$04\r\nPING\r\n',
    '*01\r\n$4\r\nPING\r\n',
    '*+1\r\n$4\r\nPING\r\n',
    '*-1\r\n*0\r\n*1\r\n$4\r\nPING\r\n',
    '*1\r\n$-1\r\n',
    '*1\r\n$+4\r\nPING\r\n',
    '*1\r\n:4\r\nPING\r\n',
    '*1\r\n$4\rXPINGXX*1\r\n$4\r\nPING\r\n',
    '*1X\r\n$4\r\nPING\r\n',
    '*1\r\n$4\x00\r\nPING\r\n',
    '*11\r\n' + '$1\r\na\r\n'.repeat(11),
    '*10\r\n' + '$1\r\na\r\n'.repeat(10),
    '*1\r\n$16385\r\n' + 'x'.repeat(16385) + '\r\n',
    '*1\r\n$16384\r\n' + 'x'.repeat(16384) + '\r\n',
    '*1\r\n$1234567890\r\n',
    '*1234567890\r\n',
    '*1\r\n$4\r\nPOST\r\n',
    '*1\r\n$5\r\nHoSt:\r\n',
    '*2\r\n$3\r\nGET\r\n$3\r\n\xff\x00\xfe\r\n',
    // Leading arguments are reused when they repeat: a near miss must not be.
    '*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n*2\r\n$4\r\nECHO\r\n$3\r\nabd\r\n*2\r\n$4\r\nECHO\r\n$2\r\nab\r\n*1\r\n$4\r\nECHO\r\n',
  ];
  for (const auth of [false, true]) {
    for (const c of cases) {
      it(`decides ${JSON.stringify(c.slice(0, 40))} alike whole and byte by byte (auth required: ${auth})`, () => {
        const whole = decodeAll(c, auth);
        const d = new RequestDecoder({ authRequired: () => auth });
        const bytes = Buffer.from(c, 'latin1');
        const split: DecodeResult[] = [];
        for (let i = 0; i < bytes.length; i++) {
          d.feed(bytes.subarray(i, i + 1));
          split.push(...drain(d));
        }
        expect(whole).toEqual(split);
      });
    }
  }
});
