#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/architecture.md is true about the size of the programs' files: every
# file under src/cli/ over 400 lines has its row in the table "The larger
# files under src/cli/", and every row is of a file that exists. (The doc
# said "no file under src/cli/ over about 400 lines" while
# mlptrain_data.c had 747, mlptrain.c 604, mlppredict.c 519 and
# mlptrain_train.c 443.)
# Usage: test_architecture.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" architecture "$@"
DOC=$ROOT/docs/architecture.md
awk '$0 == "### The larger files under src/cli/" { on = 1; next } /^#/ { on = 0 } on' "$DOC" > section.txt
sed -n 's/^| `\([a-z_]*\.[ch]\)` | about [0-9]* | .*/\1/p' section.txt | sort > rows.txt
[ -s rows.txt ] && ok || bad "docs/architecture.md has no table of the larger files under src/cli/"
long=0
for f in "$ROOT"/src/cli/*.[ch]; do
    n=$(wc -l < "$f")
    [ "$n" -gt 400 ] || continue
    long=$((long + 1))
    grep -qx "$(basename "$f")" rows.txt && ok \
        || bad "src/cli/$(basename "$f") has $n lines, over 400, and no row in docs/architecture.md's table of the larger files"
done
[ "$long" -gt 0 ] || grep -q 'none' section.txt && ok \
    || bad "no file under src/cli/ is over 400 lines: say so in docs/architecture.md"
while read -r f; do
    [ -f "$ROOT/src/cli/$f" ] && ok || bad "docs/architecture.md lists src/cli/$f, which does not exist"
done < rows.txt
finish
