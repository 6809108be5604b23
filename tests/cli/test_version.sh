#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_version.sh: --version of both programs, GNU style: first line
# "PROG (mlp) VERSION" with project(VERSION) from CMakeLists.txt, then the
# BLAS (mlp/blas.h's line, tested in test_blas.sh), the OpenBLAS build, the
# vector instruction set, the cJSON version (as pkg-config reports the installed one) and the
# licence; exit 0, nothing on stderr. Also: include/mlp/mlp.h includes every
# public header, so the umbrella cannot miss a new one.
. "$(dirname "$0")/lib.sh" version "$@"

version=$(sed -n 's/^project(mlp VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")
# A build from a git checkout adds the commit to the first line,
# " (git HASH[-dirty])" (docs/install.md); a source tarball, nothing.
head_commit=
if command -v git > /dev/null && [ "$(git -C "$ROOT" rev-parse --show-toplevel 2> /dev/null)" = "$(realpath "$ROOT")" ]; then
    head_commit=$(git -C "$ROOT" rev-parse HEAD 2> /dev/null)
fi
# The first line of PROG --version as docs/install.md shows it.
first_line_ok() {
    local prog=$1 line=$2
    if [ -z "$head_commit" ]; then
        [ "$line" = "$prog (mlp) $version" ]
        return
    fi
    [[ "$line" =~ ^"$prog (mlp) $version (git "([0-9a-f]{7,})(-dirty)?")"$ ]] || return 1
    local built=${BASH_REMATCH[1]}
    [[ "$head_commit" == "$built"* ]] && return 0
    # Built before the last commit (a commit, then ctest without a build):
    # the commit it names is one of HEAD's ancestors, not a wrong one.
    git -C "$ROOT" merge-base --is-ancestor "$built" HEAD 2> /dev/null || return 1
    echo "note: $prog was built at $built, the checkout is at ${head_commit:0:7}; build again to test the line of HEAD"
}
openblas=$(pkg-config --modversion openblas)
cjson=$(pkg-config --modversion libcjson)

# mlpplot, built beside mlptrain, prints the same text.
progs="mlptrain mlppredict"
[ -x "$(dirname "$MLPTRAIN")/mlpplot" ] && progs="$progs mlpplot"
for prog in $progs; do
    bin=$(dirname "$MLPTRAIN")/$prog
    [ "$prog" = mlptrain ] && bin=$MLPTRAIN
    [ "$prog" = mlppredict ] && bin=$MLPPREDICT
    "$bin" --version > "$prog.out" 2> "$prog.err"
    rc=$?
    [ "$rc" = 0 ] && [ ! -s "$prog.err" ] && ok || bad "$prog --version: exit $rc, stderr: $(cat "$prog.err")"
    first_line_ok "$prog" "$(head -1 "$prog.out")" && ok \
        || bad "$prog --version first line: \"$(head -1 "$prog.out")\", want \"$prog (mlp) $version${head_commit:+ (git ${head_commit:0:7}[-dirty])}\""
    grep -qE "^BLAS: OpenBLAS $openblas, core [A-Za-z0-9_]+ \(" "$prog.out" && ok \
        || bad "$prog --version has no BLAS line naming OpenBLAS $openblas and its core: $(cat "$prog.out")"
    grep -qE "^OpenBLAS build: .*MAX_THREADS=" "$prog.out" && ok \
        || bad "$prog --version has no line with OpenBLAS's build options: $(cat "$prog.out")"
    # The vector instruction set, the other half of what the last bits depend
    # on (docs/threads.md), as mlppredict --info shows it.
    grep -qE "^Vector ISA: (avx512f|avx2|sse2|libm)$" "$prog.out" && ok \
        || bad "$prog --version has no line naming the vector instruction set: $(cat "$prog.out")"
    grep -qx "cJSON $cjson" "$prog.out" && ok || bad "$prog --version has no line \"cJSON $cjson\""
    grep -qx "License MIT: <https://opensource.org/licenses/MIT>." "$prog.out" && ok || bad "$prog --version: no licence line"
    grep -q "^Copyright (C) [0-9]* The mlp developers" "$prog.out" && ok || bad "$prog --version: no copyright line"
    # The copyright holder is the one of LICENSE.
    grep -q "^Copyright (c) [0-9]* The mlp developers" "$ROOT/LICENSE" && ok || bad "LICENSE names another holder"
done

# cmake/git_version.cmake, which writes the suffix, on trees made here: a
# commit, the same with a tracked file changed, a folder inside a checkout
# (a source tarball unpacked there: not its commit), no checkout at all.
suffix_of() {
    rm -f suffix.h
    cmake -DSOURCE_DIR="$1" -DOUT="$PWD/suffix.h" -P "$ROOT/cmake/git_version.cmake" > /dev/null 2>&1 \
        && sed -n 's/^#define MLP_GIT_SUFFIX "\(.*\)"$/\1/p' suffix.h
}
if command -v git > /dev/null; then
    mkdir -p repo/unpacked plain
    echo a > repo/file
    git -C repo init -q && git -C repo add file \
        && git -C repo -c user.name=t -c user.email=t@localhost commit -q -m one
    hash=$(git -C repo rev-parse HEAD)
    got=$(suffix_of "$PWD/repo")
    [[ "$got" =~ ^" (git "([0-9a-f]{7,})")"$ ]] && [[ "$hash" == "${BASH_REMATCH[1]}"* ]] && ok \
        || bad "git_version.cmake on a commit $hash: \"$got\""
    echo b > repo/file
    got=$(suffix_of "$PWD/repo")
    [[ "$got" =~ ^" (git "[0-9a-f]{7,}"-dirty)"$ ]] && ok || bad "git_version.cmake on a changed tree: \"$got\""
    got=$(suffix_of "$PWD/repo/unpacked")
    [ -f suffix.h ] && [ -z "$got" ] && ok || bad "git_version.cmake inside another checkout: \"$got\""
    got=$(suffix_of "$PWD/plain")
    [ -f suffix.h ] && [ -z "$got" ] && ok || bad "git_version.cmake without a checkout: \"$got\""
fi

for header in "$ROOT"/include/mlp/*.h; do
    name=$(basename "$header")
    [ "$name" = mlp.h ] && continue
    grep -q "^#include \"mlp/$name\"" "$ROOT/include/mlp/mlp.h" && ok \
        || bad "include/mlp/mlp.h does not include mlp/$name; add it there"
done

finish
