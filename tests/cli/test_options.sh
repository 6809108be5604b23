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
# A spec from standard input has no default names to check (only training
# needs them: test_pipes.sh).
"$MLPTRAIN" --check -c - < net.json > out.txt 2> err.txt && [ ! -s err.txt ] && ok \
    || bad "--check -c -: $(cat err.txt)"
rm -f out.txt err.txt

finish
