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
    [ "$(head -1 "$prog.out")" = "$prog (mlp) $version" ] && ok \
        || bad "$prog --version first line: \"$(head -1 "$prog.out")\", want \"$prog (mlp) $version\""
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

for header in "$ROOT"/include/mlp/*.h; do
    name=$(basename "$header")
    [ "$name" = mlp.h ] && continue
    grep -q "^#include \"mlp/$name\"" "$ROOT/include/mlp/mlp.h" && ok \
        || bad "include/mlp/mlp.h does not include mlp/$name; add it there"
done

finish
