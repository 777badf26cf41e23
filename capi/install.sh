#!/usr/bin/env bash
# Installs the C library: capi/install.sh PREFIX
#
#   PREFIX/lib/libpkgconf_rs.so.MAJOR (+ libpkgconf_rs.so link), libpkgconf_rs.a
#   PREFIX/include/pkgconf_rs.h
#   PREFIX/lib/pkgconfig/pkgconf-rs.pc, for the prefix
#
# so that `pkgconf-rs --cflags --libs pkgconf-rs` (with PREFIX/lib/pkgconfig
# on the search path) gives what a C program needs. DESTDIR is honoured for
# staged installs; the .pc names PREFIX, not DESTDIR.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:?usage: capi/install.sh PREFIX}
dest=${DESTDIR:-}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
major=${version%%.*}
cargo build --release -q -p pkgconf-rs-capi
install -d "$dest$prefix/lib/pkgconfig" "$dest$prefix/include"
install -m 0755 target/release/libpkgconf_rs.so "$dest$prefix/lib/libpkgconf_rs.so.$major"
ln -sf "libpkgconf_rs.so.$major" "$dest$prefix/lib/libpkgconf_rs.so"
install -m 0644 target/release/libpkgconf_rs.a "$dest$prefix/lib/libpkgconf_rs.a"
install -m 0644 capi/include/pkgconf_rs.h "$dest$prefix/include/pkgconf_rs.h"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" capi/pkgconf-rs.pc.in \
    > "$dest$prefix/lib/pkgconfig/pkgconf-rs.pc"
echo "installed pkgconf-rs $version C API in $dest$prefix"
