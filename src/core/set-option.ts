import type { CoreContext } from './context';
import type { Master } from './master';
import { asciiLower } from './bytes';
import { string2ll } from './string2ll';
import type { CoreReply } from './commands/reply';
import { errorReply } from './commands/reply';

/**
 * SENTINEL SET, one option at a time. Validation of numbers happens here so
 * the rules live with the state they protect; the only thing the edge
 * decides is whether a script path is executable (that needs the file
 * system), passed in as `scriptExecutable`.
 */
export interface SetOptionInput {
  /** the option name as typed (echoed in errors and in the +set event) */
  option: string;
  values: string[];
  scriptExecutable: boolean;
}

/** How many values each option takes; unknown options are absent. */
export const SET_OPTION_ARITY: Readonly<Record<string, number>> = {
  'down-after-milliseconds': 1,
  'failover-timeout': 1,
  'parallel-syncs': 1,
  quorum: 1,
  'master-reboot-down-after-period': 1,
  'notification-script': 1,
  'client-reconfig-script': 1,
  'auth-pass': 1,
  'auth-user': 1,
  'rename-command': 2,
};

const SCRIPTS_DENIED = errorReply(
  'Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig configuration directive in your Sentinel configuration',
);

/**
 * Redis reads every numeric option as a long long, checks it, then stores it
 * in the field's C type. Those types are visible to clients (SENTINEL MASTER
 * shows quorum 4294967297 as 1), so the same narrowing is applied here.
 */
type CType = 'long long' | 'int' | 'unsigned int';

function narrow(v: bigint, type: CType): number {
  if (type === 'int') return Number(BigInt.asIntN(32, v));
  if (type === 'unsigned int') return Number(BigInt.asUintN(32, v));
  // Times in milliseconds: beyond 2^53 (285,000 years) the nearest double is kept.
  return Number(v);
}

/** Applies one option; returns the error reply, or null when applied (and +set emitted). */
export function setMasterOption(
  ctx: CoreContext,
  master: Master,
  input: SetOptionInput,
  denyScriptsReconfig: boolean,
  closeLinks: (m: Master) => void,
): CoreReply | null {
  const { option, values } = input;
  const name = asciiLower(option);
  const v0 = values[0] ?? '';
  const badArg = errorReply(`Invalid argument '${v0}' for SENTINEL SET '${option}'`);
  const positive = (min: bigint, type: CType, set: (n: number) => void): CoreReply | null => {
    const n = string2ll(v0);
    if (n === null || n < min) return badArg;
    set(narrow(n, type));
    return null;
  };
  let err: CoreReply | null = null;
  switch (name) {
    case 'down-after-milliseconds':
      // Replicas and peers are judged with their master's down-after.
      err = positive(1n, 'long long', (n) => {
        master.downAfterMs = n;
        for (const s of master.slaves.values()) s.downAfterMs = n;
        for (const s of master.sentinels.values()) s.downAfterMs = n;
      });
      break;
    case 'failover-timeout':
      err = positive(1n, 'long long', (n) => (master.failoverTimeoutMs = n));
      break;
    case 'parallel-syncs':
      err = positive(1n, 'int', (n) => (master.parallelSyncs = n));
      break;
    case 'quorum':
      err = positive(1n, 'unsigned int', (n) => (master.quorum = n));
      break;
    case 'master-reboot-down-after-period':
      err = positive(0n, 'long long', (n) => (master.masterRebootDownAfterPeriodMs = n));
      break;
    case 'notification-script':
    case 'client-reconfig-script':
      // Scripts run with the sentinel's privileges: a client must not be able
      // to choose what runs unless the operator allowed it.
      if (denyScriptsReconfig) err = SCRIPTS_DENIED;
      else if (v0 !== '' && !input.scriptExecutable) {
        err =
          name === 'notification-script'
            ? errorReply('Notification script seems non existing or non executable')
            : errorReply('Client reconfiguration script seems non existing or non executable');
      }
      else if (name === 'notification-script') master.notificationScript = v0 === '' ? null : v0;
      else master.clientReconfigScript = v0 === '' ? null : v0;
      break;
    case 'auth-pass':
    case 'auth-user':
      if (name === 'auth-pass') master.authPass = v0 === '' ? null : v0;
      else master.authUser = v0 === '' ? null : v0;
      // New credentials only take effect on new connections.
      closeLinks(master);
      break;
    case 'rename-command': {
      const [from, to] = values as [string, string];
      if (from === '' || to === '') {
        err = errorReply(`Invalid argument '' for SENTINEL SET 'rename-command'`);
        break;
      }
      master.renamedCommands.delete(asciiLower(from));
      // Renaming a command to itself is how a rename is undone.
      if (asciiLower(from) !== asciiLower(to)) master.renamedCommands.set(asciiLower(from), { from, to });
      break;
    }
    default:
      return errorReply(`Unknown option or number of arguments for SENTINEL SET '${option}'`);
  }
  if (err !== null) return err;
  const shown = name === 'auth-pass' ? '******' : values.join(' ');
  ctx.event('warning', '+set', master, master, `${option} ${shown}`);
  return null;
}
