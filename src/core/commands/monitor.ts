import { ipLiteral } from '../address';
import { newMasterSpec } from '../persistent-state';
import { string2ll } from '../string2ll';
import type { CommandCore } from './host';
import type { CommandFacts, CommandOutcome } from './outcome';
import { answer, saved } from './outcome';
import { SAVE_FAILED, errorReply, ok } from './reply';

const BAD_ADDRESS = errorReply('Invalid IP address or hostname specified');

/**
 * SENTINEL MONITOR <name> <host> <port> <quorum>. With resolve-hostnames a
 * name must resolve now: the command asks the shell for DNS and runs again
 * with the answer (later requests on the connection wait behind it).
 */
export function monitor(core: CommandCore, args: readonly string[], facts: CommandFacts): CommandOutcome {
  const [, , name = '', host = '', portS = '', quorumS = ''] = args;
  const quorumLL = string2ll(quorumS);
  if (quorumLL === null) return answer(errorReply('Invalid quorum'));
  const portLL = string2ll(portS);
  if (portLL === null) return answer(errorReply('Invalid port'));
  if (quorumLL <= 0n) return answer(errorReply('Quorum must be 1 or greater.'));
  // Redis checks the values as long, then stores them in C types a client can
  // see: the quorum as an unsigned int, the port as an int (9007199254740993
  // becomes port 1, and is accepted).
  const quorum = Number(BigInt.asUintN(32, quorumLL));
  const port = Number(BigInt.asIntN(32, portLL));
  if (ipLiteral(host) === null) {
    if (!core.resolveHostnames) return answer(BAD_ADDRESS);
    const dns = facts.resolved;
    if (dns === undefined || dns.host !== host) return { kind: 'resolve', host };
    if (dns.ip === null) return answer(BAD_ADDRESS);
  }
  if (port < 0 || port > 65535) return answer(errorReply('Invalid port number.'));
  // The answer was fed to the core before the command ran again, so it is cached.
  if (core.lookupHost(host, false) === null) return answer(BAD_ADDRESS);
  if (core.masters.has(name)) return answer(errorReply('Duplicate master name.'));
  const spec = newMasterSpec(name, host, port, quorum);
  spec.downAfterMs = core.timing.defaultDownAfter;
  spec.failoverTimeoutMs = core.timing.defaultFailoverTimeout;
  core.addMaster(spec);
  // The event follows the reply in Redis; a subscriber on the same RESP3
  // connection sees +OK first.
  return saved(ok, SAVE_FAILED, { type: 'announce-monitor', master: name });
}
