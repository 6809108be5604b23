#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The PROBEN1 suite: trains configs/proben1/<set>.json with 4 fixed seeds,
# evaluates each model on the set's test file (used for nothing else), and
# prints a Markdown table of the test MSE (mean over rows and outputs) and the
# classification error, mean ± sd over the seeds, next to FANN's best test MSE
# over its 10 algorithms (../shared/data/README.md §C), with the count of wins.
# A set whose config holds out a validation split is, for each seed, a
# committee of 5 networks (network k trained with seed 100 x seed + k, then
# refitted when its config says "refit": true; `mlppredict` averages their
# outputs); the others (parity, two-spiral: fitted to the whole training file)
# one network per seed.
#   usage: scripts/proben1.sh [--quick] [--sets A,B,...] [--holdout [--folds K] [--configs DIR]]
#                             [--refit on|off] [--committee N] [--jobs N] [--keep DIR]
#     --quick      a representative 6 of the 16 sets (under 3 minutes)
#     --sets LIST  only these sets, comma-separated (e.g. robot,diabetes)
#     --holdout    never reads a test file: trains the early-stopped sets on a seeded 80%
#                  of their training file and evaluates on the other 20% (for choosing
#                  settings from the training files alone)
#     --folds K    with --holdout: K-fold, each seeded 1/K of the training file held out
#                  once, the mean over the K folds and the seeds [1: the one 20% split]
#     --configs D  with --holdout: the configs <set>.json in folder D (candidates) instead
#                  of configs/proben1; the test files judge the shipped configs only
#     --refit X    on: add "refit": true to every early-stopped config; off: remove it
#                  (and its "refit_scale") [as the configs say]
#     --committee N  each seed's model of an early-stopped set is a committee of N
#                  networks [5]; 1: one network instead, the best of 5 restarts
#                  (--restarts 5; the suite before 2026-12-05's third round)
#     --jobs N     trainings run at once [number of cores]; each uses one BLAS thread
#     --keep DIR   keep the models, loss logs and evaluations in DIR (with --holdout,
#                  each committee member's own too: scripts/committee_gain.py)
# Uses build/mlptrain and build/mlppredict (built by scripts/build.sh when missing),
# or the programs named by $MLPTRAIN and $MLPPREDICT.
set -euo pipefail
# awk and printf below read and write numbers with a '.' only in the C locale
# (under de_DE.UTF-8 stats() read 0.0123 as 0 and printed "0 ± 0").
export LC_ALL=C
# Paths given on the command line (and $MLPTRAIN, $MLPPREDICT) are the caller's,
# relative to where the script was started, not to the repository it moves to:
# callers (scripts/caller_args.sh).
. "$(dirname "${BASH_SOURCE[0]}")/caller_args.sh"
. "$(dirname "${BASH_SOURCE[0]}")/usage.sh"
die() { usage_error "$@"; }
cd "$(dirname "${BASH_SOURCE[0]}")/.."

quick=0
holdout=0
folds=1
only=
configs=configs/proben1
refit=
committee=5
jobs=$(nproc)
keep=
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --holdout) holdout=1 ;;
        --sets)
            [ $# -ge 2 ] || die "--sets needs a comma-separated list of sets"
            [ -n "$2" ] || die "--sets: no set named"
            only=$2
            shift
            ;;
        --folds)
            [ $# -ge 2 ] || die "--folds needs a value"
            [[ "$2" =~ ^[1-9][0-9]?$ ]] || die "--folds needs a whole number from 1 to 99, not \"$2\""
            folds=$2
            shift
            ;;
        --configs)
            [ $# -ge 2 ] || die "--configs needs a folder"
            [ -d "$(callers "$2")" ] || die "--configs: \"$2\" is not a folder"
            configs=$(callers "${2%/}")
            shift
            ;;
        --refit)
            [ $# -ge 2 ] || die "--refit needs on or off"
            [ "$2" = on ] || [ "$2" = off ] || die "--refit needs on or off, not \"$2\""
            refit=$2
            shift
            ;;
        --committee)
            [ $# -ge 2 ] || die "--committee needs a value"
            [[ "$2" =~ ^[1-9][0-9]?$ ]] || die "--committee needs a whole number from 1 to 99, not \"$2\""
            committee=$2
            shift
            ;;
        --jobs)
            [ $# -ge 2 ] || die "--jobs needs a value"
            [[ "$2" =~ ^[1-9][0-9]{0,2}$ ]] || die "--jobs needs a whole number from 1 to 999, not \"$2\""
            jobs=$2
            shift
            ;;
        --keep)
            [ $# -ge 2 ] || die "--keep needs a folder"
            keep=$(callers "$2")
            shift
            ;;
        -h|--help) usage; exit 0 ;;
        *) usage_unknown "$1" ;;
    esac
    shift
