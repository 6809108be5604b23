#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The refit with a learning-rate schedule, on the real binaries, and what
# docs/optimizers.md says of it:
#  1. with a step schedule and a warm-up the refit is, bit for bit, a plain
#     run of E - 1 epochs on the whole file (the rates do not depend on
#     "epochs"); without a schedule test_quality.sh checks the same;
#  2. with cosine it is not: the refit keeps the cosine planned over the
#     spec's "epochs", so its rows are the first E - 1 rows of the plain
#     run with the spec's epochs, and its weights differ from the plain run
#     of E - 1 epochs, which plans the cosine over those;
#  3. a refit longer than the run (refit_scale) whose cosine warm-up is
#     longer than the run too holds the rate of the run's last epoch,
#     6 / 11 of the rate for a warm-up of 10 in 6 epochs: it is the plain
#     6 epochs, then, from their weights (--init-weights), plain gd at that
#     rate (before, it ramped on to the full rate);
#  4. the docs say 1 and 2 (the sentence "bit for bit" once held without
#     condition).
# Usage: test_refit_schedule.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" refit-schedule "$@"
cp "$ROOT/data/moons.csv" .
doc_has() { tr -s '\n ' '  ' < "$1" | grep -qF -- "$2"; }

# spec FILE EPOCHS SCHEDULE [SPLIT-AND-EARLY-STOPPING]: moons on 2-8-2, adam 0.05.
spec() {
    local val='' es=''
    [ -n "${4:-}" ] && val=',"validation_split":0.2' && es=",\"early_stopping\":$4"
    printf '{"layers":[2,8,2],"activations":["tanh","softmax"],"loss":"cross_entropy","epochs":%s,"seed":3,"optimizer":{"name":"adam"},"learning_rate":0.05,"schedule":%s,"data":{"train":"moons.csv","targets":["label"]%s}%s}\n' \
        "$2" "$3" "$val" "$es" > "$1"
}
# refit_rows LOG: epoch, loss and accuracy of the refit's rows.
refit_rows() { awk -F, 'NR > 1 && $7 == 1 { print $1 "," $2 "," $3 }' "$1"; }
best_epoch() { awk -F, 'NR > 1 && $7 == 0 { b = $6 } END { print b + 0 }' "$1"; }

# --- 1. step with a warm-up: the plain run of E - 1 epochs -----------------
STEP='{"name":"step","every":4,"factor":0.5,"warmup":3}'
spec step.json 400 "$STEP" '{"patience":20,"refit":true}'
"$MLPTRAIN" -q -t 1 -c step.json -w st.bin -o st.csv 2> err.txt || bad "step refit: $(cat err.txt)"
E=$(best_epoch st.csv)
[ "$E" -ge 6 ] && [ "$(refit_rows st.csv | wc -l)" = $((E - 1)) ] && ok \
    || bad "step: best epoch $E (want 6 or more, past the warm-up and a step), $(refit_rows st.csv | wc -l) refit rows"
spec step_plain.json $((E - 1)) "$STEP"
"$MLPTRAIN" -q -t 1 -c step_plain.json -w sp.bin -o sp.csv 2> err.txt || bad "step plain: $(cat err.txt)"
[ -n "$(params st.bin)" ] && [ "$(params st.bin)" = "$(params sp.bin)" ] && ok \
    || bad "step: the refit's parameters differ from a plain run of $((E - 1)) epochs"
[ "$(refit_rows st.csv)" = "$(tail -n +2 sp.csv)" ] && ok || bad "step: the refit rows differ from the plain run's log"

# --- 2. cosine: the rates of the cosine over the spec's epochs -------------
COS='{"name":"cosine"}'
spec cos.json 400 "$COS" '{"patience":20,"refit":true}'
"$MLPTRAIN" -q -t 1 -c cos.json -w co.bin -o co.csv 2> err.txt || bad "cosine refit: $(cat err.txt)"
E=$(best_epoch co.csv)
[ "$E" -ge 3 ] && [ "$(refit_rows co.csv | wc -l)" = $((E - 1)) ] && ok \
    || bad "cosine: best epoch $E (want 3 or more), $(refit_rows co.csv | wc -l) refit rows"
