import type { CommandSpec } from '../command';
import { bulk } from '../../protocol/reply';
import type { GenericHost } from '../server-host';
import { clientsSection, cpuSection, serverSection, statsSection } from './info-sections';

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

/** A section's lines, each CRLF-terminated; null when there is no such section here. */
function sectionText(host: GenericHost, s: Section, nowMs: number): string | null {
  switch (s) {
    case 'server':
      return `# Server\r\n${serverSection(host, nowMs)}`;
    case 'clients':
      return `# Clients\r\n${clientsSection(host)}`;
    case 'stats':
      return `# Stats\r\n${statsSection(host)}`;
    case 'cpu':
      return `# CPU\r\n${cpuSection(nowMs)}`;
    case 'sentinel': {
      const text = host.facts.sentinelInfo();
      return text === null ? null : `# Sentinel\r\n${text}\r\n`;
    }
  }
}

/** INFO text: sections separated by an empty line, every line CRLF-terminated. */
export function renderInfo(host: GenericHost, args: string[], nowMs = performance.timeOrigin + performance.now()): string {
  let out = '';
  for (const s of selectSections(args)) {
    const text = sectionText(host, s, nowMs);
    if (text === null) continue;
    out += out === '' ? text : `\r\n${text}`;
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
    run: (_ctx, argv) => bulk(renderInfo(host, argv.slice(1))),
  };
}
