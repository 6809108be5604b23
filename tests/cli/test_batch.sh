#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_batch.sh: mini-batches and the learning-rate schedule on the real
# binaries. A batch of every row writes the full-batch bytes; --batch-size
# overrides the spec; the same seed and threads repeat the bytes; each
# optimizer learns batched; early stopping, refit and --gradcheck work with
# batches; every bad value fails with its exact message, status 2, and no
# output touched.
# Usage: test_batch.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" batch "$@"
cp "$ROOT/data/xor.csv" "$ROOT/data/moons.csv" .

# expect_error NAME STATUS EXPECTED-STDERR -- COMMAND...: the status, the
# exact one-line stderr, nothing on stdout, and the outputs of an earlier
# run (old.bin, old.csv) left as they were.
expect_error() {
    local name=$1 want_status=$2 want_err=$3 status got
    shift 4
    printf 'old weights' > old.bin
    printf 'old log' > old.csv
    "$@" -w old.bin -o old.csv > stdout.txt 2> stderr.txt
    status=$?
    got=$(cat stderr.txt)
    if ! error_is "$name" "$want_status" "$want_err" "$status" "$got"; then
        :
    elif [ -s stdout.txt ]; then
        bad "$name: printed on stdout: $(cat stdout.txt)"
    elif [ "$(cat old.bin)" != "old weights" ] || [ "$(cat old.csv)" != "old log" ]; then
        bad "$name: an output was touched"
    elif ls -a | grep -q '\.tmp\.'; then
        bad "$name: a temporary file was left"
    else
        ok
    fi
}

# moons as 2-8-2 tanh/softmax, normalised, with extra top-level keys.
moons_spec() { # moons_spec FILE EXTRA-KEYS [DATA-KEYS]
    printf '{"layers":[2,8,2],"activations":["tanh","softmax"],"loss":"cross_entropy","seed":5,%s"data":{"train":"moons.csv","targets":"label","normalize":"standard"%s}}\n' \
        "$2" "${3:-}" > "$1"
}

# --------------------------------------------------------------------------
# A batch of every row is full batch: the same parameters and loss log (the
# weights file's provenance records the batch size given, so its bytes
# differ there: docs/weights-format.md).

cp "$ROOT/configs/xor.json" xor.json
sed -i 's|"../data/xor.csv"|"xor.csv"|' xor.json
"$MLPTRAIN" -q -c xor.json -w full.bin -o full.csv || bad "xor full batch"
for b in 4 5 1000000; do
    "$MLPTRAIN" -q -c xor.json -b "$b" -w b.bin -o b.csv || bad "xor --batch-size $b"
    [ "$(params b.bin)" = "$(params full.bin)" ] && cmp -s full.csv b.csv && ok || bad "xor: --batch-size $b is not full batch"
done
cp "$ROOT/configs/moons.json" moons.json
sed -i -e 's|"../data/moons.csv"|"moons.csv"|' -e 's|"epochs": 5000|"epochs": 300|' moons.json
"$MLPTRAIN" -q -c moons.json -w full.bin -o full.csv || bad "moons full batch"
"$MLPTRAIN" -q -c moons.json --batch-size 200 -w b.bin -o b.csv || bad "moons --batch-size 200"
[ "$(params b.bin)" = "$(params full.bin)" ] && cmp -s full.csv b.csv && ok || bad "moons: --batch-size 200 is not full batch"
# The key in the spec (another spec digest too).
sed 's|"seed": 42,|"seed": 42, "batch_size": 200, "shuffle": false,|' moons.json > moons200.json
"$MLPTRAIN" -q -c moons200.json -w s.bin -o s.csv || bad "moons \"batch_size\": 200"
[ "$(params s.bin)" = "$(params full.bin)" ] && cmp -s s.csv full.csv && ok \
    || bad "moons: \"batch_size\": 200 is not full batch"

# --------------------------------------------------------------------------
# Batched: reproducible, the option over the key, one log row per epoch.

"$MLPTRAIN" -q -c moons.json -b 32 -e 40 -w a.bin -o a.csv \
    && "$MLPTRAIN" -q -c moons.json -b 32 -e 40 -w a2.bin -o a2.csv || bad "moons -b 32"
