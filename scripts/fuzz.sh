#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (fuzz/fuzz_<target>.c) with clang into
# build-fuzz/ and runs them. docs/fuzzing.md says what each target checks.
#   usage: scripts/fuzz.sh TARGET SECONDS   run one target (spec, csv, weights, npz, number)
#          scripts/fuzz.sh --ci [SECONDS]   run each target SECONDS (default 20) in turn
#          scripts/fuzz.sh --seeds          rebuild fuzz/corpus/ from the test fixtures
# The working corpus grows in build-fuzz/corpus/<target>/ (seeded from
# fuzz/corpus/<target>/); a crash is saved in build-fuzz/crashes/<target>/
# and the run fails. Copy the crash into fuzz/regressions/<target>/, where
# ctest replays it in every build, then fix the bug.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/usage.sh"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
targets=(spec csv weights npz number)

is_target() {
    local t
    for t in "${targets[@]}"; do [[ $t == "$1" ]] && return 0; done
    return 1
}

build() {
    if ! command -v clang >/dev/null; then
        echo "fuzz.sh: clang is not installed; run scripts/install-deps.sh" >&2
        exit 2
    fi
    CC=clang cmake -S . -B build-fuzz -DMLP_FUZZ=ON -DMLP_TESTS=OFF \
        -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-g -O1" >/dev/null
    cmake --build build-fuzz -j2 --target "${targets[@]/#/fuzz_}" >/dev/null
}

# run TARGET SECONDS: fuzz one target; the last lines of libFuzzer's output
# (the final cov:/ft: line and the stats) are what docs/fuzzing.md reports.
run() {
    local t=$1 secs=$2
    mkdir -p "build-fuzz/corpus/$t" "build-fuzz/crashes/$t"
    local log="build-fuzz/fuzz_$t.log"
    echo "== fuzz_$t for ${secs}s (log: $log)"
    local status=0
    OPENBLAS_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=1 \
        "build-fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="build-fuzz/crashes/$t/" \
        "build-fuzz/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1 || status=$?
    grep -E '^#[0-9]+[[:space:]]+(DONE|INITED)' "$log" | tail -n 2 || true
    grep -E '^stat::number_of_executed_units' "$log" || true
    if [[ $status -ne 0 ]]; then
        tail -n 40 "$log" >&2
        echo "fuzz.sh: fuzz_$t found a bug (exit $status); the input is in build-fuzz/crashes/$t/;" \
             "copy it into fuzz/regressions/$t/ and fix it" >&2
        return 1
    fi
}

# Seeds: the test fixtures a target reads, plus a few hand-made cases.
seeds() {
    # The *_v2.bin weights seeds were written by the version-2 writer, which
    # no longer exists: kept across the rebuild so the v2 reader stays fuzzed.
    local keep
    keep=$(mktemp -d /tmp/mlp-fuzz-keep.XXXXXX)
    cp fuzz/corpus/weights/*_v2.bin "$keep"/ 2>/dev/null || true
    cp fuzz/corpus/npz/numpy_*.npz "$keep"/ 2>/dev/null || true
    rm -rf fuzz/corpus
    mkdir -p fuzz/corpus/{spec,csv,weights,npz,number}
    cp "$keep"/*_v2.bin fuzz/corpus/weights/ 2>/dev/null || true
    cp "$keep"/numpy_*.npz fuzz/corpus/npz/ 2>/dev/null || true
    rm -rf -- "$keep"
    local f
    for f in tests/fixtures/specs/*.json tests/fixtures/preflight/*.json configs/*.json; do
        cp "$f" "fuzz/corpus/spec/$(basename "$(dirname "$f")")_$(basename "$f")"
    done
    # fuzz_csv reads a configuration byte before the text (see fuzz/fuzz_csv.c).
    for f in tests/fixtures/csv/*.csv tests/fixtures/preflight/*.csv tests/fixtures/diagnose/*.csv data/xor.csv; do
        [[ $(stat -c %s "$f") -le 16384 ]] || continue
        local name
        name="$(basename "$(dirname "$f")")_$(basename "$f" .csv)"
        local cfg
        for cfg in 00 13 3b 21; do
            { printf "\\x$cfg"; cat "$f"; } >"fuzz/corpus/csv/${name}_$cfg"
        done
    done
    local i=0 n
    for n in 0 -0 1 1.5 .5 5. 1e308 1.7976931348623157e308 1.7976931348623159e308 \
             4.9e-324 2.4703282292062327e-324 2.2250738585072011e-308 9007199254740993 \
             123456789012345678901234567890 0.1e-400 1e400 0x1p-3 nan inf +1 -1e-5 1e+5 \
             1.00000000000000011102230246251565404236316680908203125 \
             7.2057594037927933e16 3.14159265358979323846264338327950288; do
        printf '%s' "$n" >"fuzz/corpus/number/n$((i++))"
    done
    # Weights: small models trained by the release build from the fixtures.
    if [[ ! -x build/mlptrain ]]; then
        echo "fuzz.sh: build/mlptrain is missing; run scripts/build.sh first" >&2
        exit 2
    fi
    local tmp
    tmp=$(mktemp -d /tmp/mlp-fuzz-seeds.XXXXXX)
    # shellcheck disable=SC2064  # expand now: the path is fixed
    trap "rm -rf -- '$tmp'" RETURN
    OPENBLAS_NUM_THREADS=1 build/mlptrain -w fuzz/corpus/weights/xor.bin -o "$tmp/l.csv" >/dev/null
    for f in moons_softmax2 scales_normalized rare; do
        OPENBLAS_NUM_THREADS=1 build/mlptrain --config "tests/fixtures/preflight/$f.json" \
            --epochs 2 -w "fuzz/corpus/weights/$f.bin" -o "$tmp/l.csv" >/dev/null 2>&1 || true
    done
    # .npz: the same models as mlppredict --export writes them, and (where
    # /usr/bin/python3 has numpy; else the committed ones are kept) what
    # numpy.savez writes: zip64 extra fields, Fortran order, bytes texts, a
    # version 2.0 .npy header.
    for f in fuzz/corpus/weights/*.bin; do
        [[ $f == *_v2.bin ]] && continue
        build/mlppredict --export "fuzz/corpus/npz/$(basename "$f" .bin).npz" "$f" >/dev/null
    done
    if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
        (cd fuzz/corpus/npz && /usr/bin/python3 "$root/fuzz/npz_seeds.py")
    fi
    ls fuzz/corpus/* | wc -l
}

case "${1:-}" in
    --seeds)
        [ $# -le 1 ] || usage_unknown "$2"
        seeds
        ;;
    --ci)
        [ $# -le 2 ] || usage_unknown "$3"
        secs=${2:-20}
        [[ $secs =~ ^[1-9][0-9]*$ ]] || usage_error "SECONDS must be a positive whole number, not \"$secs\""
        build
        failed=0
        for t in "${targets[@]}"; do run "$t" "$secs" || failed=1; done
        exit $failed
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    "")
        usage_error "no target given (the targets: ${targets[*]})"
        ;;
    -?*)
        usage_unknown "$1"
        ;;
    *)
        is_target "$1" || usage_error "unknown target \"$1\" (the targets: ${targets[*]})"
        [ $# -ge 2 ] || usage_error "SECONDS missing after the target \"$1\""
        [[ $2 =~ ^[1-9][0-9]*$ ]] || usage_error "SECONDS must be a positive whole number, not \"$2\""
        [ $# -le 2 ] || usage_unknown "$3"
        build
        run "$1" "$2"
        ;;
esac
