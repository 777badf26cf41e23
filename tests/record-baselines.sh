#!/bin/sh
# Re-records tests/snapshots/cli/*.snap from the reference pkgconf.
#
# Usage: tests/record-baselines.sh [path/to/reference/pkgconf]
#
# It runs the ordinary `baselines` test with PKGCONF_BASELINE_BIN pointing at
# the reference binary and insta in overwrite mode, so the case table in
# tests/cli_baselines.rs is the single source of truth. Review the result
# with `git diff tests/snapshots/cli`, then run
# `cargo test -p pkgconf-rs-tests --test cli_baselines` against pkgconf-rs.
set -eu
ref=${1:-/work/shared/reference/pkgconf}
[ -x "$ref" ] || { echo "reference binary not found: $ref" >&2; exit 1; }
cd "$(dirname "$0")/.."
rm -f tests/snapshots/cli/*.snap tests/snapshots/cli/*.snap.new
PKGCONF_BASELINE_BIN=$ref INSTA_UPDATE=always INSTA_FORCE_PASS=1 \
    cargo test -q -p pkgconf-rs-tests --test cli_baselines -- baselines --exact
echo "recorded $(ls tests/snapshots/cli/*.snap | wc -l) baselines from $ref"
