import type { CommandSpec } from '../command';
import { bulkOfPieces } from '../../protocol/reply-encoder';
import type { GenericHost } from '../server-host';
import { CLIENTS, cpuSection, type InfoContext, SERVER, STATS } from './info-sections';
import type { InfoParts } from './info-template';

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

/** Appends a section, header first; false when there is no such section here. */
function renderSection(s: Section, c: InfoContext, out: InfoParts): boolean {
  switch (s) {
    case 'server':
      out.push('# Server\r\n');
      SERVER.render(c, out);
      return true;
    case 'clients':
      out.push('# Clients\r\n');
      CLIENTS.render(c, out);
      return true;
    case 'stats':
      out.push('# Stats\r\n');
      STATS.render(c, out);
      return true;
    case 'cpu':
      out.push('# CPU\r\n', cpuSection(c.nowMs));
      return true;
    case 'sentinel': {
      const text = c.host.facts.sentinelInfo();
      if (text === null) return false;
      out.push('# Sentinel\r\n', text, '\r\n');
      return true;
    }
  }
}

/** INFO's pieces: sections separated by an empty line, every line CRLF-terminated. */
function infoPieces(host: GenericHost, args: string[], nowMs: number): InfoParts {
  const c: InfoContext = { host, nowMs, uptime: Math.floor(process.uptime()) };
  const out: InfoParts = [];
  for (const s of selectSections(args)) {
    const mark = out.length;
    if (mark > 0) out.push('\r\n');
    // A section that is not there leaves no separator behind either.
    if (!renderSection(s, c, out)) out.length = mark;
  }
  return out;
}

export function infoCommand(host: GenericHost): CommandSpec {
  return {
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale'],
    categories: ['@slow', '@dangerous'],
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    // A plain bulk string in RESP3 too: Sentinel does not use the verbatim type here.
    run: (_ctx, argv) => bulkOfPieces(infoPieces(host, argv.slice(1), performance.timeOrigin + performance.now())),
  };
}