cmp -s a.bin a2.bin && cmp -s a.csv a2.csv && ok || bad "-b 32: the same seed gave other bytes"
cmp -s a.bin full.bin && bad "-b 32 wrote the full-batch weights" || ok
[ "$(wc -l < a.csv)" = 41 ] && [ "$(head -1 a.csv)" = "epoch,loss,accuracy" ] && ok \
    || bad "-b 32: the log has $(wc -l < a.csv) lines, header $(head -1 a.csv)"
"$MLPTRAIN" -q -c moons.json -b 32 -e 40 -s 43 -w c.bin -o c.csv || bad "-b 32 -s 43"
cmp -s a.csv c.csv && bad "-b 32: another seed gave the same log" || ok
for t in 1 2; do
    "$MLPTRAIN" -q -c moons.json -b 32 -e 40 -t $t -w t1.bin -o t1.csv \
        && "$MLPTRAIN" -q -c moons.json -b 32 -e 40 -t $t -w t2.bin -o t2.csv || bad "-t $t"
    cmp -s t1.bin t2.bin && cmp -s t1.csv t2.csv && ok || bad "-b 32 -t $t: other bytes on a second run"
done
sed 's|"seed": 42,|"seed": 42, "batch_size": 7,|' moons.json > moons7.json
"$MLPTRAIN" -q -c moons7.json -b 32 -e 40 -w o.bin -o o.csv || bad "--batch-size over the spec"
[ "$(params o.bin)" = "$(params a.bin)" ] && cmp -s o.csv a.csv && ok \
    || bad "--batch-size 32 does not override \"batch_size\": 7"
# Unshuffled batches differ from shuffled ones and repeat too.
sed 's|"seed": 42,|"seed": 42, "batch_size": 32, "shuffle": false,|' moons.json > noshuf.json
"$MLPTRAIN" -q -c noshuf.json -e 40 -w n.bin -o n.csv && "$MLPTRAIN" -q -c noshuf.json -e 40 -w n2.bin -o n2.csv \
    || bad "\"shuffle\": false"
cmp -s n.bin n2.bin && ok || bad "\"shuffle\": false: other bytes on a second run"
cmp -s n.csv a.csv && bad "\"shuffle\": false gave the shuffled log" || ok

# --------------------------------------------------------------------------
# Every optimizer learns batched (batches of 20: 10 updates an epoch).

for opt in '{"name":"gd"},"learning_rate":0.3' '{"name":"momentum","momentum":0.9},"learning_rate":0.03' \
           '{"name":"momentum","nesterov":true},"learning_rate":0.03' '{"name":"adam"},"learning_rate":0.01'; do
    moons_spec opt.json "\"optimizer\":$opt,\"epochs\":60,\"batch_size\":20,"
    "$MLPTRAIN" -q -c opt.json -w opt.bin -o opt.csv || bad "$opt batched: training failed"
    acc=$("$MLPPREDICT" opt.bin moons.csv -e -o /dev/null 2>&1 | sed -n 's/.*accuracy \([0-9]*\)\..*/\1/p')
    [ "${acc:-0}" -ge 85 ] && ok || bad "$opt batched: accuracy ${acc:-?}% after 60 epochs"
done
# A schedule: warm-up then cosine, and a step decay; both learn.
for sch in '{"name":"cosine","warmup":5}' '{"name":"step","every":20,"factor":0.5}' \
           '{"name":"constant","warmup":3}'; do
    moons_spec sch.json "\"optimizer\":{\"name\":\"adam\"},\"learning_rate\":0.02,\"epochs\":60,\"batch_size\":20,\"schedule\":$sch,"
    "$MLPTRAIN" -q -c sch.json -w sch.bin -o sch.csv && "$MLPTRAIN" -q -c sch.json -w sch2.bin -o sch2.csv \
        || bad "$sch: training failed"
    cmp -s sch.bin sch2.bin && ok || bad "$sch: other bytes on a second run"
    acc=$("$MLPPREDICT" sch.bin moons.csv -e -o /dev/null 2>&1 | sed -n 's/.*accuracy \([0-9]*\)\..*/\1/p')
    [ "${acc:-0}" -ge 85 ] && ok || bad "$sch: accuracy ${acc:-?}% after 60 epochs"
