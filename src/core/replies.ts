import type { CoreContext } from './context';
import type { Instance } from './instance';
import type { Master } from './master';
import type { ReplyTag } from './output';
import type { PeerReply } from './peer-reply';
import { isErrorReply } from './peer-reply';
import { refreshInstanceInfo } from './info-refresh';
import { masterDownAnswerIsCurrent } from './master-down-replies';

/** What each reply from an instance or a peer means, by the tag of the command it answers. */
export function handleReply(ctx: CoreContext, inst: Instance, master: Master, tag: ReplyTag, r: PeerReply): void {
  switch (tag) {
    case 'subscribe':
      // A refused SUBSCRIBE (e.g. NOAUTH after the instance's ACL changed)
      // leaves a pub/sub link that will never carry hellos: drop it, so the
      // instance shows as disconnected and the link is retried.
      if (isErrorReply(r) && inst.link.pc) {
        ctx.emit({ type: 'close', id: inst.link.id, link: 'pubsub' });
        inst.link.pc = false;
        inst.link.disconnected = true;
        ctx.event('debug', '-pubsub-link-reconnection', inst, master, `#${r.error}`);
      }
      break;
    case 'ping': {
      const text = isErrorReply(r) ? r.error : typeof r === 'string' ? r : '';
      if (text.startsWith('PONG') || text.startsWith('LOADING') || text.startsWith('MASTERDOWN')) {
        inst.link.lastAvailTime = ctx.now;
        inst.link.actPingTime = 0;
        // A rebooted master is only suspect until it answers PONG again
        // (LOADING still counts as rebooting); otherwise the reboot window
        // would mark a healthy master down for good.
        if (inst.flags.masterReboot && text.startsWith('PONG')) inst.flags.masterReboot = false;
      } else if (text.startsWith('BUSY') && inst.flags.sDown && !inst.flags.scriptKillSent) {
        // A long script keeps the instance from answering; killing it is
        // safer than failing over a master that is only busy.
        if (ctx.send(inst, master, 'cmd', ['SCRIPT', 'KILL'], 'ignore')) inst.flags.scriptKillSent = true;
      }
      inst.link.lastPongTime = ctx.now;
      break;
    }
    case 'info':
      if (typeof r === 'string') refreshInstanceInfo(ctx, inst, master, r);
      break;
    case 'publish':
      if (!isErrorReply(r)) inst.lastPubTime = ctx.now;
      break;
    case 'is-master-down': {
      if (!masterDownAnswerIsCurrent(inst)) break;
      if (!Array.isArray(r) || r.length !== 3) break;
      const [down, leader, epoch] = r;
      if (typeof down !== 'number' || typeof leader !== 'string' || (typeof epoch !== 'number' && typeof epoch !== 'bigint')) break;
      inst.lastMasterDownReplyTime = ctx.now;
      inst.flags.masterDown = down === 1;
      if (leader !== '*') {
        const ep = BigInt(epoch);
        // Logged once per epoch: a peer repeats its vote on every ask.
        if (inst.leaderEpoch !== ep) ctx.log('warning', `${inst.name} voted for ${leader} ${ep}`);
        inst.leader = leader;
        inst.leaderEpoch = ep;
      }
      break;
    }
    default:
      break;
  }
}
