#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What mlptrain holds at its peak (docs/performance.md, "mlptrain's peak
# memory on a big file"): the training file's table, the data set made from
# it, for a file of 64 MB or less the file's text (the columns of the
# pre-flight check's messages), and the check's duplicate search, 32 bytes
# a row; with a "validation_split", one more copy of the rows (the split's
# training and held-out rows beside every row's), no more. The peak
# resident set of a run (ru_maxrss, taken by a wrapper), less that of the
# same run on a 50-row file, against those sizes worked out from the file's
# shape, plus a margin for the allocator. Before, a split held a third copy
# of the rows (the 200,000 x 20 file's split runs were 35 MiB over), and the
# duplicate search took 64 bytes a row (the 1,000,000 x 1 file's check
# 18 MiB over).
# Usage: test_peak_memory.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" peak_memory "$@"

# A sanitizer build's memory is its runtime's (shadow, redzones, a
# quarantine of freed blocks); it cannot start under ulimit -v.
if ! (ulimit -v 400000 && "$MLPTRAIN" --version >/dev/null 2>&1) 2>/dev/null; then
    echo "skipped: a sanitizer build's peak is not the program's"
    ok
    finish
fi

# The peak RSS (KiB) of the command after the file name, into that file.
cat > peak.py <<'PY'
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL)
with open(sys.argv[1], "w") as f:
    f.write(f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\n")
sys.exit(rc)
PY

# data NAME ROWS FEATURES CLASSES: NAME.csv of distinct rows, their class
# i % CLASSES, and its specs NAME.json, NAME.split.json (a fifth held out).
data() {
    awk -v n="$2" -v f="$3" -v k="$4" 'BEGIN {
        srand(7); printf "x0"; for (j = 1; j < f; j++) printf ",x%d", j; print ",y"
        for (i = 0; i < n; i++) {
            printf "%.7f", i / n; for (j = 1; j < f; j++) printf ",%.5f", rand() - 0.5
            print "," i % k
        }
    }' > "$1.csv"
    local split
    for split in "" ', "validation_split": 0.2'; do
        cat > "$1${split:+.split}.json" <<JSON
{"layers": [$3, 8, $4], "activations": ["relu", "softmax"], "loss": "cross_entropy",
 "epochs": 1, "seed": 1, "data": {"train": "$1.csv", "targets": ["y"]$split}}
JSON
    done
}

# expect NAME ROWS FEATURES CLASSES COPIES MARGIN ARGS...: the peak of
# mlptrain ARGS (SET in them names the file) on NAME's file, over the peak on
# a 50-row file of its shape, is at most its text, its table (every column,
# and each row's line), COPIES data sets (features, one-hot targets, the
# line), the duplicate search's 32 bytes a row (a key, and the sort's
# scratch) and MARGIN MiB.
expect() {
    local name=$1 rows=$2 f=$3 k=$4 copies=$5 margin=$(($6 << 10)) set
    shift 6
    [ -f "$name.csv" ] || data "$name" "$rows" "$f" "$k"
    [ -f "small$f.csv" ] || data "small$f" 50 "$f" "$k"
    for set in "$name" "small$f"; do
        /usr/bin/python3 peak.py "$set.peak" "$MLPTRAIN" --threads 1 "${@//SET/$set}" \
            -w w.bin -o l.csv -q || bad "$name: mlptrain $* on $set failed"
    done
    local over=$(($(cat "$name.peak") - $(cat "small$f.peak")))
    local text=$(($(stat -c %s "$name.csv") / 1024))
    local fixed=$((text + rows * ((f + 1) * 8 + 8 + copies * ((f + k) * 8 + 8)) / 1024))
    local want=$((fixed + rows * 32 / 1024 + margin))
    echo "$name $*: $over KiB over the small file's, bound $want KiB"
    # A measure that missed the data (a wrapper that saw no child) passes nothing.
    [ "$over" -gt $((fixed - margin)) ] \
        || bad "$name $*: $over KiB over the small file's, less than its text, table and data"
    [ "$over" -le "$want" ] && ok || bad "$name $*: $over KiB over the small file's, over $want KiB"
}
[ "$((200000 * 200 / 1024))" -lt $((64 << 10)) ] || bad "wide.csv would be over 64 MB"
expect wide 200000 20 10 1 4 -c SET.json --check
expect wide 200000 20 10 1 4 -c SET.json
expect wide 200000 20 10 2 4 -c SET.split.json --check
expect wide 200000 20 10 2 4 -c SET.split.json
expect narrow 1000000 1 2 1 8 -c SET.json --check
finish
