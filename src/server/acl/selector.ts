import { categoryByName } from './categories';
import type { RuleError } from './errors';
import { hasSpaces } from './errors';
import type { AclCommand, CommandUniverse } from './universe';
import { asciiLower } from '../../core/bytes';

export const READ = 1;
export const WRITE = 2;

export interface KeyPattern {
  pattern: string;
  /** READ, WRITE or both */
  flags: number;
}

/**
 * One set of permissions: commands, key patterns and channel patterns. A
 * user has a root selector plus optional extra ones in parentheses.
 *
 * Redis keeps commands as a bitmap filled with all ones by +@all and all
 * zeros by -@all; later rules flip single bits. The same is modelled here as
 * a fill value plus the names whose bit differs from it, so commands
 * registered after the rule was applied get the fill, as in Redis. The fill
 * also plays the part of Redis's reserved "future commands" bit, which only
 * +@all and -@all change.
 */
export class Selector {
  fill = false;
  readonly flipped = new Set<string>();
  /** set by +@all, cleared as soon as any bit is cleared: skips the bit test */
  allCommands = false;
  /** "+cmd|arg" rules: a denied command allowed with one of these first arguments */
  readonly firstArgs = new Map<string, string[]>();
  allKeys = false;
  keys: KeyPattern[] = [];
  allChannels: boolean;
  channels: string[] = [];

  constructor(allChannels: boolean) {
    this.allChannels = allChannels;
  }

  clone(): Selector {
    const s = new Selector(this.allChannels);
    s.fill = this.fill;
    for (const n of this.flipped) s.flipped.add(n);
    s.allCommands = this.allCommands;
    for (const [k, v] of this.firstArgs) s.firstArgs.set(k, [...v]);
    s.allKeys = this.allKeys;
    s.keys = this.keys.map((k) => ({ ...k }));
    s.channels = [...this.channels];
    return s;
  }

  bit(fullName: string): boolean {
    return this.fill !== this.flipped.has(fullName);
  }

  setBit(fullName: string, value: boolean): void {
    if (value === this.fill) this.flipped.delete(fullName);
    else this.flipped.add(fullName);
    if (!value) this.allCommands = false;
  }

  /** Allowing or denying a container does the same to all its subcommands. */
  changePerm(cmd: AclCommand, allow: boolean): void {
    this.setBit(cmd.fullName, allow);
    this.firstArgs.delete(cmd.fullName);
    for (const sub of cmd.subcommands) this.setBit(sub.fullName, allow);
  }

  setAll(allow: boolean): void {
    this.fill = allow;
    this.flipped.clear();
    this.allCommands = allow;
    this.firstArgs.clear();
  }

  /** A container matching the category takes all its subcommands along, whatever their own categories. */
  setCategory(u: CommandUniverse, category: string, allow: boolean): void {
    for (const cmd of u.top) {
      if (cmd.categories.has(category)) this.changePerm(cmd, allow);
      for (const sub of cmd.subcommands) if (sub.categories.has(category)) this.changePerm(sub, allow);
    }
  }

  /** Applies one rule; returns why it was refused, or null. */
  apply(op: string, u: CommandUniverse): RuleError | null {
    const lower = asciiLower(op);
    if (lower === 'allkeys' || op === '~*') {
      this.allKeys = true;
      this.keys = [];
    } else if (lower === 'resetkeys') {
      this.allKeys = false;
      this.keys = [];
    } else if (lower === 'allchannels' || op === '&*') {
      this.allChannels = true;
      this.channels = [];
    } else if (lower === 'resetchannels') {
      this.allChannels = false;
      this.channels = [];
    } else if (lower === 'allcommands' || lower === '+@all') {
      this.setAll(true);
    } else if (lower === 'nocommands' || lower === '-@all') {
      this.setAll(false);
    } else if (op.startsWith('~') || op.startsWith('%')) {
      return this.addKeyPattern(op);
    } else if (op.startsWith('&')) {
      if (this.allChannels) return 'EISDIR';
      const pat = op.slice(1);
      if (hasSpaces(pat)) return 'EINVAL';
      if (!this.channels.includes(pat)) this.channels.push(pat);
      this.allChannels = false;
    } else if ((op.startsWith('+') || op.startsWith('-')) && op[1] === '@') {
      const cat = categoryByName(op.slice(2));
      if (cat === null) return 'ENOENT';
      this.setCategory(u, cat, op[0] === '+');
    } else if (op.startsWith('+')) {
      return this.allowCommand(op.slice(1), u);
    } else if (op.startsWith('-')) {
      const cmd = u.find(op.slice(1));
      if (!cmd) return 'ENOENT';
      this.changePerm(cmd, false);
    } else {
      return 'EINVAL';
    }
    return null;
  }

  private addKeyPattern(op: string): RuleError | null {
    if (this.allKeys) return 'EEXIST';
    let flags = 0;
    let offset = 1;
    if (op.startsWith('%')) {
      for (; offset < op.length; offset++) {
        const c = op.charAt(offset).toUpperCase();
        if (c === 'R' && !(flags & READ)) flags |= READ;
        else if (c === 'W' && !(flags & WRITE)) flags |= WRITE;
        else if (op[offset] === '~') {
          offset++;
          break;
        } else return 'EINVAL';
      }
    } else {
      flags = READ | WRITE;
    }
    const pattern = op.slice(offset);
    if (hasSpaces(pattern)) return 'EINVAL';
    const old = this.keys.find((k) => k.pattern === pattern);
    if (old) old.flags |= flags;
    else this.keys.push({ pattern, flags });
    this.allKeys = false;
    return null;
  }

  /**
   * "+cmd", "+container|sub", or "+cmd|arg" for a command without
   * subcommands, which allows only that first argument.
   */
  private allowCommand(name: string, u: CommandUniverse): RuleError | null {
    const bar = name.lastIndexOf('|');
    if (bar < 0) {
      const cmd = u.find(name);
      if (!cmd) return 'ENOENT';
      this.changePerm(cmd, true);
      return null;
    }
    const base = u.find(name.slice(0, bar));
    const arg = name.slice(bar + 1);
    if (!base) return 'ENOENT';
    if (base.isSubcommand) return 'ECHILD';
    if (arg === '') return 'EINVAL';
    if (base.subcommands.length > 0) {
      const sub = u.find(name);
      if (!sub) return 'ENOENT';
      this.changePerm(sub, true);
      return null;
    }
    const list = this.firstArgs.get(base.fullName) ?? [];
    if (!list.some((a) => asciiLower(a) === asciiLower(arg))) list.push(arg);
    this.firstArgs.set(base.fullName, list);
    return null;
  }
}
