#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (fuzz/fuzz_<target>.c) with clang into
# build-fuzz/ and runs them. docs/fuzzing.md says what each target checks.
#   usage: scripts/fuzz.sh TARGET SECONDS   run one target (spec, csv, csv_stream, predict,
#                                           weights, npz, number)
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
targets=(spec csv csv_stream predict weights npz number)

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

# Seeds: the test fixtures a target reads, plus a few hand-made cases. What
# --seeds makes, by target: spec <folder>_<name>.json from the folders of
# spec_dirs; csv <folder>_<name>_<byte> from csv_files, one per byte of
# csv_cfgs; number n<i>; weights <model>.bin of models; npz <model>.npz and,
# where /usr/bin/python3 has numpy, numpy_*.npz (fuzz/npz_seeds.py).
spec_dirs=(tests/fixtures/specs tests/fixtures/preflight configs)
csv_files=(tests/fixtures/csv/*.csv tests/fixtures/preflight/*.csv tests/fixtures/diagnose/*.csv data/xor.csv)
csv_dirs=(csv preflight diagnose data)
csv_cfgs=(00 13 3b 21)
# fuzz_csv_stream reads two (see fuzz/fuzz_csv_stream.c): blocks of 64 bytes,
# one part; blocks of 3, four parts; blocks of 8, two parts, pandas' names
# 0,1; blocks of 17, three parts, names x,y. Its hand-written seeds (hand_*:
# only the named columns keeping their texts, bit 6) are kept.
stream_cfgs=(3f00 0203 0705 100a)
# fuzz_predict reads one (see fuzz/fuzz_predict.c), then the training text,
# which is also the file to predict: binary cross-entropy, the last column;
# a regression with its features by name, normalised, targets required;
# softmax of 2 units, normalised; a regression on the first column, targets
# ignored. Its hand-written seeds (hand_*: a training file, NUL, another
# file) are kept.
predict_cfgs=(00 6b 21 97)
models=(xor moons_softmax2 scales_normalized rare)

# made TARGET NAME: whether NAME is a name --seeds gives a seed of TARGET. A
# rebuild replaces the seeds of such names (and so drops one whose fixture is
# gone) and keeps every other file of fuzz/corpus/: the seeds written by hand
# (spec/features_wide.json), the *_v2.bin and *_v3.bin weights of writers that
# no longer exist, numpy_*.npz where numpy is missing. It used to remove the whole
# folder and keep only the last two kinds: hand-made seeds were lost.
made() {
    local d c m
    case $1 in
        spec) for d in "${spec_dirs[@]}"; do [[ $2 == "${d##*/}"_*.json ]] && return 0; done ;;
        csv)
            for d in "${csv_dirs[@]}"; do
                for c in "${csv_cfgs[@]}"; do [[ $2 == "${d}"_*_"$c" ]] && return 0; done
            done
            ;;
        csv_stream)
            for d in "${csv_dirs[@]}"; do
                for c in "${stream_cfgs[@]}"; do [[ $2 == "${d}"_*_"$c" ]] && return 0; done
            done
            ;;
        predict)
            for d in "${csv_dirs[@]}"; do
                for c in "${predict_cfgs[@]}"; do [[ $2 == "${d}"_*_"$c" ]] && return 0; done
            done
            ;;
        number) [[ $2 =~ ^n[0-9]+$ ]] && return 0 ;;
        weights) for m in "${models[@]}"; do [[ $2 == "$m.bin" ]] && return 0; done ;;
        npz)
            for m in "${models[@]}"; do [[ $2 == "$m.npz" ]] && return 0; done
            [[ $2 == numpy_*.npz ]] && [ "$have_numpy" = 1 ] && return 0
            ;;
    esac
    return 1
}

