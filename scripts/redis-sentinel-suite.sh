#!/usr/bin/env bash
# Runs Redis's own sentinel test suite (tests/sentinel of a redis source tree:
# tags 7.0.15 and 7.2.5 are measured) against redis-sentinel-ts, the way Redis
# runs it against its own binary: our daemon is placed as src/redis-sentinel.
#
#   scripts/redis-sentinel-suite.sh [--compat-release <release>] /path/to/redis-source [--single <unit>]
#
# --compat-release starts every sentinel with that `compat-release` (default
# redis-7.0.15, as the daemon's): 7.2.5's suite needs redis-7.2.5, since its
# COMMAND LIST test and 7.0.15's contradict each other (see the README).
#
# Only tests/ and runtest-sentinel are needed, e.g. for 7.2.5:
#   git -C <redis git dir> archive 7.2.5 tests runtest-sentinel | tar -x -C /tmp/redis-7.2.5
#
# The source tree is only read: tests/ and runtest-sentinel are copied into a
# scratch directory next to symlinks to the installed redis-server and
# redis-cli. Needs tclsh 8.5+ and a built dist/ (npm run build).
set -euo pipefail
release=
if [ "${1:-}" = --compat-release ]; then release=${2:?--compat-release needs a release}; shift 2; fi
src=${1:?usage: $0 /path/to/redis-source [runtest-sentinel options]}
[ -x "$src/runtest-sentinel" ] && [ -d "$src/tests/sentinel" ] || { echo "$src: no runtest-sentinel and tests/sentinel" >&2; exit 2; }
shift
here=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$here/dist/src/cli.js" ] || (cd "$here" && npm run build --silent)
work=$(mktemp -d "${TMPDIR:-/tmp}/rsts-suite-XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$src/tests" "$src/runtest-sentinel" "$work/"
mkdir -p "$work/src"
ln -s "$(command -v redis-server)" "$work/src/redis-server"
ln -s "$(command -v redis-cli)" "$work/src/redis-cli"
if [ -n "$release" ]; then
  # After the config file, as an operator's --directive: appended to its lines.
  printf '#!/bin/sh\nexec node %q "$@" --compat-release %q\n' "$here/bin/redis-sentinel-ts" "$release" > "$work/src/redis-sentinel"
else
  printf '#!/bin/sh\nexec node %q "$@"\n' "$here/bin/redis-sentinel-ts" > "$work/src/redis-sentinel"
fi
chmod +x "$work/src/redis-sentinel"
cd "$work" && ./runtest-sentinel "$@"
