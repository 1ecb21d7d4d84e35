import { splitArgs } from '../../core/split-args';
import { describeSelector } from './describe';
import type { RuleError } from './errors';
import { Selector } from './selector';
import type { CommandUniverse } from './universe';
import { asciiLower } from '../../core/bytes';

/**
 * SHA-256 hex of the password's bytes, as Redis stores and prints it.
 * node:crypto is loaded here, at the first password, not by every start.
 */
export function hashPassword(pw: string): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(pw, 'latin1').digest('hex');
}

function validHash(h: string): boolean {
  return /^[0-9a-f]{64}$/.test(h);
}

/**
 * An ACL user: on/off, passwords (as SHA-256 hex), and selectors, the first
 * of which is the root one that rules outside parentheses change.
 */
export class User {
  enabled = false;
  nopass = false;
  /** "sanitize-payload" / "skip-sanitize-payload": meaningless on a sentinel, but shown back */
  sanitize: 'unset' | 'sanitize' | 'skip' = 'unset';
  passwords: string[] = [];
  selectors: Selector[];

  /** `pubsubAll` is acl-pubsub-default: whether new selectors start with all channels */
  constructor(
    readonly name: string,
    private readonly pubsubAll: boolean,
  ) {
    this.selectors = [new Selector(pubsubAll)];
  }

  get root(): Selector {
    // Never empty: every assignment to selectors starts it with a root.
    return this.selectors[0] as Selector;
  }

  /** A copy to stage changes on, so that a failing rule list changes nothing. */
  clone(name = this.name): User {
    const u = new User(name, this.pubsubAll);
    u.copyFrom(this);
    return u;
  }

  copyFrom(o: User): void {
    this.enabled = o.enabled;
    this.nopass = o.nopass;
    this.sanitize = o.sanitize;
    this.passwords = [...o.passwords];
    this.selectors = o.selectors.map((s) => s.clone());
  }

  /** Applies one rule; returns why it was refused, or null. An empty rule does nothing. */
  apply(op: string, u: CommandUniverse): RuleError | null {
    if (op === '') return null;
    const lower = asciiLower(op);
    if (lower === 'on') this.enabled = true;
    else if (lower === 'off') this.enabled = false;
    else if (lower === 'skip-sanitize-payload') this.sanitize = 'skip';
    else if (lower === 'sanitize-payload') this.sanitize = 'sanitize';
    else if (lower === 'nopass') {
      this.nopass = true;
      this.passwords = [];
    } else if (lower === 'resetpass') {
      this.nopass = false;
      this.passwords = [];
    } else if (op.startsWith('>') || op.startsWith('#')) {
      const h = op.startsWith('>') ? hashPassword(op.slice(1)) : op.slice(1);
      if (!validHash(h)) return 'EBADMSG';
      if (!this.passwords.includes(h)) this.passwords.push(h);
      this.nopass = false;
    } else if (op.startsWith('<') || op.startsWith('!')) {
      const h = op.startsWith('<') ? hashPassword(op.slice(1)) : op.slice(1);
      if (!validHash(h)) return 'EBADMSG';
      const i = this.passwords.indexOf(h);
      if (i < 0) return 'ENODEV';
      this.passwords.splice(i, 1);
    } else if (op.startsWith('(') && op.endsWith(')')) {
      const sel = new Selector(this.pubsubAll);
      for (const inner of splitArgs(op.slice(1, -1)) ?? []) {
        const err = sel.apply(inner, u);
        if (err) return err;
      }
      this.selectors.push(sel);
    } else if (lower === 'clearselectors') {
      this.selectors = [this.root];
    } else if (lower === 'reset') {
      this.nopass = false;
      this.passwords = [];
      const root = new Selector(this.pubsubAll);
      this.enabled = false;
      this.sanitize = 'sanitize';
      this.selectors = [root];
    } else {
      return this.root.apply(op, u);
    }
    return null;
  }

  /** The rules after `user <name>` in ACL LIST and in the config file. */
  describe(u: CommandUniverse): string {
    const parts: string[] = [this.enabled ? 'on' : 'off'];
    if (this.nopass) parts.push('nopass');
    if (this.sanitize === 'skip') parts.push('skip-sanitize-payload');
    if (this.sanitize === 'sanitize') parts.push('sanitize-payload');
    parts.push(...this.passwords.map((h) => `#${h}`));
    parts.push(describeSelector(this.root, u));
    let out = parts.join(' ');
    for (const s of this.selectors.slice(1)) out += ` (${describeSelector(s, u)})`;
    return out;
  }

  /** What GETUSER calls flags. */
  flagNames(): string[] {
    const f = [this.enabled ? 'on' : 'off'];
    if (this.nopass) f.push('nopass');
    if (this.sanitize === 'skip') f.push('skip-sanitize-payload');
    if (this.sanitize === 'sanitize') f.push('sanitize-payload');
    return f;
  }
}