# The new seeds are made in a temporary folder first: a failure leaves
# fuzz/corpus/ as it was.
seeds() {
    local d f t name cfg
    if [[ ! -x build/mlptrain || ! -x build/mlppredict ]]; then
        echo "fuzz.sh: build/mlptrain or build/mlppredict is missing; run scripts/build.sh first" >&2
        exit 2
    fi
    have_numpy=0
    /usr/bin/python3 -c 'import numpy' 2>/dev/null && have_numpy=1
    local new
    new=$(mktemp -d /tmp/mlp-fuzz-seeds.XXXXXX)
    # shellcheck disable=SC2064  # expand now: the path is fixed
    trap "rm -rf -- '$new'" RETURN
    mkdir -p "$new"/{spec,csv,csv_stream,predict,weights,npz,number}
    for d in "${spec_dirs[@]}"; do
        for f in "$d"/*.json; do
            cp "$f" "$new/spec/${d##*/}_$(basename "$f")"
        done
    done
    # fuzz_csv reads a configuration byte before the text (see fuzz/fuzz_csv.c).
    for f in "${csv_files[@]}"; do
        [[ $(stat -c %s "$f") -le 16384 ]] || continue
        name="$(basename "$(dirname "$f")")_$(basename "$f" .csv)"
        for cfg in "${csv_cfgs[@]}"; do
            { printf "\\x$cfg"; cat "$f"; } >"$new/csv/${name}_$cfg"
        done
        for cfg in "${stream_cfgs[@]}"; do
            { printf "\\x${cfg:0:2}\\x${cfg:2:2}"; cat "$f"; } >"$new/csv_stream/${name}_$cfg"
        done
        for cfg in "${predict_cfgs[@]}"; do
            { printf "\\x$cfg"; cat "$f"; } >"$new/predict/${name}_$cfg"
        done
    done
    local i=0 n
    for n in 0 -0 1 1.5 .5 5. 1e308 1.7976931348623157e308 1.7976931348623159e308 \
             4.9e-324 2.4703282292062327e-324 2.2250738585072011e-308 9007199254740993 \
             123456789012345678901234567890 0.1e-400 1e400 0x1p-3 nan inf +1 -1e-5 1e+5 \
             1.00000000000000011102230246251565404236316680908203125 \
             7.2057594037927933e16 3.14159265358979323846264338327950288; do
        printf '%s' "$n" >"$new/number/n$((i++))"
    done
    # Weights: small models trained by the release build from the fixtures.
    OPENBLAS_NUM_THREADS=1 build/mlptrain -q -w "$new/weights/xor.bin" -o "$new/l.csv" >/dev/null
    for f in "${models[@]:1}"; do
        OPENBLAS_NUM_THREADS=1 build/mlptrain --config "tests/fixtures/preflight/$f.json" \
            --epochs 2 -w "$new/weights/$f.bin" -o "$new/l.csv" >/dev/null 2>&1 || true
    done
    # .npz: the same models as mlppredict --export writes them, and (where
    # /usr/bin/python3 has numpy; else the committed ones are kept) what
    # numpy.savez writes: zip64 extra fields, Fortran order, bytes texts, a
    # version 2.0 .npy header.
    for f in "$new"/weights/*.bin; do
        build/mlppredict --export "$new/npz/$(basename "$f" .bin).npz" "$f" >/dev/null
    done
    if [ "$have_numpy" = 1 ]; then
        (cd "$new/npz" && /usr/bin/python3 "$root/fuzz/npz_seeds.py")
    fi
    local made_n=0 kept=()
    for t in "${targets[@]}"; do
        mkdir -p "fuzz/corpus/$t"
        for f in "fuzz/corpus/$t"/*; do
            [ -e "$f" ] || continue
            if made "$t" "$(basename "$f")"; then rm -f -- "$f"; else kept+=("$t/$(basename "$f")"); fi
        done
        for f in "$new/$t"/*; do
            [ -e "$f" ] || continue
            cp -- "$f" "fuzz/corpus/$t/"
            made_n=$((made_n + 1))
        done
    done
    echo "fuzz.sh: $made_n seeds made in fuzz/corpus/; ${#kept[@]} others kept: ${kept[*]}"
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
