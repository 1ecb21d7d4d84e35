import { sameAddress } from '../address';
import { toUnsigned } from '../epoch';
import type { Master } from '../master';
import { string2ll } from '../string2ll';
import { voteLeader } from '../vote';
import type { CommandCore } from './host';
import type { CommandOutcome } from './outcome';
import { array, bulk, errorReply, int } from './reply';

export interface MasterDownAnswer {
  down: boolean;
  leader: string;
  leaderEpoch: bigint;
}

/**
 * A peer's question: is the master at this address down for you, and (unless
 * runid is "*", which only asks the opinion) will you vote for me in epoch?
 */
export function answerMasterDown(core: CommandCore, host: string, port: number, reqEpoch: bigint, runid: string): MasterDownAnswer {
  let master: Master | null = null;
  // A peer announcing hostnames asks by name. Without resolve-hostnames a
  // name matches nothing; with it, an unresolved name can still match by name.
  const ip = core.lookupHost(host, true);
  if (ip !== null || core.resolveHostnames) {
    const asked = { host, ip: ip ?? '', port };
    for (const m of core.masters.values()) {
      if (sameAddress(m, asked)) {
        master = m;
        break;
      }
    }
  }
  const down = master !== null && master.flags.sDown && !core.tilt;
  let leader = '*';
  let leaderEpoch = 0n;
  if (master !== null && runid !== '*') {
    const v = voteLeader(core, master, reqEpoch, runid);
    leader = v.leader ?? '*';
    leaderEpoch = v.leaderEpoch;
  }
  return { down, leader, leaderEpoch };
}

/** SENTINEL IS-MASTER-DOWN-BY-ADDR <ip> <port> <epoch> <runid> */
export function isMasterDownByAddr(core: CommandCore, args: readonly string[]): CommandOutcome {
  const [, , ip = '', portS = '', epochS = '', runid = ''] = args;
  const port = string2ll(portS);
  const epoch = string2ll(epochS);
  if (port === null || epoch === null) return { kind: 'reply', reply: errorReply('value is not an integer or out of range'), save: 'none', saveFailed: null, afterReply: null };
  const r = answerMasterDown(core, ip, Number(port), toUnsigned(epoch), runid);
  // The epoch goes back as a signed 64-bit integer, exactly as Redis casts it.
  const reply = array([int(r.down ? 1 : 0), bulk(r.leader), int(BigInt.asIntN(64, r.leaderEpoch))]);
  if (runid === '*') return { kind: 'reply', reply, save: 'none', saveFailed: null, afterReply: null };
  // A vote is on disk before the peer hears of it, or a restart could vote
  // again in the same epoch: the vote emitted a durable flush, the reply
  // waits for it. When the disk refused it, the vote is withheld (leader
  // "*", as for a request that asks no vote): redis-sentinel answers anyway,
  // and a restart from the older file then votes again in that epoch, for
  // another candidate, and two leaders promote two replicas in one epoch
  // (found by the simulation, test/sim, `npm run sim -- --from 4750 --schedules 1`).
  const withheld = array([int(r.down ? 1 : 0), bulk('*'), int(0)]);
  return { kind: 'reply', reply, save: 'durable', saveFailed: withheld, afterReply: null };
}
