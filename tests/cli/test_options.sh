#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The options of the programs as a whole: what --check answers for (the
# outputs of the run it checks), options refused where they would do nothing,
# empty file names, and the limits every way of giving a value shares.
# Each refusal is checked to the byte, with its exit status, and no file is
# left behind.
# Usage: test_options.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" options "$@"
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
mkdir data
cp "$ROOT/data/xor.csv" "$ROOT/data/moons.csv" data/
printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 5,
 "data": {"train": "data/xor.csv"}}\n' > net.json

# expect NAME STATUS STDERR COMMAND...: the exact stderr and status, nothing
# on stdout, and no file made or changed in the folder.
expect() {
    local name=$1 want_status=$2 want_err=$3 before after status
    shift 3
    before=$(find . -type f -exec md5sum {} + | sort)
    "$@" > "$WORK/out.txt" 2> "$WORK/err.txt"
    status=$?
    after=$(find . -type f ! -name out.txt ! -name err.txt -exec md5sum {} + | sort)
    if error_is "$name" "$want_status" "$want_err" "$status" "$(cat "$WORK/err.txt")"; then
        if [ -s "$WORK/out.txt" ]; then
            bad "$name: wrote to stdout: $(cat "$WORK/out.txt")"
        elif [ "$before" != "$after" ]; then
            bad "$name: files changed: $(diff <(echo "$before") <(echo "$after"))"
        else
            ok
        fi
    fi
    rm -f "$WORK/out.txt" "$WORK/err.txt"
}

# --------------------------------------------------------------------------
# 1. --check answers for the outputs of the run it checks: the same refusals
#    as training, exit 2, and nothing created.

expect "check: unwritable weights" 2 \
    'mlptrain: /nonexistent/x.bin: cannot write: No such file or directory; create the folder "/nonexistent" first, or check the path' \
    "$MLPTRAIN" --check -w /nonexistent/x.bin
expect "check: weights and log the same" 2 \
    'mlptrain: same: the weights and the loss log would be written to the same file; give --weights and --loss-log different paths' \
    "$MLPTRAIN" --check -w same -o same
expect "train: weights and log the same" 2 \
    'mlptrain: same: the weights and the loss log would be written to the same file; give --weights and --loss-log different paths' \
    "$MLPTRAIN" -q -e 2 -w same -o same
expect "check: log over the training data" 2 \
    'mlptrain: data/xor.csv: the loss log would overwrite the training data (data/xor.csv); give --loss-log another path' \
    "$MLPTRAIN" --check -c net.json -o data/xor.csv
# Writable outputs: the check passes and leaves no file (not even a temporary).
"$MLPTRAIN" --check -c net.json -w w.bin -o l.csv > out.txt 2> err.txt
[ $? = 0 ] && [ "$(cat out.txt)" = "check: no problems found" ] && [ ! -s err.txt ] \
    && [ "$(ls -A)" = "$(printf 'data\nerr.txt\nnet.json\nout.txt')" ] && ok \
    || bad "check with writable outputs: $(cat out.txt err.txt; ls -A)"
rm -f out.txt err.txt
# A spec from standard input has no file name to name its outputs after:
# training refuses it unless both are named (test_pipes.sh), and so does
# --check (it said "no problems found", exit 0, for a run that then stopped).
expect "check: stdin spec, no output named" 2 \
    'mlptrain: the spec comes from standard input (--config -), so it has no file name to name the weights and the loss log after; give --weights FILE and --loss-log FILE, or "output" paths in the spec' \
    sh -c '"$1" --check -c - < net.json' sh "$MLPTRAIN"
expect "check: stdin spec, only the weights named" 2 \
    'mlptrain: the spec comes from standard input (--config -), so it has no file name to name the loss log after; give --loss-log FILE, or "output" paths in the spec' \
    sh -c '"$1" --check -c - -w only.bin < net.json' sh "$MLPTRAIN"
"$MLPTRAIN" --check -c - -w w.bin -o l.csv < net.json > out.txt 2> err.txt \
    && [ "$(cat out.txt)" = "check: no problems found" ] && [ ! -s err.txt ] && ok \
    || bad "--check -c - with both outputs named: $(cat out.txt err.txt)"
rm -f out.txt err.txt

# --------------------------------------------------------------------------
# 2. An option that would change nothing is refused, naming it and the mode,
#    before any file is read or written.

