#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Outputs: an output that is an input, or another output, under any
# spelling (./x, a symbolic or hard link) is refused before training with
# one line and exit 2, nothing touched; the weights and the loss log of a
# run are committed together (a failing log leaves the old weights), and no
# temporary file is left behind.
# Usage: test_outputs.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" outputs "$@"
# The files live in run/; the captured stdout and stderr beside it, in the work folder.
mkdir run && cd run || exit 1
cp "$ROOT/data/xor.csv" .

snapshot() { find . -type f -printf '%p ' -exec md5sum {} \; | sort; }

# refused NAME EXPECTED-STDERR -- COMMAND...: exit 2, that one line, an empty
# stdout, every file unchanged.
refused() {
    local name=$1 want_err=$2
    shift 3
    local before after status
    before=$(snapshot)
    "$@" > ../stdout.txt 2> ../stderr.txt
    status=$?
    after=$(snapshot)
    if ! error_is "$name" 2 "$want_err" "$status" "$(cat ../stderr.txt)"; then
        :
    elif [ -s ../stdout.txt ]; then
        bad "$name: stdout is not empty"
    elif [ "$after" != "$before" ]; then
        bad "$name: files changed: $(diff <(echo "$before") <(echo "$after"))"
    else
        ok
    fi
}

printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","epochs":20,"data":{"train":"xor.csv","validation":"val.csv"}}\n' > s.json
cp xor.csv val.csv
"$MLPTRAIN" -q -c s.json -w w.bin -o l.csv && ok || bad "training s.json"
ln -s w.bin link.bin
ln xor.csv hard.csv
mkdir out
ln -s out/x.bin dangling # out/x.bin does not exist
ln -s dangling dangling2

# --------------------------------------------------------------------------
# mlptrain: an output that is an input.

refused "weights over the training data" \
    'mlptrain: xor.csv: the weights would overwrite the training data (xor.csv); give --weights another path' \
    -- "$MLPTRAIN" -q -c s.json -w xor.csv -o l2.csv
refused "weights over the training data, hard link" \
    'mlptrain: hard.csv: the weights would overwrite the training data (xor.csv); give --weights another path' \
    -- "$MLPTRAIN" -q -c s.json -w hard.csv -o l2.csv
refused "loss log over the spec" \
    'mlptrain: ./s.json: the loss log would overwrite the spec (s.json); give --loss-log another path' \
    -- "$MLPTRAIN" -q -c s.json -w w2.bin -o ./s.json
refused "loss log over the validation data" \
    'mlptrain: val.csv: the loss log would overwrite the validation data (val.csv); give --loss-log another path' \
    -- "$MLPTRAIN" -q -c s.json -w w2.bin -o val.csv
refused "trace over the training data" \
    'mlptrain: ../run/xor.csv: the trace would overwrite the training data (xor.csv); give --trace another path' \
    -- "$MLPTRAIN" -q -c s.json -w w2.bin -o l2.csv --trace ../run/xor.csv
refused "weights over the initial weights, through a link" \
    'mlptrain: link.bin: the weights would overwrite the initial weights (w.bin); give --weights another path' \
    -- "$MLPTRAIN" -q -c s.json --init-weights w.bin -w link.bin -o l2.csv

# --------------------------------------------------------------------------
# mlptrain: two outputs that are one file.

refused "weights and loss log, two spellings" \
    'mlptrain: same: the weights and the loss log would be written to the same file; give --weights and --loss-log different paths' \
    -- "$MLPTRAIN" -q -c s.json -w same -o ./same
refused "weights and loss log, a link to an existing file" \
    'mlptrain: w.bin: the weights and the loss log would be written to the same file; give --weights and --loss-log different paths' \
    -- "$MLPTRAIN" -q -c s.json -w w.bin -o link.bin
refused "weights and trace" \
    'mlptrain: t.bin: the weights and the trace would be written to the same file; give --weights and --trace different paths' \
    -- "$MLPTRAIN" -q -c s.json -w t.bin -o l2.csv --trace ./t.bin
refused "loss log and trace" \
    'mlptrain: l2.csv: the loss log and the trace would be written to the same file; give --loss-log and --trace different paths' \
    -- "$MLPTRAIN" -q -c s.json -w w2.bin -o l2.csv --trace l2.csv

