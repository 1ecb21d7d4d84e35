/**
 * `user` lines as the rewriter writes them. Redis re-renders every ACL user
 * from its parsed form, so clear-text passwords (`>pw`) become `#<sha256>`
 * and rules come out in a fixed order. This is a faithful rendering for the
 * rule forms sentinel files use (on/off, passwords, key and channel patterns,
 * command and category rules); selectors are carried through unchanged.
 */
import { createHash } from 'node:crypto';
import { compareBytes } from '../core/bytes';

/** The users of the running server (its ACL), which a rewrite writes instead of the file's declarations. */
export interface LiveUsers {
  /** complete `user <name> <rules>` lines in the order to write them */
  userLines(): string[];
}

export interface UserDecl {
  name: string;
  rules: string[];
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'latin1').digest('hex');
}

/** The default user: open unless `requirepass` gave it a password. */
export function defaultUserLine(requirepass: string | null): string {
  const auth = requirepass === null ? 'nopass' : `#${sha256Hex(requirepass)}`;
  return `user default on ${auth} ~* &* +@all`;
}

interface UserState {
  enabled: boolean;
  nopass: boolean;
  hashes: string[];
  keys: string[];
  channels: string[] | null;
  commands: string[];
  selectors: string[];
}

function fresh(pubsubAll: boolean): UserState {
  return {
    enabled: false,
    nopass: false,
    hashes: [],
    keys: [],
    channels: pubsubAll ? ['*'] : null,
    commands: ['-@all'],
    selectors: [],
  };
}

function addUnique(list: string[], v: string): void {
  if (!list.includes(v)) list.push(v);
}

function applyRule(u: UserState, rule: string, pubsubAll: boolean): UserState {
  const r = rule.toLowerCase();
  if (r === 'on') u.enabled = true;
  else if (r === 'off') u.enabled = false;
  else if (r === 'nopass') {
    u.nopass = true;
    u.hashes = [];
  } else if (r === 'resetpass') {
    u.nopass = false;
    u.hashes = [];
  } else if (r === 'reset') return fresh(pubsubAll);
  else if (rule.startsWith('>')) {
    addUnique(u.hashes, sha256Hex(rule.slice(1)));
    u.nopass = false;
  } else if (rule.startsWith('#')) {
    addUnique(u.hashes, rule.slice(1).toLowerCase());
    u.nopass = false;
  } else if (rule.startsWith('<')) u.hashes = u.hashes.filter((h) => h !== sha256Hex(rule.slice(1)));
  else if (rule.startsWith('!')) u.hashes = u.hashes.filter((h) => h !== rule.slice(1).toLowerCase());
  else if (r === 'allkeys') u.keys = ['~*'];
  else if (r === 'resetkeys') u.keys = [];
  else if (rule.startsWith('~') || rule.startsWith('%')) addUnique(u.keys, rule);
  else if (r === 'allchannels') u.channels = ['*'];
  else if (r === 'resetchannels') u.channels = null;
  else if (rule.startsWith('&')) (u.channels ??= []).push(rule.slice(1));
  else if (r === 'allcommands' || r === '+@all') u.commands = ['+@all'];
  else if (r === 'nocommands' || r === '-@all') u.commands = ['-@all'];
  else if (rule.startsWith('+') || rule.startsWith('-')) u.commands.push(rule.toLowerCase());
  else if (rule.startsWith('(')) u.selectors.push(rule);
  return u;
}

/**
 * Renders the effective rules of a user declared by one or more `user` lines.
 * `pubsubAll` reflects `acl-pubsub-default allchannels`.
 */
export function describeUser(name: string, rules: readonly string[], pubsubAll: boolean): string {
  let u = fresh(pubsubAll);
  for (const r of rules) u = applyRule(u, r, pubsubAll);
  const parts = [`user ${name}`, u.enabled ? 'on' : 'off'];
  if (u.nopass) parts.push('nopass');
  for (const h of u.hashes) parts.push(`#${h}`);
  parts.push(...u.keys);
  if (u.channels === null) parts.push('resetchannels');
  else parts.push(...u.channels.map((c) => `&${c}`));
  parts.push(...u.commands, ...u.selectors);
  return parts.join(' ');
}

/**
 * Every user line of a rewrite, in name order as Redis writes them. The
 * default user always exists; its declared rules (if any) win over requirepass.
 */
export function userLines(users: readonly UserDecl[], requirepass: string | null, pubsubAll: boolean): string[] {
  const byName = new Map<string, string[]>();
  for (const u of users) byName.set(u.name, [...(byName.get(u.name) ?? []), ...u.rules]);
  const names = [...new Set(['default', ...byName.keys()])].sort(compareBytes);
  return names.map((n) => {
    const rules = byName.get(n);
    if (rules === undefined) return defaultUserLine(requirepass);
    return describeUser(n, n === 'default' ? ['reset', ...rules] : rules, pubsubAll);
  });
}
