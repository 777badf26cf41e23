#!/usr/bin/env bash
# Checks that a "query" program prints byte-identical stdout, with the same
# exit code, as `pkgconf-rs --cflags --libs [--static] PKG`.
#
# Usage:
#   tests/compare-query-example.sh [--no-build] [--query-cmd "CMD"] [--cli BIN]
#                                  [--testdata] DIR...
#
#   DIR         a folder holding .pc files; every *.pc directly in it is one
#               package (name = file name less `.pc`; `*-uninstalled` skipped)
#               and is queried once plainly and once with --static.
#               The word `system` means the Debian system folders
#               /usr/lib/x86_64-linux-gnu/pkgconfig and /usr/share/pkgconfig.
#   --testdata  add every folder under testdata/ that directly holds a .pc file.
#   --query-cmd the query program, split on spaces (default:
#               target/release/examples/query); it is run as
#               `CMD [--static] PKG`.
#   --cli       the CLI (default: target/release/pkgconf-rs); it is run as
#               `BIN --cflags --libs [--static] PKG`.
#   --no-build  do not run cargo first. Otherwise the CLI is built, and so is
#               the `query` example of libpkgconf when the default query
#               command is used.
#
# Both programs run under `env -i` with only PATH, PKG_CONFIG_LIBDIR,
# PKG_CONFIG_SYSTEM_INCLUDE_PATH and PKG_CONFIG_SYSTEM_LIBRARY_PATH set, plus
# the NAME=value pairs (space-separated) of COMPARE_EXTRA_ENV, if exported.
# Only stdout and the exit code are compared, never stderr.
#
# Exit status: 0 if every query matched, 1 if any differ, 2 on a usage or
# build error (including a missing `query` example).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
system_dirs=(/usr/lib/x86_64-linux-gnu/pkgconfig /usr/share/pkgconfig)
max_show=300

die() { echo "compare-query-example: $*" >&2; exit 2; }

build=1
cli="$root/target/release/pkgconf-rs"
query_cmd_str=
dirs=()
while [ $# -gt 0 ]; do
    case $1 in
        --no-build) build=0 ;;
        --query-cmd) [ $# -ge 2 ] || die "--query-cmd needs a value"; query_cmd_str=$2; shift ;;
        --query-cmd=*) query_cmd_str=${1#*=} ;;
        --cli) [ $# -ge 2 ] || die "--cli needs a value"; cli=$2; shift ;;
        --cli=*) cli=${1#*=} ;;
        --testdata)
            while IFS= read -r -d '' d; do dirs+=("$d"); done \
                < <(find "$root/testdata" -type f -name '*.pc' -printf '%h\0' | sort -zu)
            ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        --) shift; dirs+=("$@"); break ;;
        -*) die "unknown option: $1 (see --help)" ;;
        *) dirs+=("$1") ;;
    esac
    shift
done
[ ${#dirs[@]} -gt 0 ] || die "no DIR given (see --help)"

if [ -n "$query_cmd_str" ]; then
    read -r -a query_cmd <<<"$query_cmd_str"
    [ ${#query_cmd[@]} -gt 0 ] || die "--query-cmd is empty"
    default_query=0
else
    query_cmd=("$root/target/release/examples/query")
    default_query=1
fi

no_example() {
    die "the libpkgconf example \`query\` does not exist yet (expected libpkgconf/examples/query.rs, built as target/release/examples/query)"
}

if [ "$build" = 1 ]; then
    (cd "$root" && cargo build --release -q -p pkgconf-rs) || die "building pkgconf-rs failed"
    if [ "$default_query" = 1 ]; then
        log=$(mktemp)
        if ! (cd "$root" && cargo build --release -q -p libpkgconf --example query) 2>"$log"; then
            if grep -q 'no example target named' "$log"; then rm -f "$log"; no_example; fi
            cat "$log" >&2; rm -f "$log"
            die "building the query example failed"
        fi
        rm -f "$log"
    fi
fi

if [ "$default_query" = 1 ] && [ ! -x "${query_cmd[0]}" ]; then no_example; fi
command -v "${query_cmd[0]}" >/dev/null 2>&1 || die "query command not found: ${query_cmd[0]}"
command -v "$cli" >/dev/null 2>&1 || die "CLI not found: $cli"

base_env=(PATH="$PATH"
          PKG_CONFIG_SYSTEM_INCLUDE_PATH=/usr/include
          PKG_CONFIG_SYSTEM_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu:/usr/lib)
if [ -n "${COMPARE_EXTRA_ENV:-}" ]; then
    read -r -a extra <<<"$COMPARE_EXTRA_ENV"
    for kv in "${extra[@]}"; do
        [[ $kv =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "COMPARE_EXTRA_ENV: not NAME=value: $kv"
        base_env+=("$kv")
    done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Prints the first $max_show bytes of file $1, and its size when longer.
show() {
    local size
    size=$(wc -c <"$1")
    printf '    |'
    head -c "$max_show" "$1"
    if [ "$size" -gt "$max_show" ]; then printf '... [%s bytes in all]' "$size"; fi
    printf '|\n'
}

total=0 same=0 differ=0

# compare LIBDIR PKG MODE...: MODE is empty or --static.
compare() {
    local libdir=$1 pkg=$2 mode=${3:-} rc_q=0 rc_c=0
    local e=(env -i "${base_env[@]}" PKG_CONFIG_LIBDIR="$libdir")
    "${e[@]}" "${query_cmd[@]}" ${mode:+"$mode"} "$pkg" >"$tmp/q" 2>/dev/null </dev/null || rc_q=$?
    "${e[@]}" "$cli" --cflags --libs ${mode:+"$mode"} "$pkg" >"$tmp/c" 2>/dev/null </dev/null || rc_c=$?
    total=$((total + 1))
    if [ "$rc_q" = "$rc_c" ] && cmp -s "$tmp/q" "$tmp/c"; then
        same=$((same + 1))
        return
    fi
    differ=$((differ + 1))
    echo "DIFF $pkg [${mode:-default}] in $libdir: query exit $rc_q, cli exit $rc_c"
    echo "  query stdout:"; show "$tmp/q"
    echo "  cli stdout:"; show "$tmp/c"
}

for dir in "${dirs[@]}"; do
    if [ "$dir" = system ]; then
        folders=("${system_dirs[@]}")
    else
        [ -d "$dir" ] || die "not a folder: $dir"
        [[ $dir != *:* ]] || die "a folder with ':' cannot be a PKG_CONFIG_LIBDIR entry: $dir"
        folders=("$dir")
    fi
    libdir=$(IFS=:; echo "${folders[*]}")
    declare -A seen=()
    for folder in "${folders[@]}"; do
        for pc in "$folder"/*.pc; do
            [ -f "$pc" ] || continue
            pkg=$(basename "$pc" .pc)
            [[ $pkg != *-uninstalled ]] || continue
            [ -z "${seen[$pkg]:-}" ] || continue
            seen[$pkg]=1
            compare "$libdir" "$pkg" ""
            compare "$libdir" "$pkg" --static
        done
    done
    unset seen
done

echo "compared $total queries: $same identical, $differ differ"
[ "$differ" = 0 ]
