#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_init_weights_continue.sh: what --init-weights continues
# (docs/optimizers.md, "Reproducibility"). Plain gd in full batch holds no
# state beside the weights: 10 epochs, then 10 more from their weights file,
# are the 20-epoch run, bit for bit. A "schedule" starts over in the
# continued run: its epoch 1 is the schedule's epoch 1, so a step schedule
# ("every": 10, "factor": 0.5) continued for 10 epochs trains at the full
# rate, as gd without a schedule does, not at the half rate of epochs 11 to
# 20 of the 20-epoch run.
# Usage: test_init_weights_continue.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" init_weights_continue "$@"
cp "$ROOT/data/xor.csv" .

xor_spec() { # xor_spec FILE EXTRA-KEYS
    printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","learning_rate":0.5,"epochs":20,"seed":3,%s"data":{"train":"xor.csv"}}\n' \
        "$2" > "$1"
}
xor_spec gd.json ''
xor_spec step.json '"schedule":{"name":"step","every":10,"factor":0.5},'

# Plain gd: 10 + 10 epochs are the 20.
"$MLPTRAIN" -q -c gd.json -w gd20.bin -o gd20.csv || bad "gd, 20 epochs"
"$MLPTRAIN" -q -c gd.json -e 10 -w gd10.bin -o gd10.csv || bad "gd, 10 epochs"
"$MLPTRAIN" -q -c gd.json -e 10 --init-weights gd10.bin -w gdc.bin -o gdc.csv || bad "gd, 10 more epochs"
[ -n "$(params gdc.bin)" ] && [ "$(params gdc.bin)" = "$(params gd20.bin)" ] && ok \
    || bad "plain gd did not continue exactly: 10 + 10 epochs are not the 20-epoch run"

# The step schedule's first 10 epochs are at the full rate (factor^0 = 1):
# the same weights as plain gd's first 10, from which both continue.
"$MLPTRAIN" -q -c step.json -e 10 -w step10.bin -o step10.csv || bad "step, 10 epochs"
[ "$(params step10.bin)" = "$(params gd10.bin)" ] && ok \
    || bad "setup: the step schedule's first 10 epochs are not at the full rate"
"$MLPTRAIN" -q -c step.json -w step20.bin -o step20.csv || bad "step, 20 epochs"
"$MLPTRAIN" -q -c step.json -e 10 --init-weights step10.bin -w stepc.bin -o stepc.csv \
    || bad "step, 10 more epochs"
# The continued schedule starts over: the full rate again, gd's continuation ...
[ -n "$(params stepc.bin)" ] && [ "$(params stepc.bin)" = "$(params gdc.bin)" ] && ok \
    || bad "the continued step schedule did not start over at the full rate"
# ... not the half rate of the 20-epoch run's epochs 11 to 20.
[ "$(params stepc.bin)" != "$(params step20.bin)" ] && ok \
    || bad "the continued step schedule went on at the half rate, as docs/optimizers.md says it does not"

finish
