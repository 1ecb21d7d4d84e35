/**
 * Random bytes for what every start needs (the seed, myid, run_id, the temp
 * file of a config rewrite) without node:crypto, whose first require costs
 * some 4 ms of each start: read from the kernel's CSPRNG, which is what
 * node:crypto's generator draws on too. Where /dev/urandom cannot be read,
 * node:crypto after all.
 */
import * as fs from 'node:fs';

export function randomBytes(n: number): Buffer {
  const buf = Buffer.allocUnsafe(n);
  try {
    const fd = fs.openSync('/dev/urandom', 'r');
    try {
      let filled = 0;
      while (filled < n) {
        const got = fs.readSync(fd, buf, filled, n - filled, null);
        if (got <= 0) throw new Error('short read from /dev/urandom');
        filled += got;
      }
    } finally {
      fs.closeSync(fd);
    }
    return buf;
  } catch {
    return (require('node:crypto') as typeof import('node:crypto')).randomBytes(n);
  }
}
