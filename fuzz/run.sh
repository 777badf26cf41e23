#!/usr/bin/env bash
# Runs one fuzz target for SECONDS (default 600) with the .pc dictionary and
# inputs up to 64 KiB. Usage: fuzz/run.sh TARGET [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1 secs=${2:-600}
[ -d fuzz/corpus/$target ] || fuzz/seed.sh
cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" -- \
    -dict=fuzz/dict/pc.dict -max_len=65536 -max_total_time="$secs" \
    -timeout=10 -rss_limit_mb=4096 -print_final_stats=1
