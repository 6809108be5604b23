#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# valgrind's leak and memory-error check over the three programs, each kind
# of run once: mlptrain (one run, restarts, mini-batches with a trace, the
# gradient check, --lr-scan, --check, a refit on a validation split, a bad
# spec), mlppredict (one model, a committee, --evaluate, --grid, --info,
# --export, a missing column) and mlpplot (loss, surface, units, fit).
#   usage: scripts/valgrind.sh [--build DIR]    (default build/)
# A run that fails on purpose (a bad spec) must fail with its documented
# status, not valgrind's 99. Only definite and indirect leaks are errors:
# "still reachable" and "possibly lost" blocks belong to OpenBLAS's thread
# pool and libc. scripts/valgrind.supp silences the leaks that PLplot's
# cairo driver, fontconfig and pango make inside mlpplot's calls to PLplot
# (each suppression says which); a leak with one of mlp's own allocations
# on its stack is never matched by them.
set -euo pipefail
export LC_ALL=C   # awk writes the data below with "." decimals whatever the locale
. "$(dirname "${BASH_SOURCE[0]}")/usage.sh"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
build=build
while [ $# -gt 0 ]; do
    case $1 in
        --build) [ $# -ge 2 ] || usage_error "--build needs a folder"
                 build=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage_unknown "$1" ;;
    esac
done
case $build in /*) ;; *) build=$root/$build ;; esac
for p in mlptrain mlppredict mlpplot; do
    [ -x "$build/$p" ] || { echo "valgrind.sh: $build/$p: not built; run scripts/build.sh first" >&2; exit 2; }
done
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed; run scripts/install-deps.sh" >&2; exit 2; }

vg=(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect
    --error-exitcode=99 --suppressions="$root/scripts/valgrind.supp")
export OPENBLAS_NUM_THREADS=1
tmp=$(mktemp -d /tmp/mlp-valgrind.XXXXXX)
trap 'rm -rf -- "$tmp"' EXIT
trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP   # the EXIT trap still runs
cd "$tmp"
failed=0

# check WANT PROG ARGS...: run PROG under valgrind; its status must be WANT.
check() {
    local want=$1 prog=$2 rc=0
    shift 2
    echo "+ $prog $*"
    "${vg[@]}" "$build/$prog" "$@" >out.txt 2>err.txt || rc=$?
    if [ "$rc" != "$want" ]; then
        echo "valgrind.sh: $prog $*: exit status $rc, expected $want" >&2
        [ "$rc" = 99 ] && echo "  (99: valgrind found an error or a leak)" >&2
        sed 's/^/  | /' err.txt >&2
        failed=1
    fi
}

# A small regression with a validation split and a refit, for mlpplot fit.
awk 'BEGIN { srand(7); print "a,b,y"; for (i = 0; i < 60; i++) { a = rand(); b = rand();
             printf "%.6f,%.6f,%.6f\n", a, b, 0.5 * a + 0.3 * b * b } }' >reg.csv
cat >reg.json <<'EOF'
{ "layers": [2, 5, 1], "activations": ["tanh", "linear"], "loss": "mse",
  "optimizer": {"name": "adam"}, "learning_rate": 0.01, "epochs": 300, "seed": 3,
  "early_stopping": {"patience": 50, "refit": true},
  "data": {"train": "reg.csv", "targets": ["y"], "validation_split": 0.25},
  "output": {"weights": "reg.weights.bin", "loss": "reg.loss.csv"} }
EOF
printf '{"layers": [2, 3, 1], "loss": "mse", "epochs": "many"}\n' >bad.json
printf 'x1\n0.5\n' >missing.csv

check 0 mlptrain --config "$root/configs/xor.json"
check 0 mlptrain --config "$root/configs/moons.json" -q --epochs 60 --restarts 2
check 0 mlptrain --config "$root/configs/moons.json" -q --epochs 20 --batch-size 16 --trace t.json
check 0 mlptrain --config "$root/configs/xor.json" --gradcheck
check 0 mlptrain --config "$root/configs/moons.json" --lr-scan 1e-3:10 --lr-scan-epochs 10
check 0 mlptrain --config "$root/configs/moons.json" --check
check 0 mlptrain --config reg.json -q
check 2 mlptrain --config bad.json
check 0 mlppredict xor.weights.bin "$root/data/xor.csv"
check 0 mlppredict xor.weights.bin xor.weights.bin "$root/data/xor.csv" --evaluate
check 0 mlppredict moons.weights.bin --grid -1:2:5,-1:1:4
check 0 mlppredict --info moons.weights.bin
check 0 mlppredict --export moons.npz moons.weights.bin
check 0 mlppredict moons.npz "$root/data/moons.csv" --evaluate -o p.csv
check 2 mlppredict xor.weights.bin missing.csv
check 0 mlpplot loss moons.loss.csv -o loss.png
check 0 mlpplot surface moons.weights.bin "$root/data/moons.csv" -o surface.png
check 0 mlpplot units moons.weights.bin "$root/data/moons.csv" -o units.svg
check 0 mlpplot fit reg.weights.bin reg.csv -o fit.png
if [ "$failed" != 0 ]; then
    echo "valgrind.sh: failed" >&2
    exit 1
fi
echo "valgrind.sh: no memory error and no leak in any run"
