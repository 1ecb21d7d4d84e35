import type { CommandSpec } from './command';
import { asciiLower } from '../core/bytes';
import { caselessGet } from './caseless-get';

/** Top-level `rename-command` mappings: original name → new name ("" disables the command). */
export type RenameInput = Iterable<readonly [string, string]> | Readonly<Record<string, string>>;

export interface NamedCommand {
  spec: CommandSpec;
  /** "ping", or "sentinel|master" for a subcommand (always the original names) */
  fullName: string;
  parent?: CommandSpec;
}

function renamePairs(input: RenameInput | undefined): Array<readonly [string, string]> {
  if (input === undefined) return [];
  if (Symbol.iterator in input) return [...(input as Iterable<readonly [string, string]>)];
  return Object.entries(input as Readonly<Record<string, string>>);
}

/**
 * The commands this server knows. Lookup is case-insensitive. A renamed
 * command answers only to its new name, and one renamed to "" to nothing at
 * all, but error messages and COMMAND output keep the original name, as in
 * Redis. Renames are remembered so that commands registered later (by the
 * daemon, after construction) are renamed too.
 */
export class CommandTable {
  private readonly specs = new Map<string, CommandSpec>();
  private readonly byName = new Map<string, CommandSpec>();
  private readonly renames = new Map<string, string>();
  /** Counts registrations, so that what was looked up before one can tell it is stale. */
  private registrations = 0;

  constructor(renames?: RenameInput) {
    for (const [from, to] of renamePairs(renames)) this.renames.set(asciiLower(from), asciiLower(to));
  }

  /** Adds a top-level command (or replaces the one with the same name). */
  register(spec: CommandSpec): void {
    this.registrations++;
    const name = asciiLower(spec.name);
    const old = this.specs.get(name);
    if (old) {
      for (const [k, v] of this.byName) if (v === old) this.byName.delete(k);
    }
    this.specs.set(name, spec);
    const target = this.renames.get(name) ?? name;
    if (target !== '') this.byName.set(target, spec);
  }

  /** Changes with every register(): a lookup made at another version may be stale. */
  get version(): number {
    return this.registrations;
  }

  /** The command a client reaches by sending `name` as argv[0]. */
  lookup(name: string): CommandSpec | undefined {
    return caselessGet(this.byName, name);
  }

  /** A command or "container|sub" as COMMAND INFO / DOCS / ACL DRYRUN name them. */
  find(name: string): NamedCommand | undefined {
    const bar = name.indexOf('|');
    if (bar < 0) {
      const spec = this.lookup(name);
      return spec && { spec, fullName: spec.name };
    }
    const parent = this.lookup(name.slice(0, bar));
    const spec = parent?.subcommands?.get(asciiLower(name.slice(bar + 1)));
    return parent && spec && { spec, fullName: `${parent.name}|${spec.name}`, parent };
  }

  /** Reachable top-level commands, in registration order (COMMAND COUNT counts these). */
  topLevel(): CommandSpec[] {
    const reachable = new Set(this.byName.values());
    return [...this.specs.values()].filter((s) => reachable.has(s));
  }

  /**
   * Every registered command (renamed or disabled ones too) followed by its
   * subcommands, under the original names: ACL rules are written against
   * these, so that renaming a command does not change what a user may run.
   */
  originals(): NamedCommand[] {
    const out: NamedCommand[] = [];
    for (const spec of this.specs.values()) {
      out.push({ spec, fullName: spec.name });
      for (const sub of spec.subcommands?.values() ?? []) out.push({ spec: sub, fullName: `${spec.name}|${sub.name}`, parent: spec });
    }
    return out;
  }

  /** Every reachable command followed by its subcommands, with full names. */
  all(): NamedCommand[] {
    const out: NamedCommand[] = [];
    for (const spec of this.topLevel()) {
      out.push({ spec, fullName: spec.name });
      for (const sub of spec.subcommands?.values() ?? []) out.push({ spec: sub, fullName: `${spec.name}|${sub.name}`, parent: spec });
    }
    return out;
  }
}
