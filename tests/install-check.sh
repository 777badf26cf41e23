#!/usr/bin/env bash
# Installs everything with `cargo xtask install` into a scratch prefix and
# checks that it works from there:
#
#   - `pkgconf-rs --cflags --libs pkgconf-rs` (PKG_CONFIG_PATH set to the
#     installed lib/pkgconfig) gives flags that compile and link a C program
#     against the installed library, and the program runs;
#   - the installed programs and the --pkg-config-link and --pccritic-link
#     links run;
#   - the man pages render with `man -l` without a warning;
#   - the completions are installed, and bash's completes an option;
#   - a staged install (--destdir, or DESTDIR in the environment) puts
#     every file under DESTDIR, nothing under PREFIX, and its .pc file
#     names PREFIX.
#
# Usage: tests/install-check.sh (from anywhere; it needs cargo and cc).
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

fail() {
    echo "install-check: $*" >&2
    exit 1
}

echo "== cargo xtask install --prefix $prefix"
cargo xtask install --prefix "$prefix" --pkg-config-link --pccritic-link

echo "== a C program built with the installed pkgconf-rs --cflags --libs pkgconf-rs"
cat > "$tmp/hello.c" <<'HELLO'
#include <pkgconf_rs.h>
#include <stdio.h>
int main(void) {
    int32_t order = 0;
    if (pkgconf_rs_version_compare("1.10", "1.9", &order) != PKGCONF_RS_OK || order != 1) {
        fprintf(stderr, "pkgconf_rs_version_compare(\"1.10\", \"1.9\") gave order %d\n", (int)order);
        return 1;
    }
    puts("1.10 > 1.9");
    return 0;
}
HELLO
flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" "$prefix/bin/pkgconf-rs" --cflags --libs pkgconf-rs)
echo "flags: $flags"
# shellcheck disable=SC2086 # the flags are words
cc -std=c11 -Wall -Werror "$tmp/hello.c" $flags -Wl,-rpath,"$prefix/lib" -o "$tmp/hello"
"$tmp/hello"

echo "== the installed programs and links run"
# On glibc the programs are linked statically (cargo xtask build), not
# position-independent: ldd says "not a dynamic executable" of them (of a
# static PIE it says "statically linked").
if ldd --version 2>&1 | grep -qi glibc; then
    for program in pkgconf-rs pkgconf-rs-lint; do
        # ldd fails (exit 1) on an executable that is not dynamic.
        linked=$(ldd "$prefix/bin/$program" 2>&1 || true)
        grep -Eq "statically linked|not a dynamic executable" <<<"$linked" ||
            fail "bin/$program is not statically linked: $linked"
    done
fi
"$prefix/bin/pkgconf-rs" --version
"$prefix/bin/pkg-config" --version
"$prefix/bin/pkgconf-rs-lint" --version
"$prefix/bin/pccritic" --version
[ "$(readlink "$prefix/lib/libpkgconf_rs.so")" = "$(basename "$prefix"/lib/libpkgconf_rs.so.[0-9]*)" ] ||
    fail "lib/libpkgconf_rs.so does not link to lib/libpkgconf_rs.so.MAJOR"
[ -f "$prefix/lib/libpkgconf_rs.a" ] || fail "lib/libpkgconf_rs.a is missing"

echo "== the man pages render"
pages=("$prefix"/share/man/man1/pkgconf-rs.1 "$prefix"/share/man/man1/pkgconf-rs-lint.1
    "$prefix"/share/man/man5/pkgconf-rs-pc.5)
for page in "${pages[@]}"; do
    [ -f "$page" ] || fail "$page is missing"
done
if command -v man >/dev/null; then
    for page in "${pages[@]}"; do
        text=$(MANWIDTH=80 man -l "$page" 2>"$tmp/man-warnings")
        [ ! -s "$tmp/man-warnings" ] || fail "man -l $page warns: $(cat "$tmp/man-warnings")"
        grep -q '^NAME' <<<"$text" || fail "man -l $page has no NAME section"
        echo "$page: $(wc -l <<<"$text") lines"
    done
