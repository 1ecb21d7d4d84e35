import type { CoreContext } from './context';
import type { Master } from './master';
import type { CType, NumberOption, TextOption } from './master-options';
import { masterOption, withSpelling } from './master-options';
import { asciiLower } from './bytes';
import { string2ll } from './string2ll';
import type { CoreReply } from './commands/reply';
import { errorReply } from './commands/reply';

/**
 * SENTINEL SET, one option at a time, by the option's entry in
 * master-options.ts. Validation happens here so the rules live with the
 * state they protect; the only thing the shell decides is whether a script
 * path is executable (that needs the file system), passed in as
 * `scriptExecutable`.
 */
export interface SetOptionInput {
  /** the option name as typed (echoed in errors and in the +set event) */
  option: string;
  values: readonly string[];
  scriptExecutable: boolean;
}

const SCRIPTS_DENIED = errorReply(
  'Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig configuration directive in your Sentinel configuration',
);

function narrow(v: bigint, type: CType): number {
  if (type === 'int') return Number(BigInt.asIntN(32, v));
  if (type === 'unsigned int') return Number(BigInt.asUintN(32, v));
  // Times in milliseconds: beyond 2^53 (285,000 years) the nearest double is kept.
  return Number(v);
}

function setNumber(master: Master, o: NumberOption, input: SetOptionInput): CoreReply | null {
  const v0 = input.values[0] ?? '';
  const n = string2ll(v0);
  if (n === null || n < o.setMin) return errorReply(`Invalid argument '${v0}' for SENTINEL SET '${input.option}'`);
  master[o.field] = narrow(n, o.ctype);
  return null;
}

function setText(master: Master, o: TextOption, input: SetOptionInput, denyScriptsReconfig: boolean, closeLinks: (m: Master) => void): CoreReply | null {
  const v0 = input.values[0] ?? '';
  if (o.script !== null) {
    // Scripts run with the sentinel's privileges: a client must not be able
    // to choose what runs unless the operator allowed it.
    if (denyScriptsReconfig) return SCRIPTS_DENIED;
    if (v0 !== '' && !input.scriptExecutable) return errorReply(o.script.setError);
  }
  master[o.field] = v0 === '' ? null : v0;
  if (o.relinks) closeLinks(master);
  return null;
}

function setRename(master: Master, input: SetOptionInput): CoreReply | null {
  const [from = '', to = ''] = input.values;
  if (from === '' || to === '') return errorReply(`Invalid argument '' for SENTINEL SET 'rename-command'`);
  master.renamedCommands.delete(asciiLower(from));
  // Renaming a command to itself is how a rename is undone.
  if (asciiLower(from) !== asciiLower(to)) master.renamedCommands.set(asciiLower(from), { from, to });
  return null;
}

/** Applies one option; returns the error reply, or null when applied (and +set emitted). */
export function setMasterOption(
  ctx: CoreContext,
  master: Master,
  input: SetOptionInput,
  denyScriptsReconfig: boolean,
  closeLinks: (m: Master) => void,
): CoreReply | null {
  const o = masterOption(asciiLower(input.option));
  if (o === undefined) return errorReply(`Unknown option or number of arguments for SENTINEL SET '${input.option}'`);
  const err =
    o.kind === 'number'
      ? setNumber(master, o, input)
      : o.kind === 'text'
        ? setText(master, o, input, denyScriptsReconfig, closeLinks)
        : setRename(master, input);
  if (err !== null) return err;
  // The rewrite writes the option under the name the client used.
  master.spellings = withSpelling(master.spellings, o, asciiLower(input.option));
  const shown = o.kind === 'text' && o.secret ? '******' : input.values.join(' ');
  ctx.event('warning', '+set', master, master, `${input.option} ${shown}`);
  return null;
}