done

if [ "$holdout" = 0 ] && [ "$folds" != 1 ]; then
    die "--folds is for --holdout"
fi
if [ "$holdout" = 0 ] && [ "$configs" != configs/proben1 ]; then
    die "--configs is for --holdout: the test files judge the shipped configs only"
fi

MLPTRAIN=${MLPTRAIN:+$(callers "$MLPTRAIN")}
MLPPREDICT=${MLPPREDICT:+$(callers "$MLPPREDICT")}
MLPTRAIN=${MLPTRAIN:-build/mlptrain}
MLPPREDICT=${MLPPREDICT:-build/mlppredict}
if [ ! -x "$MLPTRAIN" ] || [ ! -x "$MLPPREDICT" ]; then
    bash scripts/build.sh >&2
fi
MLPTRAIN=$(realpath "$MLPTRAIN")
MLPPREDICT=$(realpath "$MLPPREDICT")

# FANN's best test MSE per set: the minimum over the 10 algorithms of the
# "Best test MSE" table, and the algorithm that reached it.
declare -A fann=(
    [abelone]="0.00549 Jneural"           [bank32fm]="0.001753 Lwnn"
    [bank32nh]="0.0142 C2-RPROP-One"      [building]="0.005713 Lwnn"
    [census-house]="0.007245 C2-RPROP-Multi" [diabetes]="0.1616 Batch"
    [gene]="0.06975 Batch"                [kin32fm]="0.001975 C2-RPROP-Multi"
    [mushroom]="1.092e-12 iRPROP-"        [parity8]="9.017e-17 iRPROP-"
    [parity13]="8.169e-07 C2-RPROP-Multi" [pumadyn-32fm]="0.003972 C2-RPROP-One"
    [robot]="0.006026 Jneural"            [soybean]="0.008661 Batch"
    [thyroid]="0.00941 C2-RPROP-Multi"    [two-spiral]="0.1054 Quickprop"
)
if [ "$quick" = 1 ]; then
    sets=(abelone bank32fm diabetes thyroid parity8 two-spiral)
else
    sets=(abelone bank32fm bank32nh building census-house diabetes gene kin32fm mushroom
          parity8 parity13 pumadyn-32fm robot soybean thyroid two-spiral)
fi
if [ -n "$only" ]; then
    IFS=, read -r -a wanted <<< "$only"
    declare -A seen=()
    for set in "${wanted[@]}"; do
        [ -n "$set" ] || die "--sets: an empty name in \"$only\""
        # the same set twice would train both into the same files
        [ -z "${seen[$set]+x}" ] || die "--sets: \"$set\" twice"
        seen[$set]=1
        [ -n "${fann[$set]+x}" ] || die "--sets: no set \"$set\" (the 16: ${!fann[*]})"
        [ -f "$configs/$set.json" ] || die "--sets: no config $configs/$set.json"
    done
    sets=("${wanted[@]}")
