#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --trace-epoch N after the epoch where early stopping ends the run
# (docs/trace.md): the weights and the loss log are written, exit 0, and the
# missing trace is said in one warning that names the last epoch that can be
# traced, under -q too (it once said nothing under -q, a requested output
# missing with exit 0). Following the advice writes the trace.
. "$(dirname "$0")/lib.sh" trace_after_stop "$@"
export OPENBLAS_NUM_THREADS=1
cp "$ROOT/data/moons.csv" .
printf '{"layers":[2,8,2],"activations":["tanh","softmax"],"loss":"cross_entropy","learning_rate":0.3,"epochs":500,\n "data":{"train":"moons.csv","targets":["label"],"validation_split":0.3},\n "early_stopping":{"patience":3,"min_delta":0.01}}\n' > es.json
rc=0
"$MLPTRAIN" -q -c es.json -w e.bin -o e.csv --trace t.json --trace-epoch 400 > out.txt 2> err.txt || rc=$?
last=$(($(wc -l < e.csv) - 1)) # the log's rows: one per epoch run
want="mlptrain: warning: the run ended after epoch $last (early stopping), before epoch 400: no trace was written; trace an epoch up to $last (--trace-epoch $last)"
[ "$rc" = 0 ] && [ "$(cat err.txt)" = "$want" ] && ok || bad "-q, exit $rc: $(cat err.txt), want $want"
[ -s e.bin ] && [ ! -e t.json ] && ok || bad "the weights are not written, or a trace is"
[ "$last" -gt 1 ] && [ "$last" -lt 400 ] && ok || bad "early stopping did not end the run early: $last epochs"
"$MLPTRAIN" -q -c es.json -w e.bin -o e.csv --trace t.json --trace-epoch "$last" 2> err.txt \
    && [ -s t.json ] && [ ! -s err.txt ] && ok || bad "the advice followed: $(cat err.txt)"
finish