spec cos_plain.json $((E - 1)) "$COS"
"$MLPTRAIN" -q -t 1 -c cos_plain.json -w cp.bin -o cp.csv 2> err.txt || bad "cosine plain: $(cat err.txt)"
[ -n "$(params cp.bin)" ] && [ "$(params co.bin)" != "$(params cp.bin)" ] && ok \
    || bad "cosine: the refit equals a plain run of $((E - 1)) epochs, whose cosine is planned over them"
spec cos_long.json 400 "$COS"
"$MLPTRAIN" -q -t 1 -c cos_long.json -w cl.bin -o cl.csv 2> err.txt || bad "cosine long: $(cat err.txt)"
[ "$(refit_rows co.csv)" = "$(sed -n "2,${E}p" cl.csv)" ] && ok \
    || bad "cosine: the refit rows are not the first $((E - 1)) rows of the plain run of 400 epochs"

# --- 3. a refit past the run, its warm-up longer than the run --------------
printf '{"layers":[2,6,2],"activations":["tanh","softmax"],"loss":"cross_entropy","epochs":%s,"seed":1,"learning_rate":%s%s,"data":{"train":"moons.csv","targets":["label"]%s}%s}\n' \
    6 0.5 ',"schedule":{"name":"cosine","warmup":10}' ',"validation_split":0.2' \
    ',"early_stopping":{"patience":3,"refit":true,"refit_scale":4}' > wu.json
"$MLPTRAIN" -t 1 -c wu.json -w wu.bin -o wu.csv --progress none > /dev/null 2> wu.out || bad "warm-up refit: $(cat wu.out)"
grep -q '^refit: trained 20 epochs (4 x the updates of best epoch 6) ' wu.out && ok \
    || bad "warm-up refit: want 20 epochs after best epoch 6: $(grep refit wu.out)"
printf '{"layers":[2,6,2],"activations":["tanh","softmax"],"loss":"cross_entropy","epochs":%s,"seed":1,"learning_rate":%s%s,"data":{"train":"moons.csv","targets":["label"]}}\n' \
    6 0.5 ',"schedule":{"name":"cosine","warmup":10}' > wu6.json
held=$(python3 -c 'print(repr(0.5 * (6 / 11)))')
printf '{"layers":[2,6,2],"activations":["tanh","softmax"],"loss":"cross_entropy","epochs":%s,"seed":1,"learning_rate":%s%s,"data":{"train":"moons.csv","targets":["label"]}}\n' \
    14 "$held" '' > held.json
"$MLPTRAIN" -q -t 1 -c wu6.json -w w6.bin -o w6.csv 2> err.txt \
    && "$MLPTRAIN" -q -t 1 -c held.json --init-weights w6.bin -w wh.bin -o wh.csv 2>> err.txt \
    || bad "warm-up plain runs: $(cat err.txt)"
[ -n "$(params wh.bin)" ] && [ "$(params wu.bin)" = "$(params wh.bin)" ] && ok \
    || bad "warm-up refit: not 6 epochs of the warm-up, then 14 at 6/11 of the rate"
[ "$(refit_rows wu.csv | tail -n +7 | cut -d, -f2,3)" = "$(tail -n +2 wh.csv | cut -d, -f2,3)" ] && ok \
    || bad "warm-up refit: rows 7 to 20 are not those of the held rate"

# --- 4. what the docs say ----------------------------------------------------
doc_has "$ROOT/docs/optimizers.md" "Without a schedule, or with a \`constant\` or \`step\` one (warm-up or not), whose rates do not depend on \`epochs\`, it is, bit for bit, the model that" \
    && doc_has "$ROOT/docs/optimizers.md" "With \`cosine\` it is not: the refit keeps the rates of the cosine planned over the spec's \`epochs\`" \
    && ok || bad "docs/optimizers.md does not say when the refit is a plain run of E − 1 epochs"
doc_has "$ROOT/docs/spec.md" "cosine holds the rate of epoch \`epochs\`, also when that epoch is still in the warm-up" \
    && ok || bad "docs/spec.md does not say what cosine does past \`epochs\`"
finish
