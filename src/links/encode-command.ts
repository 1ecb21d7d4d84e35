import { toBytes } from '../core/bytes';

/** A command (byte strings, see core/bytes) as a RESP multibulk request, the only form Redis instances must accept. */
export function encodeCommand(argv: readonly string[]): Buffer {
  let head = `*${argv.length}\r\n`;
  for (const a of argv) head += `$${a.length}\r\n${a}\r\n`;
  return toBytes(head);
}
