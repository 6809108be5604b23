#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_data.sh: every file in data/ is what data/SHA256SUMS says, is listed
# there, and is named (directly or by a {a,b}.{train,test} group) in
# data/README.md, which says where it came from and under which terms.
. "$(dirname "$0")/lib.sh" data "$@"

cd "$ROOT/data" || exit 1
sha256sum --check --quiet SHA256SUMS && ok || bad "data/SHA256SUMS does not match the files"
while read -r file; do
    file=${file#./}
    grep -q "  $file\$" SHA256SUMS && ok || bad "data/$file is not in data/SHA256SUMS"
    # Expand the brace groups of README.md's table into names and look for this one.
    base=$(basename "$file")
    dir=$(dirname "$file")
    found=0
    while read -r pattern; do
        for name in $(eval "echo $pattern"); do
            [ "$name" = "$file" ] && found=1
        done
    done < <(grep -oE '`[a-z0-9/{},.-]+\.csv`' README.md | tr -d '`')
    [ "$found" = 1 ] && ok || bad "data/README.md does not say where data/$file ($base in $dir) comes from"
done < <(find . -type f -name '*.csv' | sort)
grep -q "MIT licence .* covers mlp's code and documentation, not the data" README.md && ok \
    || bad "data/README.md no longer says that the MIT licence does not cover the data"
cd "$WORK" || exit 1

finish
