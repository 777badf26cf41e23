#!/usr/bin/env bash
# Times pkgconf-rs against the reference pkgconf 3.0.7 on a synthetic
# universe, in the same run, after checking that both print the same bytes.
#
#   bench/compare.sh [DEPTH WIDTH FANOUT]     (default: 80 200 30)
#
# Needs hyperfine (Debian package `hyperfine`; installed when missing and
# running as root) and ../shared beside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
depth=${1:-80} width=${2:-200} fanout=${3:-30}
shared=../shared

if ! command -v hyperfine >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq hyperfine
    else
        echo "bench: install hyperfine (apt-get install hyperfine)" >&2
        exit 1
    fi
fi

cargo build --release -q -p pkgconf-rs
ours=$PWD/target/release/pkgconf-rs
ref=$("$shared/reference/pkgconf" --path-of-binary)

universe=$(mktemp -d)
trap 'rm -rf "$universe"' EXIT
"$shared/bench/gen-graph" "$universe" --depth "$depth" --width "$width" --fanout "$fanout" >/dev/null
echo "universe: $(ls "$universe" | wc -l) packages (depth $depth, width $width, fanout $fanout)"

export PKG_CONFIG_LIBDIR=$universe
for args in "--cflags --libs top" "--static --cflags --libs top" "--exists top" "--modversion top"; do
    # shellcheck disable=SC2086
    if ! cmp -s <("$ours" $args) <("$ref" $args); then
        echo "bench: outputs differ for: $args" >&2
        exit 1
    fi
    echo "same output: $args"
done

hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown "${OUT:-/dev/stdout}" \
    -n "pkgconf-rs --cflags --libs" "$ours --cflags --libs top" \
    -n "pkgconf 3.0.7 --cflags --libs" "$ref --cflags --libs top" \
    -n "pkgconf-rs --static --cflags --libs" "$ours --static --cflags --libs top" \
    -n "pkgconf 3.0.7 --static --cflags --libs" "$ref --static --cflags --libs top"
