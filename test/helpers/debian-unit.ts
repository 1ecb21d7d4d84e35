/** Debian's redis-sentinel.service as the redis-sentinel package installs it, and our package installed for it. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT } from './sentinel-process';
import { makeTmpDir } from './processes';

export const DEBIAN_UNIT = '/lib/systemd/system/redis-sentinel.service';
export const DEBIAN_CONF = '/etc/redis/sentinel.conf';
export const EXPECTED_EXECSTART = ['/usr/bin/redis-sentinel', '/etc/redis/sentinel.conf', '--supervised', 'systemd', '--daemonize', 'no'];

/** `Key=value` lines of a unit file; repeated keys accumulate. */
export function readUnit(file: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m === null) continue;
    const key = m[1] as string;
    keys.set(key, [...(keys.get(key) ?? []), (m[2] as string).trim()]);
  }
  return keys;
}

/** npm pack + npm install -g --prefix: the package directory as an operator gets it. */
export function installPacked(dir: string): string {
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60000 });
  expect(pack.status, pack.stderr).toBe(0);
  const tarball = path.join(dir, pack.stdout.trim().split('\n').pop() ?? '');
  const prefix = path.join(dir, 'prefix');
  const inst = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', tarball], { encoding: 'utf8', timeout: 120000 });
  expect(inst.status, inst.stderr).toBe(0);
  return path.join(prefix, 'lib', 'node_modules', 'redis-sentinel-ts');
}

/** Debian's sentinel.conf with the port and the master moved to a test's. */
export function debianConf(port: number, masterPort: number): string {
  const conf = fs
    .readFileSync(DEBIAN_CONF, 'utf8')
    .replace(/^port .*$/m, `port ${port}`)
    .replace(/^sentinel monitor mymaster .*$/m, `sentinel monitor mymaster 127.0.0.1 ${masterPort} 2`);
  expect(conf).toContain(`sentinel monitor mymaster 127.0.0.1 ${masterPort} 2`);
  return conf;
}

/** Creates the directories that must exist as mount points; returns those it made, to remove afterwards. */
export function makeMountPoints(dirs: readonly string[]): string[] {
  const made: string[] = [];
  for (const d of dirs) {
    if (!fs.existsSync(d)) {
      fs.mkdirSync(d);
      made.push(d);
    }
  }
  return made;
}

export interface Ids {
  uid: number;
  gid: number;
}

/** The service user of Debian's unit (made by the redis-server package). */
export function redisIds(): Ids {
  const id = (flag: string): number => {
    const r = spawnSync('id', [flag, 'redis'], { encoding: 'utf8' });
    expect(r.status, 'user redis (from the redis-server package)').toBe(0);
    return Number(r.stdout.trim());
  };
  return { uid: id('-u'), gid: id('-g') };
}

/** chown -R, for the directories a test gives the service user. */
export function chownTree(p: string, ids: Ids): void {
  fs.chownSync(p, ids.uid, ids.gid);
  if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) chownTree(path.join(p, e), ids);
}

/**
 * A temp dir holding the installed package and `root/<sub>` for each of
 * `subdirs`, reachable by the service user (it passes through them to the
 * notify and syslog sockets and to its files).
 */
export function serviceRoot(prefix: string, subdirs: readonly string[]): { dir: string; pkg: string; root: string } {
  const dir = makeTmpDir(prefix);
  const pkg = installPacked(dir);
  const root = path.join(dir, 'root');
  for (const d of subdirs) fs.mkdirSync(path.join(root, d), { recursive: true });
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(root, 0o755);
  return { dir, pkg, root };
}
