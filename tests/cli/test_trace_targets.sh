#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The formula of step T in mlptrain --trace says what T holds in the run
# (docs/trace.md): the targets as read for a regression, one-hot target
# columns as read, a label column one-hot, or as 0/1 for one sigmoid unit.
# It said "class labels one-hot" of every run.
# Usage: test_trace_targets.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" trace_targets "$@"
printf 'x,y,cat,dog,label\n0,0.5,1,0,no\n1,1.5,0,1,yes\n2,2.5,0,1,yes\n-1,-0.5,1,0,no\n' > d.csv
# t_formula NAME LAYERS ACTIVATION LOSS TARGETS WANT: trains 1 epoch with
# --trace and compares T's formula.
t_formula() {
    printf '{"layers": [1, %s], "activations": ["%s"], "loss": "%s", "epochs": 1, "data": {"train": "d.csv", "features": ["x"], "targets": %s}}\n' \
        "$2" "$3" "$4" "$5" > "$1.json"
    if ! "$MLPTRAIN" -q -c "$1.json" -w "$1.bin" -o /dev/null --trace "$1.trace.json" 2> err.txt; then
        bad "$1: $(cat err.txt)"
        return
    fi
    got=$(/usr/bin/python3 -c 'import json, sys; print([s["formula"] for s in json.load(open(sys.argv[1]))["steps"] if s["name"] == "T"][0])' "$1.trace.json")
    [ "$got" = "$6" ] && ok || bad "$1: T is \"$got\", want \"$6\""
}
t_formula regression 1 linear mse '["y"]' 'T: the targets (N, K): the target columns as read'
t_formula onehot 2 softmax cross_entropy '["cat", "dog"]' 'T: the targets (N, K): the one-hot target columns as read'
t_formula labels 2 softmax cross_entropy '["label"]' 'T: the targets (N, K): the class labels one-hot, in label order'
t_formula sigmoid 1 sigmoid binary_cross_entropy '["label"]' 'T: the targets (N, 1): the class labels as 0/1, 1 for the second label'
finish