else
    echo "install-check: no man command here; the pages were not rendered" >&2
fi

echo "== the completions are installed"
for program in pkgconf-rs pkgconf-rs-lint; do
    for file in "share/bash-completion/completions/$program" \
        "share/zsh/site-functions/_$program" \
        "share/fish/vendor_completions.d/$program.fish"; do
        [ -s "$prefix/$file" ] || fail "$file is missing"
    done
done
# The bash completion of `pkgconf-rs --cfl`, from the installed script.
# shellcheck disable=SC2016 # expanded by the inner bash
got=$(bash --norc --noprofile -c '
    source "$1"
    fn=$(complete -p pkgconf-rs | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
    COMP_WORDS=(pkgconf-rs --cfl)
    COMP_CWORD=1
    "$fn" pkgconf-rs --cfl pkgconf-rs
    echo "${COMPREPLY[*]}"' bash "$prefix/share/bash-completion/completions/pkgconf-rs")
[ "$got" = "--cflags --cflags-only-I --cflags-only-other" ] ||
    fail "bash completes 'pkgconf-rs --cfl' to '$got'"
echo "bash: pkgconf-rs --cfl<TAB> gives $got"
# zsh: the script parses; fish: it completes the same options.
if command -v zsh >/dev/null; then
    for program in pkgconf-rs pkgconf-rs-lint; do
        zsh -n "$prefix/share/zsh/site-functions/_$program" || fail "_$program does not parse in zsh"
    done
    echo "zsh: both scripts parse"
else
    echo "install-check: no zsh here; its completions were not checked" >&2
fi
if command -v fish >/dev/null; then
    got=$(fish --no-config -c "source '$prefix/share/fish/vendor_completions.d/pkgconf-rs.fish'
        complete -C 'pkgconf-rs --cfl'" | cut -f1 | tr '\n' ' ')
    [ "$got" = "--cflags --cflags-only-I --cflags-only-other " ] ||
        fail "fish completes 'pkgconf-rs --cfl' to '$got'"
    echo "fish: pkgconf-rs --cfl<TAB> gives $got"
else
    echo "install-check: no fish here; its completions were not checked" >&2
fi

echo "== a staged install: --destdir"
dest=$tmp/dest
staged_prefix=/opt/pkgconf-rs-staged
cargo xtask install --prefix "$staged_prefix" --destdir "$dest" >/dev/null
[ ! -e "$staged_prefix" ] || fail "a staged install wrote to $staged_prefix"
for file in bin/pkgconf-rs bin/pkgconf-rs-lint include/pkgconf_rs.h lib/libpkgconf_rs.a \
    share/man/man1/pkgconf-rs.1 share/man/man5/pkgconf-rs-pc.5 lib/pkgconfig/pkgconf-rs.pc; do
    [ -e "$dest$staged_prefix/$file" ] || fail "$dest$staged_prefix/$file is missing"
done
grep -qx "prefix=$staged_prefix" "$dest$staged_prefix/lib/pkgconfig/pkgconf-rs.pc" ||
    fail "the staged .pc file does not name $staged_prefix"
if grep -q "$dest" "$dest$staged_prefix/lib/pkgconfig/pkgconf-rs.pc"; then
    fail "the staged .pc file names DESTDIR"
fi
got=$(PKG_CONFIG_PATH="$dest$staged_prefix/lib/pkgconfig" "$prefix/bin/pkgconf-rs" --cflags pkgconf-rs)
[ "$got" = "-I$staged_prefix/include" ] || fail "the staged .pc file gives --cflags $got"
echo "staged under $dest: the .pc file names $staged_prefix"

echo "== a staged install: the DESTDIR environment variable"
envdest=$tmp/envdest
DESTDIR=$envdest cargo xtask install --prefix "$staged_prefix" >/dev/null
[ ! -e "$staged_prefix" ] || fail "DESTDIR=... install wrote to $staged_prefix"
[ -e "$envdest$staged_prefix/bin/pkgconf-rs" ] || fail "DESTDIR=... install did not stage bin/pkgconf-rs"
echo "staged under \$DESTDIR ($envdest)"

echo "install-check: ok"
