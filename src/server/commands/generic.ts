import type { CommandTable } from '../command-table';
import type { GenericHost } from '../server-host';
import { aclCommand } from './acl';
import { authCommand, helloCommand } from './auth';
import { clientCommand } from './client';
import { commandCommand } from './command-cmd';
import { withDocs } from './generic-docs';
import { infoCommand } from './info';
import { pingCommand } from './ping';
import { shutdownCommand } from './shutdown';
import { subscribeCommands } from './subscribe';

/**
 * Registers the commands every sentinel has that are not about monitoring:
 * PING, INFO, (P)(UN)SUBSCRIBE, AUTH, HELLO, CLIENT, COMMAND, ACL, SHUTDOWN.
 * SENTINEL, ROLE and PUBLISH belong to the daemon and are registered by it.
 */
export function registerGenericCommands(table: CommandTable, host: GenericHost): void {
  const specs = [
    pingCommand(),
    infoCommand(host),
    ...subscribeCommands(host),
    authCommand(host),
    helloCommand(host),
    clientCommand(host),
    commandCommand(table, host.facts.compatRelease),
    aclCommand(host),
    shutdownCommand(host),
  ];
  for (const s of specs) table.register(withDocs(s));
}
