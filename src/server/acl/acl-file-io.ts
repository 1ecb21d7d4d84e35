import * as fs from 'node:fs';
import { strerror } from '../../config/strerror';
import type { Acl } from './acl-store';
import { renderAclFile } from './acl-file';
import type { ServerLog } from '../server-host';

/**
 * Reads and applies the aclfile. The error text is what Redis puts after
 * "Aborting Redis startup because of ACL errors: " or in ACL LOAD's reply.
 * On any error the users are left as they were.
 */
export function loadAclFile(acl: Acl, filename: string): { ok: true; replaced: string[] } | { ok: false; errors: string } {
  let text: string;
  try {
    // latin1 keeps every byte of a name or password as one char, as the rest of the ACL code expects.
    text = fs.readFileSync(filename, 'latin1');
  } catch (e) {
    return { ok: false, errors: `Error loading ACLs, opening file '${filename}': ${strerror(e)}` };
  }
  return acl.loadFile(text, filename);
}

/**
 * ACL SAVE: written to a temp file next to the target and renamed over it,
 * so a crash never leaves a half-written aclfile. Failures are logged with
 * Redis's words; false means the caller replies with the generic error.
 */
export function saveAclFile(acl: Acl, filename: string, log: ServerLog): boolean {
  const tmp = `${filename}.tmp-${process.pid}-${Date.now()}`;
  let fd: number | null = null;
  let step = 'Opening temp ACL file';
  try {
    fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o644);
    step = 'Writing ACL file';
    fs.writeSync(fd, Buffer.from(renderAclFile(acl.userLines()), 'latin1'));
    fs.closeSync(fd);
    fd = null;
    step = 'Renaming ACL file';
    fs.renameSync(tmp, filename);
    return true;
  } catch (e) {
    log('warning', `${step} for ACL SAVE: ${strerror(e)}`);
    if (fd !== null) fs.closeSync(fd);
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* never created */
    }
    return false;
  }
}
