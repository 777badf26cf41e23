#!/usr/bin/env bash
# Writes seed corpora for the fuzz targets into fuzz/corpus/ (not committed)
# from the project's own fixtures in testdata/.
set -euo pipefail
cd "$(dirname "$0")"
td=../testdata
mkdir -p corpus/{pc_parser,var_expansion,version_compare,query_parse,solver,lint}
n=0
while IFS= read -r -d '' f; do
    n=$((n + 1))
    cp "$f" "corpus/pc_parser/seed-$n"
    cp "$f" "corpus/lint/seed-$n"
    # The variable section of each file (lines with '=' before any ':').
    grep -E '^[A-Za-z0-9_.]+ *=' "$f" > "corpus/var_expansion/seed-$n" || true
done < <(find "$td" -name '*.pc' -type f -print0)
# Solver seeds: each fixture directory's files, joined with NUL bytes.
m=0
for d in "$td"/*/ "$td"/static-order/; do
    m=$((m + 1))
    find "$d" -maxdepth 1 -name '*.pc' -type f -print0 | sort -z | head -z -n 16 |
        xargs -0 -r -I{} sh -c 'cat "{}"; printf "\0"' > "corpus/solver/seed-$m"
done
printf '1.0\0001.0.1\0002' > corpus/version_compare/seed-1
printf '1.2a\0001.2.a\0001.2~rc1' > corpus/version_compare/seed-2
printf '0001\0001\000.1' > corpus/version_compare/seed-3
printf 'foo >= 1.2\000bar\000baz < 3, qux' > corpus/query_parse/seed-1
printf 'zlib => 99, a == 1 b' > corpus/query_parse/seed-2
echo "seeded: $n .pc files, $m solver universes"
