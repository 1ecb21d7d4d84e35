import type { Reply } from './reply';
import { encodeReplyText } from './reply-encoder';

/**
 * One reply for many clients (a published message): encoded at most once
 * per protocol version, and the same text written to every one of them.
 */
export class SharedReply {
  private resp2: string | null = null;
  private resp3: string | null = null;

  constructor(readonly reply: Reply) {}

  text(proto: 2 | 3): string {
    if (proto === 2) return (this.resp2 ??= encodeReplyText(this.reply, 2));
    return (this.resp3 ??= encodeReplyText(this.reply, 3));
  }
}
