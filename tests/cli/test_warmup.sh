#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_warmup.sh: a warm-up that does not end within the run
# (docs/diagnostics.md, warmup-past-run and the diagnosis' warm-up). The
# pre-flight says so (W >= E, at "schedule.warmup") and no sooner; its
# learning-rate trial judges the highest rate the run reaches, not a rate
# the warm-up never lets it train at; the diagnosis of XOR stuck inside its
# warm-up names the warm-up, not a decay with a step schedule's keys.
# Usage: test_warmup.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" warmup "$@"
cp "$ROOT/data/moons.csv" "$ROOT/data/xor.csv" .

moons_spec() { # moons_spec FILE LEARNING-RATE EPOCHS SCHEDULE-KEY
    printf '{"layers":[2,8,2],"activations":["tanh","softmax"],"loss":"cross_entropy","learning_rate":%s,"epochs":%s,"seed":1,"batch_size":32,%s"data":{"train":"moons.csv","targets":"label","normalize":"standard"}}\n' \
        "$2" "$3" "$4" > "$1"
}
# warmup_col FILE: the column of the value of "warmup" on line 1.
warmup_col() {
    awk 'NR == 1 { print index($0, "\"warmup\":") + length("\"warmup\":") }' "$1"
}

# --------------------------------------------------------------------------
# warmup-past-run: a warm-up of 1000 epochs in a run of 100 trains at
# 100 / 1001 of 0.01 at most (--check said "no problems found").

moons_spec long.json 0.01 100 '"schedule":{"name":"cosine","warmup":1000},'
"$MLPTRAIN" -c long.json --check > long.out 2> long.err
col=$(warmup_col long.json)
grep -qxF "mlptrain: long.json:1:$col: warning: the warm-up of 1000 epochs does not end within the run of 100 epochs: the rate rises to 0.0999 x learning_rate (0.000999001) at most, never to learning_rate 0.01; shorten \"warmup\" to a tenth of the run or less, e.g. 10, or train for more epochs than the warm-up" long.out \
    && ok || bad "warm-up of 1000 in 100 epochs: $(cat long.out long.err)"
# The boundary: a warm-up of 100 in 100 epochs never reaches the rate (its
# last epoch at 100 / 101); one of 99 reaches it at epoch 100.
moons_spec w100.json 0.01 100 '"schedule":{"name":"constant","warmup":100},'
"$MLPTRAIN" -c w100.json --check > w100.out 2>&1
grep -qF "warning: the warm-up of 100 epochs does not end within the run of 100 epochs: the rate rises to 0.99 x learning_rate (0.00990099) at most" w100.out \
    && ok || bad "warm-up of 100 in 100 epochs: $(cat w100.out)"
moons_spec w99.json 0.01 100 '"schedule":{"name":"constant","warmup":99},'
"$MLPTRAIN" -c w99.json --check > w99.out 2>&1
grep -q "warm-up" w99.out && bad "a warm-up of 99 in 100 epochs was told: $(cat w99.out)" || ok
# -e counts: the same spec for 10 epochs has a warm-up past them.
"$MLPTRAIN" -c w99.json -e 10 --check > w99e.out 2>&1
grep -qF "the warm-up of 99 epochs does not end within the run of 10 epochs" w99e.out \
    && ok || bad "-e 10 with a warm-up of 99: $(cat w99e.out)"

# --------------------------------------------------------------------------
# The learning-rate trial at the highest rate the run reaches. Rate 20 with
# a warm-up of 100000 epochs in 200 trains at 20 x 200 / 100001 = 0.04 at
# most; it was told "learning rate 20 is unstable". Without the warm-up it
# is (the control: the trial still finds 20 unstable).