T=("$MLPTRAIN")
try="; try 'mlptrain --help'"
expect "tolerance without gradcheck" 2 "mlptrain: --tolerance is for --gradcheck$try" \
    "${T[@]}" --tolerance 1e-3 -e 5 -q
expect "restart-margin without restarts" 2 "mlptrain: --restart-margin is for --restarts 2 or more$try" \
    "${T[@]}" --restart-margin 0.5 -e 5 -q
expect "restart-margin with one run" 2 "mlptrain: --restart-margin is for --restarts 2 or more$try" \
    "${T[@]}" --restart-margin 0.5 -r 1 -e 5 -q
expect "lr-scan with a rate" 2 "mlptrain: --learning-rate does nothing with --lr-scan, which tries its own rates$try" \
    "${T[@]}" --lr-scan 0.1:1 -l 0.3
expect "lr-scan with restarts" 2 "mlptrain: --restarts does nothing with --lr-scan, which trains one copy per rate from the same initial weights$try" \
    "${T[@]}" --lr-scan 0.1:1 -r 3
expect "lr-scan with weights" 2 "mlptrain: --weights does nothing with --lr-scan, which writes no file$try" \
    "${T[@]}" --lr-scan 0.1:1 -w x.bin
expect "lr-scan with a loss log" 2 "mlptrain: --loss-log does nothing with --lr-scan, which writes no file$try" \
    "${T[@]}" --lr-scan 0.1:1 -o x.csv
expect "lr-scan with progress" 2 "mlptrain: --progress does nothing with --lr-scan, which prints its table at the end, with no progress$try" \
    "${T[@]}" --lr-scan 0.1:1 --progress bar
expect "lr-scan with epochs" 2 "mlptrain: --epochs does nothing with --lr-scan, which trains each rate --lr-scan-epochs epochs at its full rate, whatever the schedule$try" \
    "${T[@]}" --lr-scan 0.1:1 -e 5
# Not even a cosine schedule's horizon: the trials run without the schedule.
sed 's/"epochs": 5,/"epochs": 5, "schedule": {"name": "cosine"},/' net.json > cosine.json
expect "lr-scan with epochs, cosine schedule" 2 "mlptrain: --epochs does nothing with --lr-scan, which trains each rate --lr-scan-epochs epochs at its full rate, whatever the schedule$try" \
    "$MLPTRAIN" --lr-scan 0.1:10:2 -c cosine.json -e 20
"$MLPTRAIN" --lr-scan 0.1:10:2 -c cosine.json > cos.txt 2> err.txt \
    && sed 's/"schedule": {"name": "cosine"},//' cosine.json > plain.json \
    && "$MLPTRAIN" --lr-scan 0.1:10:2 -c plain.json > plain.txt 2>> err.txt \
    && [ ! -s err.txt ] && cmp -s cos.txt plain.txt && ok \
    || bad "--lr-scan with a cosine schedule scans otherwise than without: $(cat err.txt cos.txt plain.txt)"
rm -f cosine.json plain.json cos.txt plain.txt err.txt
expect "check with restarts" 2 "mlptrain: --restarts does nothing with --check, which trains nothing$try" \
    "${T[@]}" --check --restarts 3 -w x.bin
expect "check with progress" 2 "mlptrain: --progress does nothing with --check, which trains nothing$try" \
    "${T[@]}" --check --progress bar
for opt in "-e 3:--epochs" "-l 0.3:--learning-rate" "-b 2:--batch-size" "-r 3:--restarts" \
           "-w g.bin:--weights" "-o g.csv:--loss-log" "--progress none:--progress"; do
    # shellcheck disable=SC2086
    expect "gradcheck with ${opt#*:}" 2 "mlptrain: ${opt#*:} does nothing with --gradcheck, which compares gradients and trains nothing$try" \
        "${T[@]}" --gradcheck ${opt%:*}
done
expect "built-in gradcheck with init-weights" 2 "mlptrain: --init-weights does nothing with --gradcheck without --config: the built-in check draws its own networks$try" \
    "${T[@]}" --gradcheck --init-weights no-such.bin -q
# What the tools do take part of still works: --gradcheck of a spec from a
# weights file reads it (a missing one is an error), --check takes training's
# epochs, rate and batches.
"$MLPTRAIN" --gradcheck -c net.json --init-weights no-such.bin -q 2> err.txt
[ $? = 2 ] && grep -q '^mlptrain: no-such.bin: cannot read' err.txt && ok \
    || bad "--gradcheck -c --init-weights reads the file: $(cat err.txt)"
