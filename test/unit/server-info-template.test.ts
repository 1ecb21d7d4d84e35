import { describe, expect, it } from 'vitest';
import { type InfoField, type InfoParts, InfoTemplate } from '../../src/server/commands/info-template';
import { bulk } from '../../src/protocol/reply';
import { bulkOfPieces, encodeReplyText } from '../../src/protocol/reply-encoder';

interface Ctx {
  port: number;
  clock: number;
  name: string;
}

const FIELDS: ReadonlyArray<InfoField<Ctx>> = [
  ['version', '7.0.15'],
  ['port', (c) => c.port],
  ['time', (c) => c.clock, 'volatile'],
  ['zero', 0],
  ['name', (c) => c.name],
  ['count', (c) => c.clock * 2, 'volatile'],
];

/** The section as plain concatenation writes it: what the template must equal. */
function naive(c: Ctx): string {
  return FIELDS.map(([k, v]) => `${k}:${typeof v === 'function' ? v(c) : v}\r\n`).join('');
}

function render(t: InfoTemplate<Ctx>, c: Ctx): string {
  const out: InfoParts = [];
  t.render(c, out);
  return out.join('');
}

describe('InfoTemplate', () => {
  it('renders every line as name:value CRLF, kept runs changing with their values', () => {
    const t = new InfoTemplate(FIELDS);
    const steps: Ctx[] = [
      { port: 26379, clock: 1, name: 'a' },
      { port: 26379, clock: 2, name: 'a' },
      { port: 26380, clock: 2, name: 'a' },
      { port: 26380, clock: 3, name: 'b' },
      { port: 26379, clock: 4, name: 'a' },
      { port: 26379, clock: 4, name: 'a' },
    ];
    for (const c of steps) expect(render(t, c)).toBe(naive(c));
  });

  it('a volatile value is placed as it is; the lines around it come as few strings', () => {
    const t = new InfoTemplate(FIELDS);
    const out: InfoParts = [];
    t.render({ port: 1, clock: 5, name: 'x' }, out);
    expect(out).toEqual(['version:7.0.15\r\nport:1\r\ntime:', 5, '\r\nzero:0\r\nname:x\r\ncount:', 10, '\r\n']);
  });

  it('a section of constants only is one string', () => {
    const t = new InfoTemplate<Ctx>([
      ['a', 1],
      ['b', 'two'],
    ]);
    const out: InfoParts = [];
    t.render({ port: 0, clock: 0, name: '' }, out);
    expect(out).toEqual(['a:1\r\nb:two\r\n']);
  });
});

describe('bulkOfPieces', () => {
  for (const pieces of [['a:1\r\n', 42, '\r\n'], [''], ['\xff\x00', 0, -7, 1.5e15]]) {
    it(`encodes ${JSON.stringify(pieces)} as the bulk of the joined text`, () => {
      const text = pieces.join('');
      const r = bulkOfPieces([...pieces]);
      expect(r.t === 'bulk' && r.s).toBe(text);
      for (const proto of [2, 3] as const) expect(encodeReplyText(r, proto)).toBe(encodeReplyText(bulk(text), proto));
      // Inside an aggregate too.
      expect(encodeReplyText({ t: 'array', items: [r, r] }, 2)).toBe(`*2\r\n${encodeReplyText(bulk(text), 2).repeat(2)}`);
    });
  }
});
