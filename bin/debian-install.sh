#!/bin/sh
# Puts redis-sentinel-ts in the place of Debian's redis-sentinel, so that
# Debian's own unit (redis-sentinel.service, Type=notify, hardened) runs it
# unchanged:
#
#   sudo sh "$(npm root -g)/redis-sentinel-ts/bin/debian-install.sh" install
#   sudo systemctl restart redis-sentinel
#
# and `... uninstall` puts Debian's binary back. What it does, and why:
# - The unit may exec only /usr/bin/redis-sentinel and what is under /usr/lib
#   (NoExecPaths=/, ExecPaths=/usr/bin/redis-sentinel /usr/lib /lib). So a
#   private directory /usr/lib/redis-sentinel-ts gets the node and the perl
#   the service runs (hard links where the file system allows, else copies),
#   and on x86-64 the preload that keeps V8 from a system call the unit's
#   filter punishes with SIGSYS (src/install/no-pkey-shim.ts)
#   and a copy of this package (the unit's ProtectHome=true would hide a
#   package installed under /root or /home).
# - /usr/bin/redis-sentinel becomes bin/debian-launcher.pl behind a first
#   line naming that perl. Debian's file is kept aside with dpkg-divert, so
#   package upgrades do not overwrite ours and uninstall restores theirs.
# REDIS_SENTINEL_TS_LIBDIR and REDIS_SENTINEL_TS_TARGET move both places
# (the tests use them); dpkg-divert is used only for the real target.
set -eu

action=${1:-install}
libdir=${REDIS_SENTINEL_TS_LIBDIR:-/usr/lib/redis-sentinel-ts}
target=${REDIS_SENTINEL_TS_TARGET:-/usr/bin/redis-sentinel}
diverted=/usr/bin/redis-sentinel.debian
pkg=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)

die() { echo "debian-install: $*" >&2; exit 1; }

place() { # place FILE DEST: a hard link if possible, else a copy
  rm -f "$2"
  ln "$1" "$2" 2>/dev/null || cp "$1" "$2"
}

divert() {
  [ "$target" = /usr/bin/redis-sentinel ] && command -v dpkg-divert >/dev/null 2>&1
}

case "$action" in
install)
  node=$(command -v node) || die "node is not on PATH"
  perl=$(command -v perl) || die "perl is not on PATH"
  node=$(readlink -f "$node")
  perl=$(readlink -f "$perl")
  [ -f "$pkg/dist/src/cli.js" ] || die "$pkg has no dist/src/cli.js (install the package first)"
  mkdir -p "$libdir"
  place "$node" "$libdir/node"
  place "$perl" "$libdir/perl"
  # The unit's system-call filter kills node at V8's pkey_alloc (x86-64 only):
  # see src/install/no-pkey-shim.ts.
  rm -f "$libdir/no-pkey.so"
  if [ "$(uname -m)" = x86_64 ]; then
    "$node" "$pkg/dist/src/install/no-pkey-shim.js" "$libdir/no-pkey.so"
  fi
  if [ "$(readlink -f "$pkg")" != "$(readlink -f "$libdir/app")" ]; then
    rm -rf "$libdir/app.new"
    cp -R "$pkg" "$libdir/app.new"
    rm -rf "$libdir/app"
    mv "$libdir/app.new" "$libdir/app"
  fi
  if divert && ! dpkg-divert --list "$target" | grep -q .; then
    dpkg-divert --local --rename --divert "$diverted" --add "$target" >/dev/null
  fi
  tmp="$target.redis-sentinel-ts.$$"
  { echo "#!$libdir/perl"; cat "$pkg/bin/debian-launcher.pl"; } > "$tmp"
  chmod 755 "$tmp"
  mv -f "$tmp" "$target"
  echo "redis-sentinel-ts installed as $target (private files in $libdir)"
  ;;
uninstall)
  rm -f "$target"
  if divert && dpkg-divert --list "$target" | grep -q .; then
    dpkg-divert --local --rename --remove "$target" >/dev/null
  fi
  rm -rf "$libdir"
  echo "redis-sentinel-ts removed from $target"
  ;;
*)
  die "usage: debian-install.sh install|uninstall"
  ;;
esac
