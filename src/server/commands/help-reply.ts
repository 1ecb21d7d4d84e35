import type { Reply } from '../../protocol/reply';
import { array, status } from '../../protocol/reply';

/**
 * A container's HELP: one status line each. The first line names the command
 * as the client typed it (so a renamed command documents its new name).
 */
export function helpReply(argv: string[], lines: readonly string[]): Reply {
  const first = `${(argv[0] ?? '').toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`;
  return array([status(first), ...lines.slice(1).map((l) => status(l))]);
}
