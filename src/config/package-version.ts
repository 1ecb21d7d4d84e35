/**
 * The version of this package, for `--version` and INFO. Looked up by walking
 * up from this file, because the compiled layout (dist/src/config) and the
 * source layout (src/config) sit at different depths.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function packageVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (typeof pkg === 'object' && pkg !== null && 'name' in pkg && pkg.name === 'redis-sentinel-ts' && 'version' in pkg) {
        return String(pkg.version);
      }
    } catch {
      // not here; keep walking up
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}
