#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_diagnose_batched_start.sh: where a run in mini-batches started, for
# loss-exploding's "back above where it started" (docs/diagnostics.md): the
# initial weights' loss, as the pre-flight's trial takes it, not epoch 1's
# mean over batches taken during its updates. moons in batches of 1 at rate
# 1 starts at 0.8608 and averages 1.997 in epoch 1; 1.999 at epoch 24 was
# "back above where it started ... above epoch 1's 1.997", though the loss
# never fell to half of 0.8608 (its lowest, 0.9526, is above the start).
# (Full batch, whose epoch 1 is the initial weights' loss, is test_diagnose.c's.)
# Usage: test_diagnose_batched_start.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" diagnose_batched_start "$@"
cp "$ROOT/data/moons.csv" .

printf '{"layers":[2,16,2],"activations":["tanh","softmax"],"loss":"cross_entropy","learning_rate":20,"epochs":200,"seed":1,"batch_size":32,"data":{"train":"moons.csv","targets":"label","normalize":"standard"}}\n' > g.json
"$MLPTRAIN" -c g.json -b 1 -l 1 -e 100 --progress none -w g.bin -o g.csv 2> g.err || bad "training: $(cat g.err)"
# The start the pre-flight took, and epoch 1's mean in the log.
grep -qF "the loss rose from 0.8608 to" g.err && ok || bad "setup: the pre-flight's start is not 0.8608: $(cat g.err)"
awk -F, 'NR == 2 { exit !($2 > 1.99 && $2 < 2) }' g.csv && ok || bad "setup: epoch 1's mean is not 1.997: $(sed -n 2p g.csv)"
grep -q "above epoch 1's" g.err && bad "in batches the start is epoch 1's mean: $(cat g.err)" || ok
grep -q "went back above where it started" g.err \
    && bad "back above a start of 0.8608 it never halved: $(cat g.err)" || ok

finish
