#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlppredict --info writes each name as messages do, with the bytes that must
# not reach a terminal raw as \xNN (an ESC in a header name, or a newline in
# an .npz's, went to the terminal raw), and the normalisation statistics as
# the shortest text
# that reads back the same, as the loss log writes numbers (they were
# "%.17g": std 0.53011339974956451 for 0.5301133997495645).
. "$(dirname "$0")/lib.sh" info_text "$@"
printf 'x\0331,x2,y\n0,0,0\n0,1,1\n1,1,1\n1,1,0\n' > nl.csv
printf '{"layers": [2, 2, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 3, "data": {"train": "nl.csv", "normalize": "standard"}}\n' > nl.json
"$MLPTRAIN" -q -c nl.json -w nl.bin -o nl.csv.log || bad "training"
"$MLPPREDICT" --info nl.bin > info.txt || bad "--info"
grep -qxF 'features        2, matched by name: "x\x1b1", "x2"' info.txt && ok \
    || bad "the names line: $(grep features info.txt)"
# x2 is 0, 1, 1, 1: mean 0.75, std sqrt(0.1875), whose shortest text Python's
# repr gives (17 digits: 0.43301270189221930).
std=$(python3 -c 'import math; print(repr(math.sqrt(0.1875)))')
grep -qxF '  "x\x1b1": mean 0.5, std 0.5' info.txt && grep -qxF "  \"x2\": mean 0.75, std $std" info.txt \
    && ok || bad "the statistics, want std $std: $(grep mean info.txt)"
! grep -q "$(printf '\033')" info.txt && ok || bad "an ESC reached the output"
finish