refused "weights through a dangling link and the loss log it leads to" \
    'mlptrain: dangling: the weights and the loss log would be written to the same file; give --weights and --loss-log different paths' \
    -- "$MLPTRAIN" -q -c s.json -w dangling -o out/x.bin
refused "weights and loss log through two dangling links to one file" \
    'mlptrain: dangling: the weights and the loss log would be written to the same file; give --weights and --loss-log different paths' \
    -- "$MLPTRAIN" -q -c s.json -w dangling -o dangling2

# /dev/null takes both outputs (a device written straight through, never
# replaced): the run trains and discards them.
"$MLPTRAIN" -q -c s.json -w /dev/null -o /dev/null > ../stdout.txt 2> ../stderr.txt \
    && [ ! -s ../stderr.txt ] && ok || bad "-w /dev/null -o /dev/null: $(cat ../stderr.txt)"

# --------------------------------------------------------------------------
# A CSV trace (--trace DIR --trace-format csv) writes index.csv and a file
# per array into DIR: each is checked against the inputs and the outputs.
mkdir td
cp xor.csv td/index.csv
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","epochs":5,"data":{"train":"td/index.csv"}}\n' > td.json
refused "CSV trace over the training data" \
    'mlptrain: td/index.csv: the trace would overwrite the training data (td/index.csv); give --trace another path' \
    -- "$MLPTRAIN" -q -c td.json -w w2.bin -o l2.csv --trace td --trace-format csv
refused "weights into the CSV trace's index, the folder not there yet" \
    'mlptrain: tdir/index.csv: the weights and the trace would be written to the same file; give --weights and --trace different paths' \
    -- "$MLPTRAIN" -q -c s.json -w tdir/index.csv -o l2.csv --trace tdir --trace-format csv
refused "loss log onto a CSV trace's array file" \
    'mlptrain: td/07_Z1.csv: the loss log and the trace would be written to the same file; give --loss-log and --trace different paths' \
    -- "$MLPTRAIN" -q -c s.json -w w2.bin -o td/07_Z1.csv --trace ./td --trace-format csv

# --------------------------------------------------------------------------
# mlppredict: the predictions never replace the model or the input.

refused "predictions over the model" \
    'mlppredict: w.bin: the predictions would overwrite the model (w.bin); give --output another path' \
    -- "$MLPPREDICT" w.bin xor.csv -o w.bin
refused "predictions over the model, through a link" \
    'mlppredict: link.bin: the predictions would overwrite the model (w.bin); give --output another path' \
    -- "$MLPPREDICT" w.bin xor.csv -o link.bin
refused "predictions over the input" \
    'mlppredict: ./xor.csv: the predictions would overwrite the input (xor.csv); give --output another path' \
    -- "$MLPPREDICT" w.bin xor.csv -o ./xor.csv
refused "grid over the model" \
    'mlppredict: w.bin: the predictions would overwrite the model (w.bin); give --output another path' \
    -- "$MLPPREDICT" w.bin --grid 0:1:2,0:1:2 -o w.bin

# --------------------------------------------------------------------------
# In step: a loss log that cannot be written leaves the old weights, and no
# temporary file; a run leaves exactly its two files.

if [ -w /dev/full ]; then
    printf 'old weights' > old.bin
    "$MLPTRAIN" -q -c s.json -w old.bin -o /dev/full 2> full.err
    status=$?
    [ "$status" = 2 ] && [ "$(cat old.bin)" = "old weights" ] && ok \
        || bad "/dev/full as loss log: status $status, weights $(head -c 20 old.bin)"
    [ "$(cat full.err)" = 'mlptrain: /dev/full: cannot write: No space left on device; free some disk space and try again' ] \
        && ok || bad "/dev/full message: $(cat full.err)"
fi
[ -z "$(find . -name '.*.tmp.*')" ] && ok || bad "temporary files left: $(find . -name '.*.tmp.*')"
mkdir fresh
"$MLPTRAIN" -q -c s.json -w fresh/w.bin -o fresh/l.csv && [ "$(ls -A fresh | tr '\n' ' ')" = "l.csv w.bin " ] \
    && ok || bad "a run left: $(ls -A fresh)"

finish
