import type { CommandTable } from '../command-table';
import { AclLog } from './acl-log';
import { hasSpaces, ruleErrorText } from './errors';
import { mergeSelectorArgs } from './merge-selectors';
import type { CommandUniverse } from './universe';
import { universeOf } from './universe';
import { User, hashPassword } from './user';
import { compareBytes } from '../../core/bytes';
import { parseAclFile } from './acl-file';

export interface AclOptions {
  /** acl-pubsub-default: true = allchannels */
  pubsubAll?: boolean;
  /** acllog-max-len */
  logMaxLen?: number;
}

/** A user declared by a `user` line of the config file. */
export interface ConfiguredUser {
  name: string;
  rules: readonly string[];
}

export type SetUserResult = { ok: true; before: User | null; after: User } | { ok: false; error: string };

/**
 * The users of this server. Users are looked up by name, and clients refer
 * to their user by name: a deleted user's clients are disconnected, so a
 * name never silently points to a different user.
 */
export class Acl {
  readonly log: AclLog;
  private readonly users = new Map<string, User>();
  private readonly pubsubAll: boolean;

  constructor(
    private readonly table: CommandTable,
    opts: AclOptions = {},
  ) {
    this.pubsubAll = opts.pubsubAll ?? false;
    const max = opts.logMaxLen ?? 128;
    this.log = new AclLog(() => max);
    this.users.set('default', this.freshDefault());
  }

  private freshDefault(): User {
    const d = new User('default', this.pubsubAll);
    for (const r of ['+@all', '~*', '&*', 'on', 'nopass']) d.apply(r, this.universe());
    return d;
  }

  /**
   * Replaces every user with the aclfile's (see parseAclFile). `default` is
   * updated in place, and is the built-in one again when the file does not
   * name it. Returns the names of the users replaced: their clients must go,
   * as Redis frees the old user objects and disconnects their clients.
   */
  loadFile(text: string, filename: string): { ok: true; replaced: string[] } | { ok: false; errors: string } {
    const r = parseAclFile(text, filename, this.universe(), this.pubsubAll);
    if (!r.ok) return r;
    const replaced = [...this.users.keys()].filter((n) => n !== 'default');
    const d = this.defaultUser;
    d.copyFrom(r.users.get('default') ?? this.freshDefault());
    this.users.clear();
    this.users.set('default', d);
    for (const [n, u] of r.users) if (n !== 'default') this.users.set(n, u);
    return { ok: true, replaced };
  }

  universe(): CommandUniverse {
    return universeOf(this.table);
  }

  get defaultUser(): User {
    return this.users.get('default') as User;
  }

  get(name: string): User | undefined {
    return this.users.get(name);
  }

  /** Names in byte order, as Redis's radix tree lists them. */
  names(): string[] {
    // Byte order, like Redis's rax.
    return [...this.users.keys()].sort(compareBytes);
  }

  /** Clients start out authenticated as `default` when it needs no password. */
  defaultAuthenticates(): boolean {
    const d = this.defaultUser;
    return d.nopass && d.enabled;
  }

  /** Checked on every command, so turning `default` off locks out clients that never authenticated. */
  authRequired(authenticated: boolean): boolean {
    return !this.defaultAuthenticates() && !authenticated;
  }

  /** requirepass: the default user's only password, or nopass when null. */
  setRequirepass(pw: string | null): void {
    const d = this.defaultUser;
    d.apply('resetpass', this.universe());
    d.apply(pw === null ? 'nopass' : `>${pw}`, this.universe());
  }

  /**
   * ACL SETUSER: all rules are tried on a copy first, so a bad rule leaves
   * the user (or its absence) untouched.
   */
  setUser(name: string, rules: readonly string[]): SetUserResult {
    if (hasSpaces(name)) return { ok: false, error: "Usernames can't contain spaces or null characters" };
    const merged = mergeSelectorArgs(rules);
    if (!merged.ok) return { ok: false, error: `Unmatched parenthesis in acl selector starting at '${merged.opening}'.` };
    const before = this.users.get(name) ?? null;
    const staged = before ? before.clone() : new User(name, this.pubsubAll);
    const u = this.universe();
    for (const op of merged.args) {
      const err = staged.apply(op, u);
      if (err) return { ok: false, error: `Error in ACL SETUSER modifier '${op}': ${ruleErrorText(err)}` };
    }
    const snapshot = before ? before.clone() : null;
    if (before) before.copyFrom(staged);
    else this.users.set(name, staged);
    return { ok: true, before: snapshot, after: this.users.get(name) as User };
  }

  /** Removes users (never `default`); returns the names that existed. */
  deleteUsers(names: readonly string[]): string[] {
    const gone: string[] = [];
    for (const n of names) {
      if (n === 'default') continue;
      if (this.users.delete(n)) gone.push(n);
    }
    return gone;
  }

  /** Disabled users cannot log in; nopass users accept any password. */
  credentialsValid(name: string, pass: string): boolean {
    const u = this.users.get(name);
    if (!u || !u.enabled) return false;
    if (u.nopass) return true;
    const h = Buffer.from(hashPassword(pass), 'latin1');
    const { timingSafeEqual } = require('node:crypto') as typeof import('node:crypto');
    return u.passwords.some((p) => {
      const b = Buffer.from(p, 'latin1');
      return b.length === h.length && timingSafeEqual(b, h);
    });
  }

  /** `user <name> <rules>` for every user, as ACL LIST shows and the config rewrite writes them. */
  userLines(): string[] {
    const u = this.universe();
    return this.names().map((n) => `user ${n} ${(this.users.get(n) as User).describe(u)}`);
  }

  /**
   * The `user` lines of the config file, in file order. `default` is reset
   * before its rules apply, so a declared default user does not inherit its
   * built-in permissions. Returns Redis's log lines; `ok` false means Redis
   * would refuse to start.
   */
  loadConfigured(decls: readonly ConfiguredUser[]): { ok: boolean; warnings: string[]; notices: string[] } {
    const warnings: string[] = [];
    const notices: string[] = [];
    const u = this.universe();
    for (const d of decls) {
      if (hasSpaces(d.name)) {
        warnings.push('Spaces not allowed in ACL usernames');
        return { ok: false, warnings, notices };
      }
      let user = this.users.get(d.name);
      if (user) user.apply('reset', u);
      else {
        user = new User(d.name, this.pubsubAll);
        this.users.set(d.name, user);
      }
      const merged = mergeSelectorArgs(d.rules);
      const rules = merged.ok ? merged.args : d.rules;
      for (const r of rules) {
        const err = user.apply(r, u);
        if (err) {
          warnings.push(`Error loading ACL rule '${r}' for the user named '${d.name}': ${ruleErrorText(err)}`);
          return { ok: false, warnings, notices };
        }
      }
      if (!user.enabled) {
        notices.push(
          `The user '${d.name}' is disabled (there is no 'on' modifier in the user description). Make sure this is not a configuration error.`,
        );
      }
    }
    return { ok: true, warnings, notices };
  }
}
