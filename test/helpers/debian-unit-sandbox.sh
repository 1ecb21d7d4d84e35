#!/bin/sh
# Test-only: runs a command line as Debian's redis-sentinel.service would,
# in the mount namespace this script is started in (`unshare --mount
# --propagation private`), so nothing outside it changes. It first installs
# redis-sentinel-ts with bin/debian-install.sh, into mounts over the unit's
# paths. Emulated from the unit file (test/integration/debian-unit.test.ts
# checks these against the installed one): NoExecPaths=/ with
# ExecPaths=/usr/bin/redis-sentinel /usr/lib /lib, ProtectSystem=strict with
# ReadWritePaths= /etc/redis /var/log/redis /var/lib/redis /run/sentinel,
# and, in debian-unit-enter.pl, User=redis, NoNewPrivileges and
# MemoryDenyWriteExecute.
#   debian-unit-sandbox.sh ROOT PACKAGE_DIR EXECSTART...
# ROOT holds lib/ etc/ log/ run/ made by the test; the private directory
# and the runtime directory must exist as mount points.
set -eu
root=$1 pkg=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)

# Mounts that exist before ours are made read-only and noexec at the end.
before=$(findmnt -rn -o TARGET | sort -u)

mount --bind /usr/lib /usr/lib
mount --bind "$root/lib" /usr/lib/redis-sentinel-ts
REDIS_SENTINEL_TS_TARGET="$root/redis-sentinel" sh "$pkg/bin/debian-install.sh" install
cp "$here/debian-unit-enter.pl" "$root/lib/enter.pl"
# mount --bind follows the symlink /usr/bin/redis-sentinel -> redis-check-rdb.
mount --bind "$root/redis-sentinel" /usr/bin/redis-sentinel
mount --bind "$root/etc" /etc/redis
mount --bind "$root/log" /var/log/redis
mount --bind "$root/run" /run/sentinel
mount --bind /var/lib/redis /var/lib/redis

# ExecPaths: read-only but executable. ReadWritePaths: writable, not executable.
for m in /usr/lib /usr/lib/redis-sentinel-ts /usr/bin/redis-sentinel; do mount -o remount,bind,ro "$m"; done
for m in /etc/redis /var/log/redis /run/sentinel /var/lib/redis; do mount -o remount,bind,noexec "$m"; done
for m in $before; do
  [ "$m" = / ] || mount -o remount,bind,ro,noexec "$m" 2>/dev/null || true
done
# The root last: after it, only the ExecPaths can be executed (mount included).
mount -o remount,bind,ro,noexec /

# Controls: the restrictions are really in force, or the run proves nothing.
/usr/bin/node -e 0 2>/dev/null && rc=0 || rc=$?
echo "control node-exec $rc"
/usr/lib/redis-sentinel-ts/perl /usr/lib/redis-sentinel-ts/enter.pl /usr/lib/redis-sentinel-ts/node -e 0 2>/dev/null && rc=0 || rc=$?
echo "control node-jit $rc"
/usr/lib/redis-sentinel-ts/perl /usr/lib/redis-sentinel-ts/enter.pl /usr/lib/redis-sentinel-ts/node --jitless -e 0 2>/dev/null && rc=0 || rc=$?
echo "control node-jitless $rc"
echo "exec $*"
exec /usr/lib/redis-sentinel-ts/perl /usr/lib/redis-sentinel-ts/enter.pl "$@"
