import { describe, expect, it } from 'vitest';
import { type InfoField, InfoTemplate } from '../../src/server/commands/info-template';
import { bulk, type Reply } from '../../src/protocol/reply';
import { encodeReplyText } from '../../src/protocol/reply-encoder';
import { ByteWriter } from '../../src/protocol/byte-writer';

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
  const w = new ByteWriter(8);
  t.render(c, w);
  return w.latin1();
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
      { port: 26379, clock: 1.5e15 + 7, name: '\xff\x00' },
      { port: 0, clock: 0, name: '' },
    ];
    for (const c of steps) expect(render(t, c)).toBe(naive(c));
  });

  it('a volatile value is printed as String() prints it, whatever it is', () => {
    const t = new InfoTemplate<Ctx>([['v', (c) => c.clock, 'volatile']]);
    for (const clock of [0, 9, 10, 99, 100, 123456789, 2 ** 53 - 1, 2 ** 53, 1e21, -1, -0, 0.5, 1.25e-7]) {
      expect(render(t, { port: 0, clock, name: '' })).toBe(`v:${String(clock)}\r\n`);
    }
  });

  it('a section of constants only renders as its lines', () => {
    const t = new InfoTemplate<Ctx>([
      ['a', 1],
      ['b', 'two'],
    ]);
    expect(render(t, { port: 0, clock: 0, name: '' })).toBe('a:1\r\nb:two\r\n');
  });
});

describe('renderedBulk', () => {
  for (const text of ['a:1\r\n42\r\n', '', '\xff\x00', 'x'.repeat(70_000)]) {
    it(`encodes a rendered ${text.length}-byte text as the bulk of that text`, () => {
      const r: Reply = { t: 'renderedBulk', render: (w) => w.text(text) };
      for (const proto of [2, 3] as const) expect(encodeReplyText(r, proto)).toBe(encodeReplyText(bulk(text), proto));
      // Inside an aggregate too.
      expect(encodeReplyText({ t: 'array', items: [r, r] }, 2)).toBe(`*2\r\n${encodeReplyText(bulk(text), 2).repeat(2)}`);
    });
  }
});
