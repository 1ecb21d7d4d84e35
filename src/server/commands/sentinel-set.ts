import type { Reply } from '../../protocol/reply';
import { OK, error } from '../../protocol/reply';
import type { SentinelHost } from './sentinel-host';
import { SET_OPTION_ARITY } from '../../core/set-option';
import { isExecutable } from './executable';
import { asciiLower } from '../../core/bytes';

/**
 * SENTINEL SET applies options left to right, each at once with its own +set
 * event; the first bad option stops the rest (no rollback), as Redis does.
 * Only the script-path check is made here, because it reads the file system.
 */
export function sentinelSet(h: SentinelHost, argv: string[]): Reply {
  const name = argv[2] as string;
  if (!h.core.masters.has(name)) return error('ERR No such master with that name');
  let applied = 0;
  for (let i = 3; i < argv.length; ) {
    const option = argv[i] as string;
    const n = SET_OPTION_ARITY[asciiLower(option)];
    if (n === undefined || i + n > argv.length - 1) {
      if (applied > 0) h.flushConfigNow();
      return error(`ERR Unknown option or number of arguments for SENTINEL SET '${option}'`);
    }
    const values = argv.slice(i + 1, i + 1 + n);
    const scriptExecutable = asciiLower(option).endsWith('-script') && values[0] !== '' ? isExecutable(values[0] as string) : false;
    const err = h.step((now) => h.core.setMasterOption(name, { option, values, scriptExecutable }, now));
    if (err !== null) {
      if (applied > 0) h.flushConfigNow();
      return error(err);
    }
    applied++;
    i += 1 + n;
  }
  return h.flushConfigNow() ? OK : error('ERR Failed to save config file. Check server logs.');
}
