import type { CommandSpec } from '../command';
import type { ByteWriter } from '../../protocol/byte-writer';
import { toBytes } from '../../core/bytes';
import type { GenericHost } from '../server-host';
import { CLIENTS, cpuSection, type InfoContext, SERVER, STATS } from './info-sections';

/** The sections a sentinel has, in the order they are always printed. */
const SECTIONS = ['server', 'clients', 'stats', 'cpu', 'sentinel'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * Which sections an INFO call asks for: everything for no argument or any of
 * default/all/everything; otherwise the named ones that exist here, silently
 * ignoring redis-server sections and unknown names.
 */
export function selectSections(args: string[]): ReadonlySet<Section> {
  if (args.length === 0) return ALL_SECTIONS;
  const lower = args.map((a) => a.toLowerCase());
  if (lower.some((a) => a === 'default' || a === 'all' || a === 'everything')) return ALL_SECTIONS;
  return new Set(SECTIONS.filter((s) => lower.includes(s)));
}

const ALL_SECTIONS: ReadonlySet<Section> = new Set(SECTIONS);

const HEAD = {
  server: toBytes('# Server\r\n'),
  clients: toBytes('# Clients\r\n'),
  stats: toBytes('# Stats\r\n'),
  cpu: toBytes('# CPU\r\n'),
  sentinel: toBytes('# Sentinel\r\n'),
} as const satisfies Record<Section, Buffer>;
const CRLF = toBytes('\r\n');

/** The sentinel section's text comes from the core, the same string while it is unchanged: its bytes are kept with it. */
let sentinelText: string | null = null;
let sentinelBytes: Buffer = CRLF;

/** Appends a section, header first; false (nothing appended) when there is no such section here. */
function renderSection(s: Section, c: InfoContext, w: ByteWriter): boolean {
  switch (s) {
    case 'server':
      w.bytes(HEAD.server);
      SERVER.render(c, w);
      return true;
    case 'clients':
      w.bytes(HEAD.clients);
      CLIENTS.render(c, w);
      return true;
    case 'stats':
      w.bytes(HEAD.stats);
      STATS.render(c, w);
      return true;
    case 'cpu':
      w.bytes(HEAD.cpu);
      w.bytes(cpuSection(c.nowMs));
      return true;
    case 'sentinel': {
      const text = c.host.facts.sentinelInfo();
      if (text === null) return false;
      if (text !== sentinelText) {
        sentinelText = text;
        sentinelBytes = toBytes(`${text}\r\n`);
      }
      w.bytes(HEAD.sentinel);
      w.bytes(sentinelBytes);
      return true;
    }
  }
}

/** INFO's text: sections separated by an empty line, every line CRLF-terminated. */
function renderInfo(host: GenericHost, args: string[], nowMs: number, w: ByteWriter): void {
  const c: InfoContext = { host, nowMs, uptime: Math.floor(process.uptime()) };
  let first = true;
  for (const s of selectSections(args)) {
    const mark = w.length;
    if (!first) w.bytes(CRLF);
    // A section that is not there leaves no separator behind either.
    if (renderSection(s, c, w)) first = false;
    else w.truncate(mark);
  }
}

export function infoCommand(host: GenericHost): CommandSpec {
  return {
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale'],
    categories: ['@slow', '@dangerous'],
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    // A plain bulk string in RESP3 too: Sentinel does not use the verbatim type here.
    run: (_ctx, argv) => {
      const nowMs = performance.timeOrigin + performance.now();
      const args = argv.slice(1);
      return { t: 'renderedBulk', render: (w) => renderInfo(host, args, nowMs, w) };
    },
  };
}
