import type { CommandDocs, CommandSpec } from '../command';

const conn = (summary: string, since: string, complexity = 'O(1)', history?: Array<[string, string]>): CommandDocs => ({
  summary,
  since,
  group: 'connection',
  complexity,
  ...(history ? { history } : {}),
});
const srv = (summary: string, since: string, complexity = 'O(1)', history?: Array<[string, string]>): CommandDocs => ({
  summary,
  since,
  group: 'server',
  complexity,
  ...(history ? { history } : {}),
});
const ps = (summary: string, complexity: string): CommandDocs => ({ summary, since: '2.0.0', group: 'pubsub', complexity });

const HELP = 'Show helpful text about the different subcommands';
const USERS_N = 'O(N). Where N is the number of configured users.';

/** COMMAND DOCS of the generic commands as Redis 7.0.15 reports them (argument lists left out). */
const GENERIC_DOCS: Record<string, CommandDocs> = {
  ping: conn('Ping the server', '1.0.0'),
  info: srv('Get information and statistics about the server', '1.0.0', 'O(1)', [['7.0.0', 'Added support for taking multiple section arguments.']]),
  subscribe: ps('Listen for messages published to the given channels', 'O(N) where N is the number of channels to subscribe to.'),
  psubscribe: ps(
    'Listen for messages published to channels matching the given patterns',
    'O(N) where N is the number of patterns the client is already subscribed to.',
  ),
  unsubscribe: ps(
    'Stop listening for messages posted to the given channels',
    'O(N) where N is the number of clients already subscribed to a channel.',
  ),
  punsubscribe: ps(
    'Stop listening for messages posted to channels matching the given patterns',
    'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
  ),
  auth: conn('Authenticate to the server', '1.0.0', 'O(N) where N is the number of passwords defined for the user', [
    ['6.0.0', 'Added ACL style (username and password).'],
  ]),
  hello: conn('Handshake with Redis', '6.0.0', 'O(1)', [
    ['6.2.0', "`protover` made optional; when called without arguments the command reports the current connection's context."],
  ]),
  shutdown: srv(
    'Synchronously save the dataset to disk and then shut down the server',
    '1.0.0',
    'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
    [['7.0.0', 'Added the `NOW`, `FORCE` and `ABORT` modifiers.']],
  ),
  client: conn('A container for client connection commands', '2.4.0', 'Depends on subcommand.'),
  'client|caching': conn('Instruct the server about tracking or not keys in the next request', '6.0.0'),
  'client|getname': conn('Get the current connection name', '2.6.9'),
  'client|getredir': conn('Get tracking notifications redirection client ID if any', '6.0.0'),
  'client|help': conn(HELP, '5.0.0'),
  'client|id': conn('Returns the client ID for the current connection', '5.0.0'),
  'client|info': conn('Returns information about the current client connection.', '6.2.0'),
  'client|kill': conn('Kill the connection of a client', '2.4.0', 'O(N) where N is the number of client connections', [
    ['2.8.12', 'Added new filter format.'],
    ['2.8.12', '`ID` option.'],
    ['3.2.0', 'Added `master` type in for `TYPE` option.'],
    ['5.0.0', 'Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility.'],
    ['6.2.0', '`LADDR` option.'],
  ]),
  'client|list': conn('Get the list of client connections', '2.4.0', 'O(N) where N is the number of client connections', [
    ['2.8.12', 'Added unique client `id` field.'],
    ['5.0.0', 'Added optional `TYPE` filter.'],
    ['6.0.0', 'Added `user` field.'],
    ['6.2.0', 'Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.'],
    ['7.0.0', 'Added `resp`, `multi-mem`, `rbs` and `rbp` fields.'],
    ['7.0.3', 'Added `ssub` field.'],
  ]),
  'client|no-evict': conn('Set client eviction mode for the current connection', '7.0.0'),
  'client|pause': conn('Stop processing commands from clients for some time', '2.9.50', 'O(1)', [
    ['6.2.0', '`CLIENT PAUSE WRITE` mode added along with the `mode` option.'],
  ]),
  'client|reply': conn('Instruct the server whether to reply to commands', '3.2.0'),
  'client|setname': conn('Set the current connection name', '2.6.9'),
  'client|tracking': conn('Enable or disable server assisted client side caching support', '6.0.0', 'O(1). Some options may introduce additional complexity.'),
  'client|trackinginfo': conn('Return information about server assisted client side caching for the current connection', '6.2.0'),
  'client|unblock': conn(
    'Unblock a client blocked in a blocking command from a different connection',
    '5.0.0',
    'O(log N) where N is the number of client connections',
  ),
  'client|unpause': conn('Resume processing of clients that were paused', '6.2.0', 'O(N) Where N is the number of paused clients'),
  command: srv('Get array of Redis command details', '2.8.13', 'O(N) where N is the total number of Redis commands'),
  'command|count': srv('Get total number of Redis commands', '2.8.13'),
  'command|docs': srv('Get array of specific Redis command documentation', '7.0.0', 'O(N) where N is the number of commands to look up'),
  'command|getkeys': srv('Extract keys given a full Redis command', '2.8.13', 'O(N) where N is the number of arguments to the command'),
  'command|getkeysandflags': srv(
    'Extract keys and access flags given a full Redis command',
    '7.0.0',
    'O(N) where N is the number of arguments to the command',
  ),
  'command|help': srv(HELP, '5.0.0'),
  'command|info': srv(
    'Get array of specific Redis command details, or all when no argument is given.',
    '2.8.13',
    'O(N) where N is the number of commands to look up',
    [['7.0.0', 'Allowed to be called with no argument to get info on all commands.']],
  ),
  'command|list': srv('Get an array of Redis command names', '7.0.0', 'O(N) where N is the total number of Redis commands'),
  acl: srv('A container for Access List Control commands ', '6.0.0', 'Depends on subcommand.'),
  'acl|cat': srv('List the ACL categories or the commands inside a category', '6.0.0', 'O(1) since the categories and commands are a fixed set.'),
  'acl|deluser': srv('Remove the specified ACL users and the associated rules', '6.0.0', 'O(1) amortized time considering the typical user.'),
  'acl|dryrun': srv('Returns whether the user can execute the given command without executing the command.', '7.0.0', 'O(1).'),
  'acl|genpass': srv('Generate a pseudorandom secure password to use for ACL users', '6.0.0'),
  'acl|getuser': srv('Get the rules for a specific ACL user', '6.0.0', 'O(N). Where N is the number of password, command and pattern rules that the user has.', [
    ['6.2.0', 'Added Pub/Sub channel patterns.'],
    ['7.0.0', 'Added selectors and changed the format of key and channel patterns from a list to their rule representation.'],
  ]),
  'acl|help': srv(HELP, '6.0.0'),
  'acl|list': srv('List the current ACL rules in ACL config file format', '6.0.0', USERS_N),
  'acl|load': srv('Reload the ACLs from the configured ACL file', '6.0.0', USERS_N),
  'acl|log': srv('List latest events denied because of ACLs in place', '6.0.0', 'O(N) with N being the number of entries shown.'),
  'acl|save': srv('Save the current ACL rules in the configured ACL file', '6.0.0', USERS_N),
  'acl|setuser': srv('Modify or create the rules for a specific ACL user', '6.0.0', 'O(N). Where N is the number of rules provided.', [
    ['6.2.0', 'Added Pub/Sub channel patterns.'],
    ['7.0.0', 'Added selectors and key based permissions.'],
  ]),
  'acl|users': srv('List the username of all the configured ACL rules', '6.0.0', USERS_N),
  'acl|whoami': srv('Return the name of the user associated to the current connection', '6.0.0'),
};

/** Attaches the docs above to a command and its subcommands (returns the same spec). */
export function withDocs(spec: CommandSpec): CommandSpec {
  spec.docs ??= GENERIC_DOCS[spec.name];
  for (const sub of spec.subcommands?.values() ?? []) sub.docs ??= GENERIC_DOCS[`${spec.name}|${sub.name}`];
  return spec;
}