fi
seeds=(1 2 3 4)
# --holdout: the sets that hold out a validation split (the others fit the
# whole file, and parity's test file is its training file).
if [ "$holdout" = 1 ]; then
    kept=()
    left=()
    for set in "${sets[@]}"; do
        if grep -q '"validation_split"' "$configs/$set.json"; then
            kept+=("$set")
        else
            left+=("$set")
        fi
    done
    [ ${#kept[@]} -gt 0 ] || die "--holdout: none of the sets holds out a validation split"
    # Said, not dropped in silence: a set asked for and not run.
    [ ${#left[@]} -eq 0 ] || echo "--holdout leaves out ${left[*]}: no validation split to hold out (the whole file is fitted)" >&2
    sets=("${kept[@]}")
fi

if [ -n "$keep" ]; then
    mkdir -p "$keep"
    work=$(realpath "$keep")
else
    work=$(mktemp -d /tmp/mlp-proben1.XXXXXX)
    trap 'rm -rf -- "$work"' EXIT
fi
# Ctrl-C, SIGTERM, SIGHUP: the trainings run in their own process group
# ($trainings, below); stop them all and wait until the last is gone (a
# stopped mlptrain still writes the outputs of its last epoch), then remove
# $work and end by the same signal. The EXIT trap alone removed $work while
# they still ran and wrote into it.
trainings=
stop() {
    trap - INT TERM HUP
    if [ -n "$trainings" ]; then
        kill -TERM -- "-$trainings" 2> /dev/null || true
        for ((i = 0; i < 100; i++)); do
            kill -0 -- "-$trainings" 2> /dev/null || break
            sleep 0.1
        done
        kill -KILL -- "-$trainings" 2> /dev/null || true
        while kill -0 -- "-$trainings" 2> /dev/null; do sleep 0.1; done
    fi
    [ -n "$keep" ] || rm -rf -- "$work"
    trap - EXIT
    kill -"$1" $$
}
trap 'stop INT' INT
trap 'stop TERM' TERM
trap 'stop HUP' HUP

# The units of work: one per set, or with --holdout one per set and fold
# (<set>.f<k>). The config and the evaluation file of each unit: as they are,
# or rewritten into $work (absolute data paths; --refit; --holdout's inner
# training file). The --holdout split shuffles the data rows with a fixed seed
# (not stratified) and holds out the first 20% (--folds 1), or the k-th of K
# equal parts (--folds K; fold 1 of 5 is the 20% of --folds 1).
root=$(pwd)
units=()
for set in "${sets[@]}"; do
    for ((fold = 1; fold <= (holdout ? folds : 1); fold++)); do
        unit=$set
        [ "$holdout" = 1 ] && unit="$set.f$fold"
        units+=("$unit")
        cfg="configs/proben1/$set.json"
        [ "$holdout" = 1 ] && cfg="$configs/$set.json"
        if [ "$holdout" = 1 ] || [ -n "$refit" ]; then
            train="$root/data/proben1/$set.train.csv"
            if [ "$holdout" = 1 ]; then
                /usr/bin/python3 - "$train" "$work/$unit.inner.csv" "$work/$unit.holdout.csv" \
                    "$fold" "$folds" <<'EOF'
import random, sys
lines = open(sys.argv[1]).read().splitlines(True)
rows = lines[1:]
fold, folds = int(sys.argv[4]), int(sys.argv[5])
order = list(range(len(rows)))
random.Random(20240611).shuffle(order)
if folds == 1:
    held = set(order[:round(0.2 * len(rows))])
else:
    held = set(order[round((fold - 1) * len(rows) / folds):round(fold * len(rows) / folds)])
for path, keep in ((sys.argv[2], False), (sys.argv[3], True)):
    with open(path, "w") as f:
        f.write(lines[0])
        f.writelines(r for i, r in enumerate(rows) if (i in held) == keep)
EOF
                train="$work/$unit.inner.csv"
            fi
            # A JSON-aware edit: "refit_scale" goes with "refit" (the spec
            # refuses one without the other), and a text edit cannot see that.
            /usr/bin/python3 - "$cfg" "$work/$unit.json" "$train" "$refit" <<'EOF' \
                || die "--refit on could not add \"refit\" to the \"early_stopping\" of $cfg"
import json, sys
src, dst, train, refit = sys.argv[1:5]
with open(src) as f:
    spec = json.load(f)
spec["data"]["train"] = train
stop = spec.get("early_stopping")
if refit == "on" and "validation_split" in spec["data"]:
    if not isinstance(stop, dict):
        sys.exit(1)
    stop["refit"] = True
elif refit == "off" and isinstance(stop, dict):
    stop.pop("refit", None)
    stop.pop("refit_scale", None)
with open(dst, "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
EOF
            cfg="$work/$unit.json"
        fi
        echo "$cfg" > "$work/$unit.cfg"
        if [ "$holdout" = 1 ]; then
            echo "$work/$unit.holdout.csv" > "$work/$unit.evalfile"
        else
            echo "data/proben1/$set.test.csv" > "$work/$unit.evalfile"
        fi
    done
done

# One training and its evaluation; writes <unit>.<seed>.{bin,loss.csv,eval,time}.
# An early-stopped set is trained with --restarts 5 (the best kept), or with
# --committee N as N networks <unit>.<seed>.m<k>.{bin,loss.csv}, evaluated
# together (mlppredict averages them) and, with --holdout, each alone.
run_one() {
    local set=$1 seed=$2 out="$work/$1.$2" start end restarts=1 cfg evalfile k
    local models=("$out.bin") seeds=("$seed") logs=("$out.loss.csv")
    cfg=$(cat "$work/$set.cfg")
    evalfile=$(cat "$work/$set.evalfile")
    if grep -q '"validation_split"' "$cfg"; then
        restarts=5
        if [ "$committee" -gt 1 ]; then
            restarts=1
            models=() seeds=() logs=()
            for ((k = 1; k <= committee; k++)); do
                models+=("$out.m$k.bin") seeds+=("$((100 * seed + k))") logs+=("$out.m$k.loss.csv")
            done
        fi
    fi
    start=$(date +%s.%N)
    for k in "${!models[@]}"; do
        OPENBLAS_NUM_THREADS=1 "$MLPTRAIN" -q -c "$cfg" -s "${seeds[$k]}" --restarts "$restarts" \
            -w "${models[$k]}" -o "${logs[$k]}" 2> "$out.train.err" || {
            echo "proben1.sh: training $set with seed ${seeds[$k]} failed: $(cat "$out.train.err")" >&2
            return 1
        }
    done
    end=$(date +%s.%N)
    OPENBLAS_NUM_THREADS=1 "$MLPPREDICT" "${models[@]}" "$evalfile" --evaluate \
        -o /dev/null 2> "$out.eval" || {
        echo "proben1.sh: evaluating $set with seed $seed failed: $(cat "$out.eval")" >&2
        return 1
    }
    echo "$start $end" > "$out.time"
    # --holdout: each member alone too (<unit>.<seed>.m<k>.eval), for
    # scripts/committee_gain.py; never on a test file.
    if [ "$holdout" = 1 ] && [ "${#models[@]}" -gt 1 ]; then
        for k in "${!models[@]}"; do
            OPENBLAS_NUM_THREADS=1 "$MLPPREDICT" "${models[$k]}" "$evalfile" --evaluate \
                -o /dev/null 2> "$out.m$((k + 1)).eval" || {
                echo "proben1.sh: evaluating $set network $((k + 1)) with seed $seed failed:" \
                    "$(cat "$out.m$((k + 1)).eval")" >&2
                return 1
            }
        done
    fi
}
export -f run_one
export work MLPTRAIN MLPPREDICT committee holdout

what="${#sets[@]} sets"
[ "$holdout" = 1 ] && [ "$folds" != 1 ] && what="${#sets[@]} sets x $folds folds"
echo "training $what x ${#seeds[@]} seeds, $jobs at a time ..." >&2
t0=$(date +%s.%N)
# In the background, in a process group of their own (set -m; its leader is
# the subshell, $trainings), so that a signal runs stop() at once (bash runs a
# trap only after a foreground command ends) and stop() can end every training.
set -m
(
    for unit in "${units[@]}"; do
        for seed in "${seeds[@]}"; do
            echo "$unit $seed"
        done
    done | xargs -P "$jobs" -L 1 bash -c 'run_one "$@"' _
) &
trainings=$!
set +m
wait "$trainings"
trainings=
t1=$(date +%s.%N)

# mean ± sample sd of numbers on stdin, printed with printf format $1
stats() { awk -v f="$1" '{ x[NR] = $1; s += $1 } END {
    m = s / NR; v = 0; for (i = 1; i <= NR; i++) v += (x[i] - m) ^ 2
    sd = NR > 1 ? sqrt(v / (NR - 1)) : 0; printf f " ± " f, m, sd }'; }

if [ "$holdout" = 1 ]; then
    runs="${#seeds[@]} seeds"
    [ "$folds" != 1 ] && runs="$folds folds x ${#seeds[@]} seeds"
    printf '| set | holdout MSE (mean ± sd, %s) | class. error %% | train s/seed |\n' "$runs"
    printf '|---|---|---|---|\n'
    for set in "${sets[@]}"; do
        outs=()
        for ((fold = 1; fold <= folds; fold++)); do
            for seed in "${seeds[@]}"; do outs+=("$work/$set.f$fold.$seed"); done
        done
        mses=$(for o in "${outs[@]}"; do sed -n 's/.*: mse \([^ ]*\) .*/\1/p' "$o.eval"; done)
        accs=$(for o in "${outs[@]}"; do sed -n 's/.*, accuracy \([0-9.]*\)%.*/\1/p' "$o.eval"; done)
        secs=$(for o in "${outs[@]}"; do awk '{ print $2 - $1 }' "$o.time"; done)
        err="–"
        [ -n "$accs" ] && err=$(awk '{ print 100 - $1 }' <<< "$accs" | stats "%.2f")
        printf '| %s | %s | %s | %s |\n' "$set" "$(stats "%.5g" <<< "$mses")" "$err" \
            "$(awk '{ s += $1 } END { printf "%.1f", s / NR }' <<< "$secs")"
    done
    held="a seeded 20% of each training file"
    [ "$folds" != 1 ] && held="each of $folds seeded parts of each training file in turn"
    models="the best of 5 restarts"
    [ "$committee" -gt 1 ] && models="committees of $committee networks"
    printf '\nheld out: %s; configs from %s; %s; wall time %.0f s with %d jobs\n' "$held" \
        "$configs" "$models" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$jobs"
    exit 0
fi

printf '| set | FANN best test MSE | mlp test MSE (mean ± sd, %d seeds) | mlp class. error %% | result | train s/seed |\n' "${#seeds[@]}"
printf '|---|---|---|---|---|---|\n'
wins=0
for set in "${sets[@]}"; do
    read -r best algo <<< "${fann[$set]}"
    mses=$(for seed in "${seeds[@]}"; do sed -n 's/.*: mse \([^ ]*\) .*/\1/p' "$work/$set.$seed.eval"; done)
    accs=$(for seed in "${seeds[@]}"; do sed -n 's/.*, accuracy \([0-9.]*\)%.*/\1/p' "$work/$set.$seed.eval"; done)
    secs=$(for seed in "${seeds[@]}"; do awk '{ print $2 - $1 }' "$work/$set.$seed.time"; done)
    mean=$(awk '{ s += $1 } END { printf "%.17g", s / NR }' <<< "$mses")
    err="–"
    [ -n "$accs" ] && err=$(awk '{ print 100 - $1 }' <<< "$accs" | stats "%.2f")
    if awk -v m="$mean" -v b="$best" 'BEGIN { exit !(m <= b) }'; then
        result="win"
        wins=$((wins + 1))
    else
        result=$(awk -v m="$mean" -v b="$best" 'BEGIN { printf "loss (%.2fx)", m / b }')
    fi
    printf '| %s | %s (%s) | %s | %s | %s | %s |\n' "$set" "$best" "$algo" "$(stats "%.4g" <<< "$mses")" \
        "$err" "$result" "$(awk '{ s += $1 } END { printf "%.1f", s / NR }' <<< "$secs")"
done
models="the best of 5 restarts"
[ "$committee" -gt 1 ] && models="committees of $committee networks"
printf '\nwins: %d of %d; early-stopped sets: %s; wall time %.0f s with %d jobs\n' "$wins" \
    "${#sets[@]}" "$models" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$jobs"
