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
export function selectSections(args: string[]): Set<Section> {
  const lower = args.map((a) => a.toLowerCase());
  if (lower.length === 0 || lower.some((a) => a === 'default' || a === 'all' || a === 'everything')) return new Set(SECTIONS);
  return new Set(SECTIONS.filter((s) => lower.includes(s)));
}

function sectionLines(host: GenericHost, s: Section, nowMs: number): { title: string; lines: string[] } | null {
  switch (s) {
    case 'server':
      return { title: 'Server', lines: serverSection(host, nowMs) };
    case 'clients':
      return { title: 'Clients', lines: clientsSection(host) };
    case 'stats':
      return { title: 'Stats', lines: statsSection(host) };
    case 'cpu':
      return { title: 'CPU', lines: cpuSection() };
    case 'sentinel': {
      const lines = host.facts.sentinelInfo();
      return lines === null ? null : { title: 'Sentinel', lines };
    }
  }
}

/** INFO text: sections separated by an empty line, every line CRLF-terminated. */
export function renderInfo(host: GenericHost, args: string[], nowMs = performance.timeOrigin + performance.now()): string {
  const parts: string[] = [];
  for (const s of selectSections(args)) {
    const sec = sectionLines(host, s, nowMs);
    if (sec) parts.push(`# ${sec.title}\r\n${sec.lines.map((l) => `${l}\r\n`).join('')}`);
  }
  return parts.join('\r\n');
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
