/**
 * A command (byte strings, see core/bytes) as a RESP multibulk request, the
 * only form Redis instances must accept. A byte string, written with the
 * 'latin1' encoding: one char per byte, and no Buffer made for each command.
 */
export function encodeCommand(argv: readonly string[]): string {
  let head = `*${argv.length}\r\n`;
  for (const a of argv) head += `$${a.length}\r\n${a}\r\n`;
  return head;
}
