#!/bin/sh
# Re-records tests/snapshots/{cli,modes}/*.snap from the reference pkgconf.
#
# Usage: tests/record-baselines.sh [path/to/reference/pkgconf]
#
# It runs the ordinary `baselines` test with PKGCONF_BASELINE_BIN pointing at
# the reference binary and insta in overwrite mode, so the case table in
# tests/cli_baselines.rs is the single source of truth. Review the result
# with `git diff tests/snapshots/cli`, then run
# `cargo test -p pkgconf-rs-tests --test cli_baselines` against pkgconf-rs.
set -eu
ref=${1:-$(cd "$(dirname "$0")/../.." && pwd)/shared/reference/pkgconf}
[ -x "$ref" ] || { echo "reference binary not found: $ref" >&2; exit 1; }
ref=$(cd "$(dirname "$ref")" && pwd)/$(basename "$ref")
cd "$(dirname "$0")/.."
for suite in cli_baselines:cli modes:modes; do
    test=${suite%%:*} dir=${suite##*:}
    rm -f tests/snapshots/$dir/*.snap tests/snapshots/$dir/*.snap.new
    PKGCONF_BASELINE_BIN=$ref INSTA_UPDATE=always INSTA_FORCE_PASS=1 \
        cargo test -q -p pkgconf-rs-tests --test "$test" -- baselines --exact
    echo "recorded $(ls tests/snapshots/$dir/*.snap | wc -l) $test baselines from $ref"
done