moons_spec nowarm.json 20 200 ''
"$MLPTRAIN" -c nowarm.json --check > nowarm.out 2>&1
grep -qF "warning: learning rate 20 is unstable" nowarm.out && ok || bad "setup: rate 20 is not unstable: $(cat nowarm.out)"
moons_spec warm.json 20 200 '"schedule":{"name":"cosine","warmup":100000},'
"$MLPTRAIN" -c warm.json --check > warm.out 2>&1
grep -q "unstable" warm.out && bad "rate 20 that the warm-up holds to 0.04 was called unstable: $(cat warm.out)" || ok
grep -qF "the warm-up of 100000 epochs does not end within the run of 200 epochs" warm.out \
    && ok || bad "the warm-up of 100000 in 200 epochs was not told: $(cat warm.out)"
# Where the highest rate reached is unstable too (20000 x 200 / 100001 =
# 39.9996), the message names it, and the scan it offers starts from it.
moons_spec huge.json 20000 200 '"schedule":{"name":"cosine","warmup":100000},'
"$MLPTRAIN" -c huge.json --check > huge.out 2>&1
grep -qF "warning: the highest rate the warm-up reaches, 39.9996 (of learning rate 20000), is unstable: in a 10-epoch trial from the initial weights" huge.out \
    && ok || bad "the unstable highest rate: $(cat huge.out)"
grep -qF "or run mlptrain --lr-scan 0.0399996:39.9996" huge.out && ok || bad "the scan from the highest rate: $(cat huge.out)"

# --------------------------------------------------------------------------
# The diagnosis: XOR at 0.5 with a constant schedule's warm-up of 100000
# epochs stays at chance for its 500. It was told "from epoch 245 the
# schedule trains at 0.00245 x learning_rate (0.00122499): let the rate
# fall later or less (a larger "every", ...)", keys a constant schedule
# refuses, of a rate that was rising; its last epoch trains at
# 0.5 x 500 / 100001.

for kind in constant cosine; do
    printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","learning_rate":0.5,"epochs":500,"seed":42,"init":"xavier","schedule":{"name":"%s","warmup":100000},"data":{"train":"xor.csv"}}\n' \
        "$kind" > "xw_$kind.json"
    "$MLPTRAIN" -c "xw_$kind.json" --progress none -w xw.bin -o xw.csv 2> xw.err || bad "$kind: training failed: $(cat xw.err)"
    grep -qF '; the network is not using its inputs yet: the run ended in its warm-up of 100000 epochs, at 0.005 x learning_rate (0.00249998) at most: shorten "warmup" to a tenth of the run or less, e.g. 50' xw.err \
        && ok || bad "$kind: the diagnosis of a run inside its warm-up: $(cat xw.err)"
    grep -q '"every"\|from epoch' xw.err && bad "$kind: a decay was named: $(cat xw.err)" || ok
done

# --------------------------------------------------------------------------
# A run that blows up inside its warm-up names the rate of that epoch: a
# linear fit at rate 1000 with a warm-up of 200 diverged at an epoch k whose
# rate is 1000 k / 201; it said "(learning rate 1000)".

awk 'BEGIN { print "x,y"; for (i = 0; i < 20; i++) { x = i / 19 * 3; printf "%.4f,%.4f\n", x, 2 * x + 1 } }' > line.csv
printf '{"layers":[1,1],"activations":["linear"],"loss":"mse","learning_rate":1000,"epochs":300,"seed":1,"schedule":{"name":"constant","warmup":200},"data":{"train":"line.csv"}}\n' > blow.json
"$MLPTRAIN" -c blow.json --progress none -w blow.bin -o blow.csv 2> blow.err && bad "the warm-up at 1000 did not diverge"
k=$(sed -n 's/.*the loss became infinite at epoch \([0-9]*\) .*/\1/p' blow.err)
if [ -n "$k" ] && [ "$k" -le 200 ]; then
    want=$(awk -v k="$k" 'BEGIN { printf "(rate %g, the schedule'"'"'s %.3g x learning rate 1000)", 1000 * k / 201, k / 201 }')
    grep -qF "the loss became infinite at epoch $k $want" blow.err && ok || bad "the rate of epoch $k: $(cat blow.err), want $want"
else
    bad "setup: no divergence inside the warm-up: $(cat blow.err)"
fi

finish
