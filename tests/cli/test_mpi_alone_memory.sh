#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A rank out of memory alone under mpirun (docs/exit-codes.md): with the
# test-only mlptrain_faults (src/alloc.c: MLP_ALLOC_FAIL_AT=N fails the Nth
# allocation of the process), rank 1 alone fails its Nth allocation, for
# each N from its last one back: in the larger-rate trials of a run at
# chance (their copy of the network, each trial's copy and training run),
# the loss log's growth during training (whose failure rank 1 carries to
# the others in the next reduction, src/train.c), training's own memory and
# the run's loss log and diagnosis; and, in a run that stops after the
# pre-flight check, back to the network's, built before the first
# collective step (agreed by mlptrain, naming rank 1): the learning-rate
# trial of an unstable rate, the gathers for its hint and its smaller
# rates. Rank 1 returned from each of them while rank 0 went on into a
# reduction, and the job hung. Every run must end within 60 s with exit 3
# and one out-of-memory line, and write nothing; only the linear fit of a
# network without hidden layers, whose failure is not fatal, ends the run
# as if it had not failed. Skipped (exit 77) when mlptrain was built
# without MPI.
. "$(dirname "$0")/lib.sh" mpi_alone_memory "$@"
. "$ROOT/tests/cli/mpi_lib.sh"
TRAIN="$(dirname "$MLPTRAIN")/mlptrain_faults"
if [ ! -x "$TRAIN" ]; then
    echo "FAIL: $TRAIN is missing (built with the tests)"
    exit 1
fi

# Rank 1 alone gets the hook's settings (the launcher names each rank).
cat >rank1.sh <<'SH'
#!/bin/sh
if [ "${OMPI_COMM_WORLD_RANK:-${PMIX_RANK:-}}" = 1 ]; then
    [ -n "${FAIL1:-}" ] && export MLP_ALLOC_FAIL_AT="$FAIL1"
    [ -n "${COUNT1:-}" ] && export MLP_ALLOC_COUNT_FILE="$COUNT1"
fi
exec "$@"
SH
chmod +x rank1.sh
two_ranks() {
    timeout 60 "$MLP_MPIEXEC" --oversubscribe -np 2 ./rank1.sh "$TRAIN" --threads 1 \
        --progress none "$@"
}
no_outputs() { [ ! -e w.bin ] && [ ! -e l.csv ] && ! find . -name '.*.tmp.*' | grep -q .; }

# sweep NAME STOP WANT... -- ARGS...: rank 1's allocations of `two_ranks
# ARGS` failing in turn, from its last, until the error says STOP; each
# WANT must be the error of one of them (the sweep went through that step).
# With ABSORBED set, a failure may also end the run as if none happened
# (exit 0, both outputs, no error) when its stderr has the text ABSORBED;
# `absorbed` counts them.
absorbed=0
sweep() {
    local name=$1 stop=$2 total n rc msg seen="" reached=0 want
    local wants=()
    shift 2
    while [ "$1" != -- ]; do wants+=("$1"); shift; done
    shift
    rm -f count.txt w.bin l.csv
    COUNT1=$WORK/count.txt two_ranks "$@" >/dev/null 2>&1
    rm -f w.bin l.csv
    total=$(cat count.txt 2>/dev/null || echo 0)
    for ((n = total; n > 0 && n > total - 100; n--)); do
        rc=0
        FAIL1=$n two_ranks "$@" >out.txt 2>err.txt || rc=$?
        msg=$(grep '^mlptrain:' err.txt | grep -v ': warning: ')
        if [ "$rc" = 124 ]; then
            bad "$name: rank 1's allocation $n of $total failing: still running after 60 s"
            rm -f w.bin l.csv
            return # a hang costs a minute: one is told
        elif [ -n "${ABSORBED:-}" ] && [ "$rc" = 0 ] && [ -z "$msg" ] && [ -e w.bin ] &&
            [ -e l.csv ] && grep -qF -- "$ABSORBED" err.txt; then
            absorbed=$((absorbed + 1))
            ok
        elif [ "$rc" != 3 ] || [ "$(printf '%s\n' "$msg" | wc -l)" != 1 ] ||
            [ "${msg#*out of memory}" = "$msg" ]; then
            bad "$name: rank 1's allocation $n of $total failing: exit $rc, not 3 with one out-of-memory line: $msg"
        elif ! no_outputs; then
            bad "$name: rank 1's allocation $n of $total failing: an output was written"
        else
            ok
        fi
        rm -f w.bin l.csv
        seen+="$msg"$'\n'
        case $msg in *"$stop"*) reached=1; break ;; esac
    done
    [ "$reached" = 1 ] && ok || bad "$name: no failure of $total allocations said \"$stop\""
    for want in "${wants[@]}"; do
        grep -qF -- "$want" <<<"$seen" && ok || bad "$name: no failure said \"$want\": $seen"
    done
}

