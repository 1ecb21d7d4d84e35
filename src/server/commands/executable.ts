import * as fs from 'node:fs';
import { toBytes } from '../../core/bytes';

/** Script paths must exist and be executable when configured (checked only then, as Redis does). */
export function isExecutable(path: string): boolean {
  try {
    fs.accessSync(toBytes(path), fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
