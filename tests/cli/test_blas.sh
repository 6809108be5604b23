#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The BLAS core choice end to end (include/mlp/blas.h): --version names the
# core; with the test hooks pretending OpenBLAS fell back to Prescott, both
# programs really re-execute themselves on a better core, prove it with the
# self-test and say so; a core that crashes in the self-test (SkylakeX on a
# CPU without AVX-512: an illegal instruction) or fails it is left for the
# next; the user's OPENBLAS_CORETYPE wins; a training run after the switch
# gives the same weights as one on the same core chosen by hand.
# Usage: test_blas.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" blas "$@"
unset OPENBLAS_CORETYPE MLP_BLAS_STATE MLP_BLAS_TEST_CORENAME MLP_BLAS_TEST_CPU MLP_BLAS_TEST_FAIL
has() { grep -qw "$1" /proc/cpuinfo; }

for prog in "$MLPTRAIN" "$MLPPREDICT"; do
    name=$(basename "$prog")
    out=$("$prog" --version)
    grep -q "^BLAS: OpenBLAS [0-9.]*, core [A-Za-z0-9]* (" <<< "$out" && ok || bad "$name --version: $out"

    if has avx2 && has fma; then
        # Haswell's kernels run here: the first better core passes.
        out=$(MLP_BLAS_TEST_CORENAME=Prescott MLP_BLAS_TEST_CPU=avx2 "$prog" --version)
        grep -qF "core Haswell (mlp's choice: OpenBLAS picked Prescott, a generic fallback; self-test passed)" <<< "$out" \
            && ok || bad "$name: fallback to Haswell: $out"
        # AVX-512 claimed: SkylakeX first; without AVX-512 it dies of an
        # illegal instruction inside the self-test, which counts as a failure.
        out=$(MLP_BLAS_TEST_CORENAME=Prescott MLP_BLAS_TEST_CPU=avx512 "$prog" --version)
        if has avx512f && has avx512bw && has avx512vl && has avx512dq && has avx512cd; then
            want="core SkylakeX (mlp's choice: OpenBLAS picked Prescott, a generic fallback; self-test passed)"
        else
            want="core Haswell (mlp's choice: OpenBLAS picked Prescott, a generic fallback; self-test passed)"
        fi
        grep -qF "$want" <<< "$out" && ok || bad "$name: AVX-512 claimed: $out"
        # Every better core fails: back on OpenBLAS's own, saying why.
        out=$(MLP_BLAS_TEST_CORENAME=Prescott MLP_BLAS_TEST_CPU=avx512 MLP_BLAS_TEST_FAIL=SkylakeX,Haswell "$prog" --version)
        grep -qF "core Prescott (OpenBLAS's choice, a generic fallback: SkylakeX,Haswell failed mlp's self-test)" <<< "$out" \
            && ok || bad "$name: all fail: $out"
    fi
    # The user's choice wins, fallback or not.
    out=$(OPENBLAS_CORETYPE=Prescott MLP_BLAS_TEST_CORENAME=Prescott MLP_BLAS_TEST_CPU=avx2 "$prog" --version)
    grep -qF "core Prescott (OPENBLAS_CORETYPE=Prescott: the user's choice)" <<< "$out" && ok || bad "$name: user's core: $out"
    # No AVX2: nothing to do.
    out=$(MLP_BLAS_TEST_CORENAME=Prescott MLP_BLAS_TEST_CPU=none "$prog" --version)
    grep -qF "this CPU has no AVX2, no better core applies" <<< "$out" && ok || bad "$name: no AVX2: $out"
done

# The switched process trains on the core it names: the weights equal those
# of a run with that core chosen by hand (moons: its products go to BLAS).
if has avx2 && has fma; then
    mkdir data cfg && cp "$ROOT/data/moons.csv" data/
    sed 's|"epochs": *[0-9]*|"epochs": 20|' "$ROOT/configs/moons.json" > cfg/moons.json
    MLP_BLAS_TEST_CORENAME=Prescott MLP_BLAS_TEST_CPU=avx2 "$MLPTRAIN" -q -c cfg/moons.json -w auto.bin -o auto.csv \
        && OPENBLAS_CORETYPE=Haswell "$MLPTRAIN" -q -c cfg/moons.json -w hand.bin -o hand.csv \
        && [ "$(params auto.bin)" = "$(params hand.bin)" ] && cmp -s auto.csv hand.csv && ok \
        || bad "training after the switch differs from Haswell chosen by hand"
fi
finish
