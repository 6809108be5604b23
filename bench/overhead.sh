#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# overhead.sh: what a run costs beyond its training, in CPU time (perf stat's
# task-clock, which other load on the machine moves far less than wall time).
#
#   usage: bench/overhead.sh [BUILD [BASE_BUILD]] [--rounds N]
#
#  1. tiny: XOR 2-4-1, 2000 epochs, at the default thread count against
#     --threads 1 (perf stat -r 20 each): a run too small for a second thread
#     should cost what one thread costs (docs/threads.md).
#  2. diagnosis: 100,000 x 64 rows, 64-256-256-10 relu/softmax, one epoch,
#     --threads 1, with the end-of-run diagnosis (no -q) against -q: the
#     diagnosis should cost next to nothing beyond the run's own final
#     evaluation.
# With BASE_BUILD, each measurement runs on both builds, alternated, so that
# the before and after share the machine's moments. Each figure is the median
# over the rounds (default 3). Needs perf (linux-perf) and python3; the data
# (about 61 MB) is written to a temporary folder and removed.
set -euo pipefail
# sort -g, awk, bc and printf read and write numbers with a '.' only in the C
# locale (perf's CSV too).
export LC_ALL=C
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/usage.sh"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builds=()
rounds=3
# Each argument is checked before anything runs: a missing or non-numeric
# --rounds was bash's "$2: unbound variable" or an arithmetic error, and a
# build folder that does not exist was cd's message, exit 1.
while [ $# -gt 0 ]; do
    case $1 in
        --rounds)
            [ $# -ge 2 ] || usage_error "--rounds needs a value"
            [[ "$2" =~ ^[1-9][0-9]?$ ]] || usage_error "--rounds needs a whole number from 1 to 99, not \"$2\""
            rounds=$2
            shift 2
            ;;
        -h|--help) usage; exit 0 ;;
        -?*) usage_unknown "$1" ;;
        *)
            [ ${#builds[@]} -lt 2 ] || usage_error "unexpected argument \"$1\" (at most BUILD and BASE_BUILD)"
            [ -d "$1" ] || usage_error "BUILD \"$1\" is not a folder"
            builds+=("$(cd "$1" && pwd)")
            shift
            ;;
    esac
done
[ ${#builds[@]} -gt 0 ] || builds=("$root/build")
for b in "${builds[@]}"; do
    [ -x "$b/mlptrain" ] || { echo "overhead.sh: no $b/mlptrain; build it first (scripts/build.sh)" >&2; exit 2; }
done
command -v perf > /dev/null || { echo "overhead.sh: perf is needed (apt-get install linux-perf)" >&2; exit 2; }

work=$(mktemp -d /tmp/mlp-overhead.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
cd "$work"
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' > xor.csv
cat > xor.json <<'EOF'
{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy",
 "learning_rate": 0.5, "epochs": 2000, "seed": 42, "data": {"train": "xor.csv", "targets": ["y"]}}
EOF
/usr/bin/python3 - <<'EOF'
import random
r = random.Random(42)
with open("big.csv", "w") as f:
    f.write(",".join(f"x{j + 1}" for j in range(64)) + ",label\n")
    for i in range(100000):
        xs = [r.gauss(0, 1) for _ in range(64)]
        f.write(",".join(f"{x:.6f}" for x in xs) + f",{r.randrange(10)}\n")
EOF
cat > big.json <<'EOF'
{"layers": [64, 256, 256, 10], "activations": ["relu", "relu", "softmax"],
 "loss": "cross_entropy", "learning_rate": 0.01, "epochs": 1, "seed": 42,
 "data": {"train": "big.csv", "targets": ["label"]}}
EOF

# perf stat's figures of one command, repeated R times: "task-clock-ms
# context-switches elapsed-s". Without the thread variables, as a user runs.
measure() {
    local r=$1
    shift
    env -u OPENBLAS_NUM_THREADS -u GOTO_NUM_THREADS -u OMP_NUM_THREADS \
        perf stat -r "$r" -x, -e task-clock,context-switches -o perf.out "$@" > /dev/null 2>&1
    local cpu cs wall
    cpu=$(awk -F, '$3 == "task-clock" {print $1}' perf.out)
    cs=$(awk -F, '$3 == "context-switches" {print $1}' perf.out)
    # -x has no elapsed line: time it once more
    local t0 t1
    t0=$(date +%s.%N)
    env -u OPENBLAS_NUM_THREADS -u GOTO_NUM_THREADS -u OMP_NUM_THREADS "$@" > /dev/null 2>&1
    t1=$(date +%s.%N)
    wall=$(echo "$t1 - $t0" | bc -l)
    echo "$cpu $cs $wall"
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

declare -A cpu cs wall
for ((k = 1; k <= rounds; k++)); do
    for b in "${builds[@]}"; do
        for mode in tiny-default tiny-t1 diag-on diag-off; do
            case $mode in
                tiny-default) set -- 20 "$b/mlptrain" -q -c xor.json -w x.bin -o x.csv ;;
                tiny-t1) set -- 20 "$b/mlptrain" -q -c xor.json --threads 1 -w x.bin -o x.csv ;;
                diag-on) set -- 1 "$b/mlptrain" -c big.json --threads 1 --progress none -w b.bin -o b.csv ;;
                diag-off) set -- 1 "$b/mlptrain" -q -c big.json --threads 1 -w b.bin -o b.csv ;;
            esac
            read -r c s w < <(measure "$@")
            cpu[$b,$mode]+="$c "
            cs[$b,$mode]+="$s "
            wall[$b,$mode]+="$w "
        done
    done
done

echo "machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
for b in "${builds[@]}"; do
    echo "build $b: $("$b/mlptrain" --version | sed -n 's/^BLAS: //p'), vector ISA $("$b/mlptrain" --version | sed -n 's/^Vector ISA: //p' | grep . || echo "(not in its --version)")"
    printf '  %-44s %12s %10s %9s\n' "run (median of $rounds rounds)" "CPU ms" "ctx sw" "wall s"
    for mode in tiny-default tiny-t1 diag-on diag-off; do
        case $mode in
            tiny-default) what="XOR 2000 epochs, default threads ($(nproc))" ;;
            tiny-t1) what="XOR 2000 epochs, --threads 1" ;;
            diag-on) what="100k x 64, 1 epoch, -t 1, diagnosed" ;;
            diag-off) what="100k x 64, 1 epoch, -t 1, -q" ;;
        esac
        printf '  %-44s %12.1f %10.0f %9.3f\n' "$what" \
            "$(tr ' ' '\n' <<< "${cpu[$b,$mode]}" | grep . | median)" \
            "$(tr ' ' '\n' <<< "${cs[$b,$mode]}" | grep . | median)" \
            "$(tr ' ' '\n' <<< "${wall[$b,$mode]}" | grep . | median)"
    done
done
