#!/bin/sh
# Test-only: boots a real systemd as PID 1 of the PID and mount namespaces
# this script is started in (`unshare --pid --fork --mount --mount-proc
# --propagation private`), with nothing to start but Debian's own
# redis-sentinel.service, byte for byte as the redis-sentinel package
# installed it, and with redis-sentinel-ts put in place of Debian's binary
# by bin/debian-install.sh. Nothing outside the namespaces changes.
#   systemd-boot.sh ROOT PACKAGE_DIR UNIT_FILE
# ROOT holds units/ lib/ etc/ log/ made by the test; /usr/lib/redis-sentinel-ts
# must exist as a mount point.
set -eu
root=$1 pkg=$2 unit=$3

mount -t tmpfs tmpfs /run
# Only these units exist for this systemd: the stock unit and a target that wants it.
cp "$unit" "$root/units/redis-sentinel.service"
printf '[Unit]\nDescription=redis-sentinel-ts test target\nWants=redis-sentinel.service\n' > "$root/units/rst-test.target"
mount --bind "$root/units" /lib/systemd/system
mount -t tmpfs tmpfs /etc/systemd/system
ln -s /lib/systemd/system/rst-test.target /etc/systemd/system/default.target

mount --bind "$root/lib" /usr/lib/redis-sentinel-ts
REDIS_SENTINEL_TS_TARGET="$root/redis-sentinel" sh "$pkg/bin/debian-install.sh" install
# mount --bind follows the symlink /usr/bin/redis-sentinel -> redis-check-rdb.
mount --bind "$root/redis-sentinel" /usr/bin/redis-sentinel
mount --bind "$root/etc" /etc/redis
mount --bind "$root/log" /var/log/redis

export container=redis-sentinel-ts-test
exec /lib/systemd/systemd --system --log-target=console
