import type { Reply } from '../../protocol/reply';
import { error } from '../../protocol/reply';

/**
 * Client names are printed unquoted inside space-separated CLIENT LIST lines,
 * so only printable ASCII without spaces is allowed ('!' to '~').
 */
export function validateClientName(name: string): Reply | null {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return error('ERR Client names cannot contain spaces, newlines or special characters.');
  }
  return null;
}
