/**
 * The version of this package, for `--version` and INFO. Looked up by walking
 * up from this file, because the compiled layout (dist/src/config) and the
 * source layout (src/config) sit at different depths.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

export function packageVersion(): string {
  cached ??= lookUp();
  return cached;
}

function lookUp(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'package.json');
    // existsSync first: a failed read throws, and the first exception of a
    // process costs a start some 2 ms to build.
    if (fs.existsSync(file)) {
      try {
        const pkg: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
        if (typeof pkg === 'object' && pkg !== null && 'name' in pkg && pkg.name === 'redis-sentinel-ts' && 'version' in pkg) {
          return String(pkg.version);
        }
      } catch {
        // unreadable or not JSON: keep walking up
      }
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}