done

# --------------------------------------------------------------------------
# Early stopping and its refit, batched; --gradcheck ignores the batches.

moons_spec es.json '"optimizer":{"name":"adam"},"learning_rate":0.05,"epochs":400,"batch_size":16,"early_stopping":{"patience":10,"refit":true},' \
    ',"validation_split":0.25'
"$MLPTRAIN" -c es.json -w es.bin -o es.csv --progress none 2> es.out || bad "early stopping batched: $(cat es.out)"
best=$(sed -n 's/.*best validation loss .* at epoch \([0-9]*\)$/\1/p' es.out)
[ -n "$best" ] && grep -q "^refit: trained $((best - 1)) epochs (the epochs before best epoch $best) from the same initial weights on all 200 rows" es.out \
    && ok || bad "batched refit summary: $(cat es.out)"
[ "$(grep -c ',1$' es.csv)" = $((best - 1)) ] && ok || bad "batched refit rows in the log"
"$MLPTRAIN" --gradcheck -c moons.json > g1.txt 2>&1 && "$MLPTRAIN" --gradcheck -c moons7.json > g2.txt 2>&1 \
    || bad "--gradcheck with \"batch_size\""
sed -i 's|moons7.json|moons.json|g' g2.txt
cmp -s g1.txt g2.txt && ok || bad "--gradcheck changed with \"batch_size\": $(diff g1.txt g2.txt)"

# --------------------------------------------------------------------------
# Bad values: exact message, status 2, no output touched.

for v in 0 -3 1.5 abc '' 9007199254740993; do
    expect_error "--batch-size \"$v\"" 2 "mlptrain: --batch-size needs a whole number from 1 to 9007199254740992, not \"$v\"; for example --batch-size 32" \
        -- "$MLPTRAIN" -q -c moons.json --batch-size "$v"
done
moons_spec rprop.json '"optimizer":{"name":"irprop-"},'
expect_error "--batch-size with irprop-" 2 'mlptrain: --batch-size cannot be used with optimizer "irprop-"; irprop- follows the sign of the full-batch gradient, which the noise of mini-batches keeps flipping; use adam in the spec'"'"'s "optimizer"' \
    -- "$MLPTRAIN" -q -c rprop.json --batch-size 8
moons_spec rprop.json '"optimizer":{"name":"irprop-"},"batch_size":8,'
expect_error "\"batch_size\" with irprop-" 2 'mlptrain: rprop.json:1:128: "batch_size" cannot be used with optimizer "irprop-"; irprop- follows the sign of the full-batch gradient, which the noise of mini-batches keeps flipping; use "name": "adam", or remove "batch_size"' \
    -- "$MLPTRAIN" -q -c rprop.json
moons_spec zero.json '"batch_size":0,'
expect_error "\"batch_size\": 0" 2 'mlptrain: zero.json:1:97: "batch_size" must be at least 1, not "0"; for example "batch_size": 32' \
    -- "$MLPTRAIN" -q -c zero.json
moons_spec shuf.json '"shuffle":true,'
expect_error "\"shuffle\" alone" 2 'mlptrain: shuf.json:1:94: "shuffle" needs "batch_size"; full-batch training uses every row in every update, in no order; add "batch_size", or remove "shuffle"' \
    -- "$MLPTRAIN" -q -c shuf.json
# --batch-size gives it the batch size (--help: combine -b with "shuffle": false): it
# was refused at the spec, before -b was applied.
moons_spec noshuf8.json '"epochs":20,"shuffle":false,'
"$MLPTRAIN" -q -c noshuf8.json -b 8 -w ns.bin -o ns.csv 2> ns.err && [ -s ns.bin ] && ok \
    || bad "\"shuffle\": false with -b 8: $(cat ns.err)"
moons_spec sched.json '"schedule":{"name":"step"},'
expect_error "step without every" 2 'mlptrain: sched.json:1:95: missing key "every" in "schedule"; add it, for example "every": 100' \
    -- "$MLPTRAIN" -q -c sched.json

finish
