import type { CommandTable } from '../command-table';

/** A command as the ACL sees it: original full name and categories. */
export interface AclCommand {
  /** "ping" or "sentinel|myid", lower-case original names */
  readonly fullName: string;
  /** category names without the "@" */
  readonly categories: ReadonlySet<string>;
  readonly subcommands: readonly AclCommand[];
  readonly isSubcommand: boolean;
}

/** Every command rules can name, in a stable order (the order rules are rendered in). */
export interface CommandUniverse {
  readonly top: readonly AclCommand[];
  /** Redis's lookup for ACL rules: "name" or "container|sub", nothing deeper, case-insensitive. */
  find(name: string): AclCommand | undefined;
}

function cats(list: readonly string[]): Set<string> {
  return new Set(list.map((c) => (c.startsWith('@') ? c.slice(1) : c).toLowerCase()));
}

/**
 * Builds the universe from the command table's original (unrenamed) names.
 * Built on demand rather than once, because the daemon registers its
 * commands after the server (and its default user) exist.
 */
export function universeOf(table: CommandTable): CommandUniverse {
  const top: AclCommand[] = [];
  const byName = new Map<string, AclCommand>();
  let current: { fullName: string; categories: Set<string>; subcommands: AclCommand[]; isSubcommand: boolean } | null = null;
  for (const n of table.originals()) {
    const cmd = { fullName: n.fullName, categories: cats(n.spec.categories), subcommands: [] as AclCommand[], isSubcommand: !!n.parent };
    if (n.parent && current) current.subcommands.push(cmd);
    else {
      top.push(cmd);
      current = cmd;
    }
    byName.set(n.fullName, cmd);
  }
  return {
    top,
    find(name: string): AclCommand | undefined {
      const parts = name.toLowerCase().split('|');
      if (parts.length > 2) return undefined;
      return byName.get(parts.join('|'));
    },
  };
}

/** Every command followed by its subcommands. */
export function* walk(u: CommandUniverse): Generator<AclCommand> {
  for (const c of u.top) {
    yield c;
    yield* c.subcommands;
  }
}
