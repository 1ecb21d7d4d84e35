import { globMatch } from '../../core/glob';
import type { Selector } from './selector';
import type { User } from './user';
import { asciiLower } from '../../core/bytes';

/** Why a command was refused; `argIndex` points at the offending channel in argv. */
export type Denial = { reason: 'command' } | { reason: 'channel'; argIndex: number };

export interface CommandToCheck {
  /** original full name, e.g. "sentinel|myid" */
  fullName: string;
  /** AUTH and HELLO: always allowed, or nobody could log in */
  noAuth: boolean;
  isSubcommand: boolean;
  argv: readonly string[];
}

interface ChannelArg {
  index: number;
  pattern: boolean;
}

/**
 * The channels a command names. Only publishing and subscribing are checked:
 * unsubscribing from a channel one may no longer use must stay possible.
 */
function channelArgs(fullName: string, argv: readonly string[]): ChannelArg[] {
  if (fullName === 'publish') return argv.length > 1 ? [{ index: 1, pattern: false }] : [];
  if (fullName !== 'subscribe' && fullName !== 'psubscribe') return [];
  const out: ChannelArg[] = [];
  for (let i = 1; i < argv.length; i++) out.push({ index: i, pattern: fullName === 'psubscribe' });
  return out;
}

/**
 * A channel name is matched against the user's glob patterns; a pattern given
 * to PSUBSCRIBE must equal one of them literally, since a glob cannot be
 * proven to cover another glob.
 */
export function channelAllowedBy(patterns: readonly string[], channel: string, isPattern: boolean): boolean {
  return patterns.some((p) => (isPattern ? p === channel : globMatch(p, channel)));
}

function checkSelector(s: Selector, c: CommandToCheck): Denial | null {
  if (!s.allCommands && !c.noAuth && !s.bit(c.fullName)) {
    const allowedArgs = s.firstArgs.get(c.fullName);
    const first = c.argv[c.isSubcommand ? 2 : 1];
    if (!allowedArgs || first === undefined || !allowedArgs.some((a) => asciiLower(a) === asciiLower(first))) {
      return { reason: 'command' };
    }
  }
  if (!s.allChannels) {
    for (const ch of channelArgs(c.fullName, c.argv)) {
      // channelArgs only names indexes inside argv.
      if (!channelAllowedBy(s.channels, c.argv[ch.index] as string, ch.pattern)) return { reason: 'channel', argIndex: ch.index };
    }
  }
  return null;
}

/**
 * Allowed if any selector allows it. Otherwise the denial reported is, as in
 * Redis, a channel one over a command one, and the latest channel among those.
 */
/** Shared by every refusal of a command, checked on each request: a denial is only read. */
const COMMAND_DENIED: Denial = { reason: 'command' };

export function checkCommandPermission(user: User, c: CommandToCheck): Denial | null {
  let worst: Denial = COMMAND_DENIED;
  for (const s of user.selectors) {
    const d = checkSelector(s, c);
    if (d === null) return null;
    if (d.reason === 'channel' && (worst.reason === 'command' || d.argIndex > worst.argIndex)) worst = d;
  }
  return worst;
}