# XOR on 2 sigmoid units at rate 4 (seed 3) ends at chance: after its
# training it tries larger rates, the first of which, 8.6, is unstable.
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' >xor.csv
printf '{"layers": [2, 2, 1], "activations": ["sigmoid", "sigmoid"], "loss": "binary_cross_entropy", "learning_rate": 4, "epochs": 100, "seed": 3, "data": {"train": "xor.csv"}}' >chance.json
sweep "XOR at chance" "out of memory for 1 run (in 1 of 2 processes)" \
    "out of memory for the larger-rate trials (in 1 of 2 processes)" \
    "out of memory for a learning-rate trial (in 1 of 2 processes)" \
    "out of memory for the training run (in 1 of 2 processes)" \
    "out of memory for the loss log and the diagnosis of a run (in 1 of 2 processes)" \
    "out of memory for the loss log (in 1 of 2 processes)" \
    -- -c chance.json -w w.bin -o l.csv

# A network without hidden layers on XOR at rate 0.01 stays at chance for
# 1000 epochs: its loss log grows past its first size (1 KiB) five times
# while it trains, and its larger-rate trials start with the linear fit of
# the inputs to the targets (src/linfit.c, mlp_linfit_uncorrelated), which
# under mpirun runs again after the run: rank 1's last two allocations.
# The fit agrees on its memory and its failure is not fatal (the verdict
# comes from the other fit): the run ends as without the failure.
printf '{"layers": [2, 1], "activations": ["sigmoid"], "loss": "binary_cross_entropy", "learning_rate": 0.01, "epochs": 1000, "seed": 3, "data": {"train": "xor.csv"}}' >linear.json
ABSORBED="no weighted sum of the inputs correlates with the targets" \
    sweep "linear XOR" "out of memory for 1 run (in 1 of 2 processes)" \
    "out of memory for the loss log (in 1 of 2 processes)" \
    "out of memory for the training run (in 1 of 2 processes)" \
    -- -c linear.json -w w.bin -o l.csv
[ "$absorbed" = 2 ] && ok ||
    bad "linear XOR: $absorbed failures of rank 1's allocations ended as without them, want 2 (the linear fits')"

# Moons at adam 3: the pre-flight trial finds the rate unstable, gathers
# the reach of every rank's rows for its hint and tries smaller rates. The
# weights' folder is missing: the run stops after the pre-flight check.
cp "$ROOT/tests/fixtures/diagnose/moons_onehot.csv" moons.csv
printf '{"layers": [2, 16, 2], "activations": ["tanh", "softmax"], "loss": "cross_entropy", "learning_rate": 3, "optimizer": {"name": "adam"}, "epochs": 100, "data": {"train": "moons.csv", "targets": ["c0", "c1"]}}' >unstable.json
rc=0
two_ranks -c unstable.json -w nodir/w.bin -o l.csv >unstable.out 2>unstable.err || rc=$?
[ "$rc" = 2 ] && grep -q 'warning: learning rate 3 is unstable' unstable.err && ok \
    || bad "moons at adam 3 on 2 ranks: exit $rc, want 2 after an unstable rate: $(cat unstable.err)"
sweep "moons at adam 3" "rank 1 of 2 (not rank 0): out of memory for" \
    "out of memory for a learning-rate trial (in 1 of 2 processes)" \
    "out of memory for the training run (in 1 of 2 processes)" \
    "out of memory for the pre-flight check" \
    -- -c unstable.json -w nodir/w.bin -o l.csv
finish
