import type { CoreContext } from './context';
import type { Master } from './master';

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

const SCRIPTS_DENIED =
  'ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig configuration directive in your Sentinel configuration';

function strictInt(s: string): number | null {
  if (!/^(0|-?[1-9]\d*)$/.test(s)) return null;
  const v = Number(s);
  return Number.isSafeInteger(v) ? v : null;
}

/** Applies one option; returns the error reply text, or null when applied (and +set emitted). */
export function setMasterOption(
  ctx: CoreContext,
  master: Master,
  input: SetOptionInput,
  denyScriptsReconfig: boolean,
  closeLinks: (m: Master) => void,
): string | null {
  const { option, values } = input;
  const name = option.toLowerCase();
  const v0 = values[0] ?? '';
  const badArg = `ERR Invalid argument '${v0}' for SENTINEL SET '${option}'`;
  const positive = (min: number, set: (n: number) => void): string | null => {
    const n = strictInt(v0);
    if (n === null || n < min) return badArg;
    set(n);
    return null;
  };
  let err: string | null = null;
  switch (name) {
    case 'down-after-milliseconds':
      // Replicas and peers are judged with their master's down-after.
      err = positive(1, (n) => {
        master.downAfterMs = n;
        for (const s of master.slaves.values()) s.downAfterMs = n;
        for (const s of master.sentinels.values()) s.downAfterMs = n;
      });
      break;
    case 'failover-timeout':
      err = positive(1, (n) => (master.failoverTimeoutMs = n));
      break;
    case 'parallel-syncs':
      err = positive(1, (n) => (master.parallelSyncs = n));
      break;
    case 'quorum':
      err = positive(1, (n) => (master.quorum = n));
      break;
    case 'master-reboot-down-after-period':
      err = positive(0, (n) => (master.masterRebootDownAfterPeriodMs = n));
      break;
    case 'notification-script':
    case 'client-reconfig-script':
      // Scripts run with the sentinel's privileges: a client must not be able
      // to choose what runs unless the operator allowed it.
      if (denyScriptsReconfig) err = SCRIPTS_DENIED;
      else if (v0 !== '' && !input.scriptExecutable) {
        err =
          name === 'notification-script'
            ? 'ERR Notification script seems non existing or non executable'
            : 'ERR Client reconfiguration script seems non existing or non executable';
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
        err = `ERR Invalid argument '' for SENTINEL SET 'rename-command'`;
        break;
      }
      master.renamedCommands.delete(from.toLowerCase());
      // Renaming a command to itself is how a rename is undone.
      if (from.toLowerCase() !== to.toLowerCase()) master.renamedCommands.set(from.toLowerCase(), { from, to });
      break;
    }
    default:
      return `ERR Unknown option or number of arguments for SENTINEL SET '${option}'`;
  }
  if (err !== null) return err;
  const shown = name === 'auth-pass' ? '******' : values.join(' ');
  ctx.event('warning', '+set', master, master, `${option} ${shown}`);
  return null;
}
