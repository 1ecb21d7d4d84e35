import { asciiLower } from '../bytes';
import { setMasterOption } from '../set-option';
import { masterOption, optionArity } from '../master-options';
import type { CommandCore } from './host';
import type { CommandFacts, CommandOutcome } from './outcome';
import { answer, saved } from './outcome';
import { NO_SUCH_MASTER, SAVE_FAILED, errorReply, ok } from './reply';

/**
 * SENTINEL SET <name> <option> <value> ...: options apply left to right,
 * each at once with its own +set event; the first bad one stops the rest
 * with no rollback, as Redis does, and what was applied is still saved
 * (the error is the reply whatever the save gives).
 */
export function set(core: CommandCore, args: readonly string[], facts: CommandFacts): CommandOutcome {
  const m = core.masters.get(args[2] ?? '');
  if (!m) return answer(NO_SUCH_MASTER);
  let applied = 0;
  const stop = (reply: ReturnType<typeof errorReply>): CommandOutcome => (applied > 0 ? saved(reply, null) : answer(reply));
  for (let i = 3; i < args.length; ) {
    const option = args[i] ?? '';
    const o = masterOption(asciiLower(option));
    const n = o === undefined ? 0 : optionArity(o);
    if (o === undefined || i + n > args.length - 1) {
      return stop(errorReply(`Unknown option or number of arguments for SENTINEL SET '${option}'`));
    }
    const values = args.slice(i + 1, i + 1 + n);
    const v0 = values[0] ?? '';
    const scriptExecutable = v0 !== '' && (facts.executable?.has(v0) ?? false);
    const err = setMasterOption(core, m, { option, values, scriptExecutable }, core.denyScriptsReconfig, (master) => {
      core.closeLinks(master);
      for (const s of master.slaves.values()) core.closeLinks(s);
    });
    if (err !== null) return stop(err);
    applied++;
    i += 1 + n;
  }
  return saved(ok, SAVE_FAILED);
}
