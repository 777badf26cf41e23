#!/usr/bin/env bash
# Installs pkgconf-rs under PREFIX (an absolute path): capi/install.sh PREFIX
#
# The C library part of it:
#
#   PREFIX/lib/libpkgconf_rs.so.MAJOR (+ libpkgconf_rs.so link), libpkgconf_rs.a
#   PREFIX/include/pkgconf_rs.h
#   PREFIX/lib/pkgconfig/pkgconf-rs.pc, for the prefix
#
# so that `pkgconf-rs --cflags --libs pkgconf-rs` (with PREFIX/lib/pkgconfig
# on the search path) gives what a C program needs. DESTDIR is honoured for
# staged installs; the .pc names PREFIX, not DESTDIR.
#
# It runs `cargo xtask install` (xtask/src/install.rs), which installs the
# programs, their man pages and shell completions too; this script stays for
# the callers that know it by this name.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:?usage: capi/install.sh PREFIX}
args=(--prefix "$prefix")
if [ -n "${DESTDIR:-}" ]; then
    args+=(--destdir "$DESTDIR")
fi
exec cargo xtask install "${args[@]}"