"$MLPTRAIN" --check -c net.json -e 200 -l 0.5 -b 2 -s 3 > out.txt 2> err.txt \
    && [ "$(cat out.txt)" = "check: no problems found" ] && ok || bad "--check with training options: $(cat err.txt)"
rm -f out.txt err.txt
# mlpplot: --resolution is the surface's grid, as --range is its range.
"$MLPTRAIN" -q -c net.json -w net.bin -o net.csv || bad "training net.json"
for kind in "loss net.csv" "units net.bin data/xor.csv"; do
    # shellcheck disable=SC2086
    expect "mlpplot ${kind%% *} --resolution" 2 "mlpplot: --resolution is for surface only; try 'mlpplot --help'" \
        "$MLPPLOT" $kind --resolution 50 -o a.png
done

# --quiet hides --check's warnings as it hides a run's (docs/diagnostics.md);
# the errors are still printed.
cd "$ROOT/tests/fixtures/preflight" || exit 1
out=$("$MLPTRAIN" --check -q -c sigmoid_mse.json 2>&1)
[ $? = 0 ] && [ -z "$out" ] && ok || bad "--check -q printed a warning: $out"
out=$("$MLPTRAIN" --check -q --format json -c sigmoid_mse.json 2>&1)
[ "$out" = '{"errors": 0, "warnings": 0, "findings": []}' ] && ok || bad "--check -q json: $out"
out=$("$MLPTRAIN" --check -c sigmoid_mse.json 2>&1)
[ "$(echo "$out" | tail -1)" = "check: 0 errors, 1 warning" ] && ok || bad "--check without -q: $out"
out=$("$MLPTRAIN" --check -q -c target_range.json 2>&1)
[ $? = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q '^mlptrain: regress_5.csv:8:8: error: target 5' \
    && ok || bad "--check -q error: $out"
cd "$WORK" || exit 1

# --------------------------------------------------------------------------
# 3. An empty file name is refused up front, naming the option or operand
#    (it was "cannot write: No such file or directory", naming nothing).

"$MLPTRAIN" -q -c net.json -w net.bin -o net.csv || bad "training net.json"
for opt in "-w:--weights:--weights model.weights.bin" "-o:--loss-log:--loss-log model.loss.csv" \
           "--trace:--trace:--trace trace.json" "-c:--config:--config configs/xor.json" \
           "--init-weights:--init-weights:--init-weights model.weights.bin"; do
    IFS=: read -r flag name example <<< "$opt"
    expect "mlptrain $flag ''" 2 "mlptrain: $name needs a file name, not an empty string; for example $example" \
        "$MLPTRAIN" -e 1 -q "$flag" ""
done
P="mlppredict xor.weights.bin data/xor.csv"
expect "mlppredict empty input" 2 "mlppredict: INPUT.csv needs a file name, not an empty string; for example $P" \
    "$MLPPREDICT" net.bin ""
expect "mlppredict empty weights" 2 "mlppredict: WEIGHTS needs a file name, not an empty string; for example $P" \
    "$MLPPREDICT" "" data/xor.csv
expect "mlppredict --info ''" 2 "mlppredict: WEIGHTS needs a file name, not an empty string; for example $P" \
    "$MLPPREDICT" --info ""
expect "mlppredict -o ''" 2 "mlppredict: --output needs a file name, not an empty string; for example --output predictions.csv" \
    "$MLPPREDICT" net.bin data/xor.csv -o ""
expect "mlppredict --export ''" 2 "mlppredict: --export needs a file name, not an empty string; for example --export model.npz" \
    "$MLPPREDICT" --export "" net.bin
expect "mlpplot loss ''" 2 "mlpplot: LOSS.csv needs a file name, not an empty string; for example mlpplot loss xor.loss.csv" \
    "$MLPPLOT" loss ""
expect "mlpplot surface '' DATA" 2 "mlpplot: WEIGHTS needs a file name, not an empty string; for example mlpplot surface xor.weights.bin data/xor.csv" \
    "$MLPPLOT" surface "" data/xor.csv
expect "mlpplot surface WEIGHTS ''" 2 "mlpplot: DATA.csv needs a file name, not an empty string; for example mlpplot surface xor.weights.bin data/xor.csv" \
    "$MLPPLOT" surface net.bin ""
expect "mlpplot -o ''" 2 "mlpplot: --output needs a file name, not an empty string; for example --output picture.png" \
    "$MLPPLOT" loss net.csv -o ""

# --------------------------------------------------------------------------
# 5. What the help and the docs say is what happens.

# A run continued with --init-weights records the seed its initial weights
# came from, the file's, not --seed's (which drew only the mini-batches'
# order); none known: "not recorded" (0 was also what -s 0 records).
seed_of() { "$MLPPREDICT" --info "$1" | sed -n 's/^  seed  *//p'; }
"$MLPTRAIN" -q -e 3 -s 7 -w a.bin -o a.csv && "$MLPTRAIN" -q -e 3 -s 5 -b 2 --init-weights a.bin -w b.bin -o b.csv \
    && [ "$(seed_of a.bin)" = 7 ] && [ "$(seed_of b.bin)" = 7 ] && ok \
    || bad "continued run's seed: $(seed_of a.bin), $(seed_of b.bin)"
"$MLPPREDICT" --export a.npz a.bin && "$MLPTRAIN" -q -e 3 -s 5 -b 2 --init-weights a.npz -w c.bin -o c.csv \
    && [ "$(seed_of c.bin)" = "not recorded" ] && ok || bad "run continued from an .npz records seed $(seed_of c.bin)"
rm -f a.* b.* c.*

# The default thread count reads GOTO_NUM_THREADS and OMP_NUM_THREADS too,
# as --help says (the provenance records the count).
threads_of() { "$MLPPREDICT" --info "$1" | sed -n 's/^  threads  *//p'; }
for v in GOTO_NUM_THREADS OMP_NUM_THREADS; do
    env -u OPENBLAS_NUM_THREADS -u GOTO_NUM_THREADS -u OMP_NUM_THREADS "$v=1" \
        "$MLPTRAIN" -q -e 2 -w t.bin -o t.csv && [ "$(threads_of t.bin)" = 1 ] && ok \
        || bad "$v=1 gave $(threads_of t.bin) threads"
    grep -q "$v" <<< "$("$MLPTRAIN" --help)" && ok || bad "mlptrain --help does not name $v"
done
rm -f t.bin t.csv

# One rule for --epochs and "epochs": 1 to 2^53.
"$MLPTRAIN" --check -e 9007199254740992 > out.txt 2> err.txt && ok || bad "--epochs 2^53: $(cat err.txt)"
sed 's/"epochs": 5/"epochs": 9007199254740992/' net.json > big.json
"$MLPTRAIN" --check -c big.json > out.txt 2> err.txt && ok || bad "\"epochs\": 2^53: $(cat err.txt)"
rm -f big.json out.txt err.txt
expect "--epochs past 2^53" 2 'mlptrain: --epochs needs a whole number from 1 to 9007199254740992, not "9007199254740993"; for example --epochs 500' \
    "$MLPTRAIN" --check -e 9007199254740993
# Written with a fraction or an exponent, as the spec may write it: 2^53 is
# taken (it was refused: the check was below 2^53), and 2^53 + 1, which
# rounds to 2^53 as a double, is still refused.
for v in 9007199254740992.0 9.007199254740992e15; do
    "$MLPTRAIN" --check -e "$v" > out.txt 2> err.txt && ok || bad "--epochs $v: $(cat err.txt)"
done
rm -f out.txt err.txt
expect "--epochs 2^53 + 1 with a fraction" 2 'mlptrain: --epochs needs a whole number from 1 to 9007199254740992, not "9007199254740993.0"; for example --epochs 500' \
    "$MLPTRAIN" --check -e 9007199254740993.0
# One rule for --learning-rate and "learning_rate": any finite number above
# 0, a subnormal one included; one that underflows to 0 is refused by both.
"$MLPTRAIN" -q -e 2 -l 1e-320 -w t.bin -o t.csv 2> err.txt && ok || bad "--learning-rate 1e-320: $(cat err.txt)"
sed 's/"epochs": 5/"epochs": 2, "learning_rate": 1e-320/' net.json > tiny.json
"$MLPTRAIN" -q -c tiny.json -w t.bin -o t.csv 2> err.txt && ok || bad "\"learning_rate\": 1e-320: $(cat err.txt)"
rm -f t.bin t.csv err.txt tiny.json
expect "--learning-rate 1e-400" 2 'mlptrain: --learning-rate needs a finite number greater than 0, not "1e-400"; for example --learning-rate 0.1' \
    "$MLPTRAIN" -q -e 2 -l 1e-400

finish
